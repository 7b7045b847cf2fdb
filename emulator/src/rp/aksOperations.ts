import { ArmError } from "../http/armError.js";
import type { ArmResponse, Route, RouteContext } from "../http/router.js";
import type { OperationOutcome, OperationRecord } from "../state/operations.js";
import type { EmulatorState } from "../state/state.js";

const ns = "Microsoft.ContainerService";
/**
 * The api-versions of ContainerService operation monitors, as recorded: 2016-03-30 in the Azure
 * CLI's 2022 traffic, 2025-03-01 in Az.Aks 7.0.0's traffic at 2025-08-01 (issue 11).
 */
export const aksMonitorApiVersions = ["2025-03-01", "2016-03-30"] as const;

/**
 * The first api-version whose trusted access binding PUT and DELETE are LROs.
 * Guess: the recorded 2022-11-02-preview answers at once; 2024-05-01 (the Go SDK's
 * `RoleBindingsCreateOrUpdateThenPoll`) and 2025-08-01 (recorded, issue 11) are LROs. The exact
 * version in between where it changed is not known; 2024-01-01 is taken.
 */
const firstLroVersion = "2024-01-01";

/** Whether a ContainerService api-version has the newer LRO behaviour (binding PUT/DELETE). */
export function isLroApiVersion(apiVersion: string): boolean {
  return apiVersion.slice(0, 10) >= firstLroVersion;
}

/** The api-version an operation monitor URL carries for a request at `apiVersion` (as recorded per era). */
export function monitorApiVersion(apiVersion: string): string {
  return isLroApiVersion(apiVersion) ? "2025-03-01" : "2016-03-30";
}

interface AksOperation {
  subscriptionId: string;
  location: string;
}

const registry = new WeakMap<EmulatorState, Map<string, AksOperation>>();

function operationsOf(state: EmulatorState): Map<string, AksOperation> {
  let m = registry.get(state);
  if (!m) {
    m = new Map();
    registry.set(state, m);
  }
  return m;
}

/**
 * The operation name AKS reports in a monitor body: the header's GUID with its first three
 * groups byte-swapped (.NET's `Guid.ToByteArray` order), as recorded
 * (`fa2e23fc-baba-4a09-...` is reported as `fc232efa-baba-094a-...`).
 */
export function swappedGuid(guid: string): string {
  const parts = guid.split("-");
  if (parts.length !== 5) return guid;
  const swap = (hex: string): string => hex.match(/../g)!.reverse().join("");
  return [swap(parts[0]!), swap(parts[1]!), swap(parts[2]!), parts[3]!, parts[4]!].join("-");
}

/** Starts a ContainerService operation in a region; its monitors answer under `locations/{location}`. */
export function startAksOperation(state: EmulatorState, subscriptionId: string, location: string, durationSec: number, complete: () => OperationOutcome): OperationRecord {
  const op = state.operations.start(durationSec, complete, { runningStatus: "InProgress" });
  operationsOf(state).set(op.id.toLowerCase(), { subscriptionId, location });
  return op;
}

/** `Azure-AsyncOperation` (and, for deletes, `Location`) headers of a ContainerService LRO. */
export function aksLroHeaders(ctx: RouteContext, subscriptionId: string, location: string, op: OperationRecord, withLocation: boolean): Record<string, string> {
  const base = `${ctx.baseUrl}/subscriptions/${subscriptionId}/providers/${ns}/locations/${location}`;
  const v = monitorApiVersion(ctx.apiVersion);
  return {
    "Azure-AsyncOperation": `${base}/operations/${op.id}?api-version=${v}`,
    ...(withLocation ? { Location: `${base}/operationresults/${op.id}?api-version=${v}` } : {}),
  };
}

function find(state: EmulatorState, ctx: RouteContext): OperationRecord {
  const id = ctx.params["operationId"]!;
  const known = operationsOf(state).get(id.toLowerCase());
  const op = state.operations.get(id);
  if (!op || !known || known.location.toLowerCase() !== ctx.params["location"]!.toLowerCase()) {
    // Guess: AKS's answer for an unknown operation id is not recorded.
    throw new ArmError(404, "NotFound", `Operation ${id} was not found.`);
  }
  return op;
}

/** As recorded: `{name, status, startTime}` while running, plus `endTime` (and `error` when failed) once done. */
function monitor(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const op = find(state, ctx);
  const body: Record<string, unknown> = {
    name: swappedGuid(op.id),
    status: state.operations.reportedStatus(op),
    startTime: new Date(op.startTime).toISOString(),
  };
  if (op.endTime !== undefined) body["endTime"] = new Date(op.endTime).toISOString();
  if (op.status === "Failed" && op.error) body["error"] = op.error;
  return { status: 200, body };
}

/**
 * The `Location` of a delete: 202 while running, then 204.
 * Guess: no recording follows AKS's `operationresults`; ARM's usual delete result shape is used.
 */
function result(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const op = find(state, ctx);
  if (op.status === "InProgress") return { status: 202, headers: { Location: `${ctx.baseUrl}${ctx.path}?api-version=${ctx.apiVersion}` } };
  if (op.status === "Failed" && op.error) throw new ArmError(400, op.error.code, op.error.message);
  return { status: 204 };
}

/** Routes of the ContainerService operation monitors (`operations`) and results (`operationresults`). */
export function aksOperationRoutes(state: EmulatorState): Route[] {
  const base = { apiVersions: aksMonitorApiVersions, namespace: ns, method: "GET" } as const;
  const prefix = `/subscriptions/{subscriptionId}/providers/${ns}/locations/{location}`;
  return [
    { ...base, template: `${prefix}/operations/{operationId}`, handler: (ctx) => monitor(state, ctx) },
    { ...base, template: `${prefix}/operationresults/{operationId}`, handler: (ctx) => result(state, ctx) },
  ];
}

import { ArmError } from "../../http/armError.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { OperationRecord } from "../../state/operations.js";
import type { DataProtectionOperationRecord } from "../../state/records.js";
import { retryAfterHeaders } from "../../http/retryAfter.js";
import type { EmulatorState } from "../../state/state.js";
import { ns, retryAfter, routeBase, vaultTemplate } from "./common.js";
import { vaultBodyAt } from "./vaultProperties.js";

/** .NET's `DateTime.MinValue`, which the service reports as `endTime` while an operation runs. */
const runningEndTime = "0001-01-01T00:00:00Z";
const subscriptionBase = "/subscriptions/{subscriptionId}/providers/Microsoft.DataProtection";
const groupBase = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DataProtection";

function find(state: EmulatorState, ctx: RouteContext): { op: OperationRecord; dpp: DataProtectionOperationRecord } {
  const opId = ctx.params["operationId"]!;
  const op = state.operations.get(opId);
  const dpp = state.dataProtectionOperations.get(opId.toLowerCase());
  // Guess: the service's answer for an unknown operation id is not recorded.
  if (!op || !dpp) throw new ArmError(404, "ResourceNotFound", `The operation '${opId}' was not found.`);
  return { op, dpp };
}

/** `OperationResource`, as recorded: `{id, name, status, startTime, endTime}` plus properties or error when done. */
function monitor(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const { op } = find(state, ctx);
  const body: Record<string, unknown> = {
    id: ctx.path,
    name: op.id,
    status: state.operations.reportedStatus(op),
    startTime: new Date(op.startTime).toISOString(),
    endTime: op.endTime === undefined ? runningEndTime : new Date(op.endTime).toISOString(),
  };
  if (op.status === "Succeeded" && op.properties) body["properties"] = op.properties;
  if (op.status === "Failed" && op.error) body["error"] = op.error;
  return { status: 200, body, headers: op.status === "InProgress" ? retryAfter(state, op, 30) : {} };
}

function locationStatusUrl(ctx: RouteContext, dpp: DataProtectionOperationRecord): string {
  const sub = dpp.vaultId.split("/")[2]!;
  return `${ctx.baseUrl}/subscriptions/${sub}/providers/${ns}/locations/${dpp.location}/operationStatus/${dpp.id}?api-version=${ctx.apiVersion}`;
}

/**
 * The final `Location` GET: 202 (with monitor headers) while running; when done, 200 with what
 * the operation produced: `OperationJobExtendedInfo`, or the vault or backup instance.
 */
function result(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const { op, dpp } = find(state, ctx);
  // As recorded (Az.DataProtection, issue 11): the final 200 still carries `Retry-After: 30`.
  const headers = { "Azure-AsyncOperation": locationStatusUrl(ctx, dpp), ...(op.status === "InProgress" ? {} : retryAfterHeaders(state.clock, 30)) };
  if (op.status === "InProgress") {
    return { status: 202, headers: { ...headers, Location: `${ctx.baseUrl}${ctx.path}?api-version=${ctx.apiVersion}`, ...retryAfter(state, op, 30) } };
  }
  if (op.status === "Failed" && op.error) {
    // Guess: a failed operation's result answers with its error; clients stop at the monitor first.
    throw new ArmError(400, op.error.code, op.error.message, { additionalInfo: op.error.additionalInfo ?? null }, headers);
  }
  if (dpp.result.kind === "jobInfo") {
    const jobId = op.properties?.["jobId"];
    return { status: 200, headers, body: { ...(typeof jobId === "string" ? { jobId } : {}), objectType: "OperationJobExtendedInfo" } };
  }
  const record = dpp.result.kind === "vault" ? state.backupVaults.get(dpp.result.resourceId) : state.backupInstances.get(dpp.result.resourceId);
  if (!record) throw new ArmError(404, "ResourceNotFound", `The resource '${dpp.result.resourceId}' was not found.`);
  return { status: 200, headers, body: dpp.result.kind === "vault" ? vaultBodyAt(record.body, ctx.apiVersion) : record.body };
}

/** Routes of the DataProtection operation monitors and operation results (CONTRACTS 5.2). */
export function operationRoutes(state: EmulatorState): Route[] {
  const get = (template: string, handler: (s: EmulatorState, c: RouteContext) => ArmResponse): Route => ({
    ...routeBase, method: "GET", template, handler: (ctx) => handler(state, ctx),
  });
  return [
    get(`${vaultTemplate}/operationStatus/{operationId}`, monitor),
    get(`${subscriptionBase}/locations/{location}/operationStatus/{operationId}`, monitor),
    // As recorded for vault DELETE: a resource-group-scoped location monitor.
    get(`${groupBase}/locations/{location}/operationStatus/{operationId}`, monitor),
    get(`${groupBase}/operationStatus/{operationId}`, monitor),
    get(`${subscriptionBase}/locations/{location}/operationResults/{operationId}`, result),
    get(`${vaultTemplate}/operationResults/{operationId}`, result),
    get(`${vaultTemplate}/backupInstances/{backupInstanceName}/operationResults/{operationId}`, result),
  ];
}

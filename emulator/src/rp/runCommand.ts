import { ArmError } from "../http/armError.js";
import type { ArmResponse, Route, RouteContext } from "../http/router.js";
import type { OperationRecord } from "../state/operations.js";
import type { ClusterRecord } from "../state/records.js";
import type { EmulatorState } from "../state/state.js";
import { apiVersions } from "./apiVersions.js";
import { authorizationFailed, callerMayRead } from "./authorization.js";
import { listClusterObjects } from "./clusterObjects.js";
import { builtInNamespaces, runKubectl, type CommandOutcome, type NamespaceView } from "./runCommandKubectl.js";
import { parseGetConfigMap, runGetConfigMap, type ConfigMapView } from "./runCommandConfigMaps.js";

/**
 * AKS run command (`az aks command invoke`), as the spec gives `ManagedClusters_RunCommand` and
 * `ManagedClusters_GetCommandResult` (examples RunCommandRequest.json, RunCommandResultSucceed.json,
 * RunCommandResultFailed.json, 2025-10-01):
 * - `POST .../managedClusters/{name}/runCommand` with `{ command, context?, clusterToken? }`
 *   answers 202 with a `Location` on `.../commandResults/{commandId}` and no body (the spec: "you
 *   never get 200 from this api"). No `Retry-After`: the examples show none.
 * - `GET .../commandResults/{commandId}` answers 202 with the same `Location` and no body while
 *   the command runs, then 200 `{ id, properties: { provisioningState, exitCode, startedAt,
 *   finishedAt, logs } }`.
 * The command runs for `durations.runCommand` simulated seconds (0 in the instant profile: done
 * at the first poll) and reads the cluster's namespaces when it ends (see runCommandKubectl.ts).
 * Guess: available at every ContainerService api-version the emulator accepts (the operation
 * exists since 2021).
 * The caller needs `Microsoft.ContainerService/managedClusters/runCommand/action`; ARM checks it
 * before AKS sees the request (so before the 404 of a missing cluster). Guess: a caller that
 * cannot read the cluster (`ArmEmulator.setCallerCanRead`) holds no role there and is refused
 * with 403 `AuthorizationFailed`; one that can read is taken to hold a role with the action
 * (the emulator models no finer RBAC). Reading a result is a GET, refused as every read is.
 */

/** The RBAC action a run command needs. */
const runCommandAction = "Microsoft.ContainerService/managedClusters/runCommand/action";

interface CommandRecord {
  id: string;
  clusterId: string;
  op: OperationRecord;
  outcome?: CommandOutcome;
}

const registry = new WeakMap<EmulatorState, Map<string, CommandRecord>>();

function commandsOf(state: EmulatorState): Map<string, CommandRecord> {
  let m = registry.get(state);
  if (!m) {
    m = new Map();
    registry.set(state, m);
  }
  return m;
}

/**
 * AKS's bare error body (no `error` wrapper), as a run command refusal was reported
 * (Azure/AKS issue 4769: `{"code":"RunCommandBlockedByAzurePolicy","details":null,"message":...,"subcode":...}`).
 */
function aksError(status: number, code: string, message: string, subcode: string): ArmError {
  return new ArmError(status, code, message, {}, {}, { code, details: null, message, subcode });
}

/**
 * The error for a cluster with `apiServerAccessProfile.disableRunCommand: true`.
 * Guess: the code, subcode and wording are not documented or recorded; AKS's other run command
 * refusals are 400s in its bare shape (e.g. `RunCommandBlockedByAzurePolicy`).
 */
export function runCommandDisabled(clusterName: string): ArmError {
  return aksError(400, "RunCommandDisabled",
    `Run command is disabled for managed cluster '${clusterName}' (properties.apiServerAccessProfile.disableRunCommand is true). Enable it with 'az aks update --enable-run-command'.`,
    "RunCommandDisabled");
}

/** The request body: `command` is required; `context` (a base64 zip) and `clusterToken` are optional strings. */
function readRequest(body: unknown): { command: string } {
  // Guess: AKS's wording for a bad body is not recorded; its 400s use code InvalidParameter.
  const b = body as Record<string, unknown> | null | undefined;
  if (b === null || typeof b !== "object" || Array.isArray(b)) {
    throw aksError(400, "InvalidParameter", "The request body must be a RunCommandRequest object with a 'command'.", "InvalidRunCommandRequest");
  }
  if (typeof b["command"] !== "string" || b["command"].trim() === "") {
    throw aksError(400, "InvalidParameter", "The 'command' of the run command request must be a non-empty string.", "InvalidRunCommandRequest");
  }
  for (const key of ["context", "clusterToken"]) {
    if (b[key] !== undefined && b[key] !== null && typeof b[key] !== "string") {
      throw aksError(400, "InvalidParameter", `The '${key}' of the run command request must be a string.`, "InvalidRunCommandRequest");
    }
  }
  // Unknown keys are ignored, as the emulator's other bodies do (ARM RPs drop what they do not model).
  // Guess: `context` (attached files) and `clusterToken` (AAD clusters) change nothing here.
  return { command: b["command"] };
}

/** The cluster's namespaces: the built-in ones plus its namespace objects (namespaced objects imply theirs). */
function namespacesOf(state: EmulatorState, clusterId: string): NamespaceView[] {
  const seen = new Map<string, NamespaceView>(builtInNamespaces.map((name) => [name, { name, labels: {} }]));
  for (const o of listClusterObjects(state, clusterId)) {
    if (o.namespace === null && o.kind === "namespaces") seen.set(o.name, { name: o.name, labels: { ...o.labels } });
  }
  return [...seen.values()];
}

/** The cluster's ConfigMaps. */
function configMapsOf(state: EmulatorState, clusterId: string): ConfigMapView[] {
  return listClusterObjects(state, clusterId).flatMap((o) => (o.kind === "configmaps" && o.namespace !== null ? [{ namespace: o.namespace, name: o.name }] : []));
}

function resultUrl(ctx: RouteContext, c: ClusterRecord, commandId: string): string {
  // As in the spec examples: the cluster path with `resourcegroups`, and the request's api-version.
  return `${ctx.baseUrl}/subscriptions/${c.subscriptionId}/resourcegroups/${c.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${c.name}/commandResults/${commandId}?api-version=${ctx.apiVersion}`;
}

function start(state: EmulatorState, ctx: RouteContext, c: ClusterRecord): ArmResponse {
  if (c.disableRunCommand === true) throw runCommandDisabled(c.name);
  const { command } = readRequest(ctx.body);
  // AKS command ids are 32 lower-case hex digits (a GUID without dashes), as in the examples.
  const id = state.newId().replace(/-/g, "").toLowerCase();
  const commands = commandsOf(state);
  const op = state.operations.start(state.options.durations.runCommand, () => {
    const record = commands.get(id);
    if (!record) return;
    const getConfigMap = parseGetConfigMap(command);
    record.outcome = getConfigMap ? runGetConfigMap(getConfigMap, configMapsOf(state, c.id)) : runKubectl(command, namespacesOf(state, c.id));
  }, { id });
  commands.set(id, { id, clusterId: c.id, op });
  return { status: 202, headers: { Location: resultUrl(ctx, c, id) } };
}

/**
 * Guess: `provisioningState` is "Succeeded" as the Azure CLI compares it (`az aks command
 * invoke` prints logs only for "Succeeded"); the spec examples write it in lower case.
 */
function result(state: EmulatorState, ctx: RouteContext, c: ClusterRecord): ArmResponse {
  const commandId = ctx.params["commandId"]!;
  const record = commandsOf(state).get(commandId.toLowerCase());
  if (!record || record.clusterId.toLowerCase() !== c.id.toLowerCase()) {
    // Guess: AKS's answer for an unknown command id is not recorded.
    throw aksError(404, "NotFound", `Command ${commandId} was not found on managed cluster '${c.name}'.`, "CommandResultNotFound");
  }
  if (record.op.status === "InProgress" || !record.outcome) return { status: 202, headers: { Location: resultUrl(ctx, c, record.id) } };
  return {
    status: 200,
    body: {
      id: record.id,
      properties: {
        provisioningState: "Succeeded",
        exitCode: record.outcome.exitCode,
        startedAt: isoSeconds(record.op.startTime),
        finishedAt: isoSeconds(record.op.endTime ?? record.op.dueAt),
        logs: record.outcome.logs,
      },
    },
  };
}

/** `2021-02-17T00:28:33Z`, as the examples write times. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Routes of run command under a managed cluster template; `findCluster` answers 404 as the
 * other managed cluster routes do.
 */
export function runCommandRoutes(state: EmulatorState, clusterTemplate: string, findCluster: (ctx: RouteContext) => ClusterRecord): Route[] {
  const base = { apiVersions: apiVersions.containerService, namespace: "Microsoft.ContainerService" } as const;
  return [
    {
      ...base, method: "POST", template: `${clusterTemplate}/runCommand`,
      handler: (ctx) => {
        const scope = ctx.path.replace(/\/runCommand$/i, "");
        if (!callerMayRead(state, scope)) throw authorizationFailed(state, runCommandAction, scope);
        return start(state, ctx, findCluster(ctx));
      },
    },
    { ...base, method: "GET", template: `${clusterTemplate}/commandResults/{commandId}`, handler: (ctx) => result(state, ctx, findCluster(ctx)) },
  ];
}

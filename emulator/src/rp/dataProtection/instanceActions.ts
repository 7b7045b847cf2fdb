import { badRequest } from "../../http/armError.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { EmulatorState } from "../../state/state.js";
import { requireInstance } from "./backupInstances.js";
import type { BackupInstanceRecord } from "../../state/records.js";
import { accepted, dppUserError, instanceTemplate, isObject, requireVault, routeBase, startDppOperation, userError, vaultTemplate } from "./common.js";
import { aksTarget, checkNotProtectedElsewhere, normaliseInstance } from "./instanceBody.js";
import { checkNotBusy, protectionOf, recheck, setProtection, userProperties } from "./instanceState.js";
import { checkAksPrerequisites } from "./prerequisites.js";
import { ensureBackupSchedule } from "./schedule.js";
import { requireGuardApproval } from "./resourceGuards.js";

/** A protection action: the states it may start from and the state it leads to. */
interface Transition {
  from: readonly string[];
  to: string;
  /** Whether the AKS prerequisites are checked again (a failure leads to `ProtectionError`). */
  recheck: boolean;
}

/**
 * The protection state machine. From the recordings: stopProtection -> ProtectionStopped,
 * suspendBackups -> BackupsSuspended, resumeProtection (from either) -> ProtectionConfigured.
 * Guess: resumeBackups only from BackupsSuspended; sync ("retry last failed operation") from
 * ProtectionError or ConfiguringProtectionFailed, and a no-op from ProtectionConfigured.
 */
export const transitions: Readonly<Record<string, Transition>> = {
  stopProtection: { from: ["ProtectionConfigured", "BackupsSuspended", "ProtectionError"], to: "ProtectionStopped", recheck: false },
  suspendBackups: { from: ["ProtectionConfigured", "ProtectionError"], to: "BackupsSuspended", recheck: false },
  resumeProtection: { from: ["ProtectionStopped", "BackupsSuspended"], to: "ProtectionConfigured", recheck: true },
  resumeBackups: { from: ["BackupsSuspended"], to: "ProtectionConfigured", recheck: true },
  sync: { from: ["ProtectionConfigured", "ProtectionError", "ConfiguringProtectionFailed"], to: "ProtectionConfigured", recheck: true },
};

/**
 * Refuses to resume protection of a datasource that another backup instance protects, as recorded
 * (softdelete #29, after an undelete): 400 `UserErrorDppDatasourceAlreadyHasBackupInstance`.
 */
function checkNoOtherInstance(state: EmulatorState, bi: BackupInstanceRecord): void {
  const other = state.backupInstances.lookup("datasource", bi.datasourceId.toLowerCase()).find((o) => o !== bi);
  if (!other) return;
  const name = typeof other.body.properties["friendlyName"] === "string" ? other.body.properties["friendlyName"] : other.name;
  const status = protectionOf(other).current;
  throw dppUserError("UserErrorDppDatasourceAlreadyHasBackupInstance",
    `Datasource is already associated with the backup instance ${name} in the Backup vault ${other.vaultId} with the protection status as ${status}.`,
    [`Delete the backup instance ${name} from the Backup vault ${other.vaultId} to re-protect the datasource in any other vault`]);
}

/** The actions a resource guard protects, by their critical operation name (as the proxy lists them). */
const guardedActions: Readonly<Record<string, string>> = {
  stopProtection: "Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action",
  suspendBackups: "Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action",
};

function act(state: EmulatorState, ctx: RouteContext, action: string, t: Transition): ArmResponse {
  const bi = requireInstance(state, ctx);
  checkNotBusy(state, bi);
  const current = protectionOf(bi).current;
  // As recorded (softdelete #3): resuming a configured instance answers 200 at once, with no body and no LRO.
  if (action === "resumeProtection" && current === "ProtectionConfigured") return { status: 200 };
  if (!t.from.includes(current)) {
    // Guess: the service's code and wording for an action the current state does not allow.
    throw userError(400, "UserErrorInvalidOperationForCurrentState", `The operation '${action}' is not allowed while the backup instance '${bi.name}' is in state '${current}'.`, [
      `Run '${action}' only when the backup instance is in one of: ${t.from.join(", ")}.`,
    ]);
  }
  if (action === "sync" && isObject(ctx.body) && ctx.body["syncType"] !== undefined && !["Default", "ForceResync"].includes(ctx.body["syncType"] as string)) {
    throw badRequest("'syncType' must be Default or ForceResync.", "InvalidRequestContent", "syncType");
  }
  if (t.to === "ProtectionConfigured") checkNoOtherInstance(state, bi);
  const vault = requireVault(state, ctx);
  // stopProtection and suspendBackups are critical operations of a vault with a resource guard (StopProtectionRequest / SuspendBackupRequest).
  const guarded = guardedActions[action];
  if (guarded) requireGuardApproval(state, ctx, vault, guarded, isObject(ctx.body) ? ctx.body["resourceGuardOperationRequests"] ?? [] : []);
  const op = startDppOperation(state, vault, state.options.durations.backupInstanceAction, () => {
    bi.busyWith = undefined;
    if (state.backupInstances.get(bi.id) !== bi) return;
    if (t.recheck) recheck(state, bi, aksTarget(vault, userProperties(bi)), "ProtectionError");
    setProtection(bi, { current: t.to, provisioningState: "Succeeded" });
    if (t.to === "ProtectionConfigured") ensureBackupSchedule(state, bi);
  });
  bi.busyWith = op.id;
  // As recorded: 202, empty body, vault monitor and location result headers; the result is `{objectType}` without a job.
  return accepted(state, ctx, vault, op);
}

function validateForBackup(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = requireVault(state, ctx);
  const inner = isObject(ctx.body) ? ctx.body["backupInstance"] : undefined;
  if (!isObject(inner)) throw badRequest("The request body must be {\"backupInstance\": <BackupInstance>}.", "InvalidRequestContent", "backupInstance");
  const n = normaliseInstance(state, vault, inner);
  // As documented: an already-protected datasource is refused at once with 400.
  checkNotProtectedElsewhere(state, n.datasourceId);
  const op = startDppOperation(state, vault, state.options.durations.backupValidate, () => {
    const current = state.backupVaults.get(vault.id);
    if (n.aks && current) checkAksPrerequisites(state, current, n.aks);
  });
  // As recorded: 202 with both headers; the Location GET answers {"objectType":"OperationJobExtendedInfo"}.
  return accepted(state, ctx, vault, op);
}

/** Routes of backup instance actions (stop, suspend, resume, sync) and validateForBackup. */
export function actionRoutes(state: EmulatorState): Route[] {
  const actions: Route[] = Object.entries(transitions).map(([action, t]) => ({
    ...routeBase, method: "POST" as const, template: `${instanceTemplate}/${action}`, handler: (ctx: RouteContext) => act(state, ctx, action, t),
  }));
  // POST BI/backup is in backupRun.ts, BI/validateRestore and BI/restore in restore.ts.
  return [...actions, { ...routeBase, method: "POST", template: `${vaultTemplate}/validateForBackup`, handler: (ctx) => validateForBackup(state, ctx) }];
}


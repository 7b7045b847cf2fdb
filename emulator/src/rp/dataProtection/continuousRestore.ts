import type { ArmResponse, RouteContext } from "../../http/router.js";
import type { BackupInstanceRecord, BackupVaultRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { accepted, isObject, startDppOperation, userError, type Json } from "./common.js";
import { createJob, finishJob } from "./jobRecords.js";
import { durationSeconds } from "./recoveryPoints.js";

/**
 * Point-in-time restore of datasources the operational tier backs up continuously (blobs), as
 * recorded in `test_dataprotection_backup_instance_restore_blob` (api 2023-01-01):
 * `findRestorableTimeRanges` answers one range, and `validateRestore` / `restore` take an
 * `AzureBackupRecoveryTimeBasedRestoreRequest` for a time in it.
 * Guess: only blob backup instances are continuous here; the window opens when the instance was
 * made (or, for an instance the emulator did not make, at the start of its retention) and runs to
 * now, at most the policy's OperationalStore retention (default P30D) long.
 */
const continuousTypes = ["microsoft.storage/storageaccounts/blobservices"];
const day = 86_400;

const createdAt = new WeakMap<BackupInstanceRecord, number>();

/** Whether a backup instance is backed up continuously (restorable to any time in its window). */
export function isContinuous(bi: BackupInstanceRecord): boolean {
  const info = bi.body.properties["dataSourceInfo"];
  return isObject(info) && typeof info["datasourceType"] === "string" && continuousTypes.includes(info["datasourceType"].toLowerCase());
}

/** Records when a backup instance was made (the start of its continuous window). */
export function noteInstanceCreated(state: EmulatorState, bi: BackupInstanceRecord): void {
  createdAt.set(bi, state.clock.now());
}

function retentionSeconds(state: EmulatorState, bi: BackupInstanceRecord): number {
  const info = bi.body.properties["policyInfo"];
  const policy = isObject(info) ? state.backupPolicies.get(String(info["policyId"])) : undefined;
  const rules = (policy?.body.properties["policyRules"] as Json[] | undefined) ?? [];
  const retention = rules.find((r) => r["objectType"] === "AzureRetentionRule" && r["isDefault"] === true);
  const lifecycle = ((retention?.["lifecycles"] as Json[] | undefined) ?? [])[0];
  const duration = isObject(lifecycle?.["deleteAfter"]) ? String(lifecycle["deleteAfter"]["duration"]) : "P30D";
  return durationSeconds(duration) ?? 30 * day;
}

/** The restorable window of a continuous backup instance, in simulated epoch ms. */
export function restorableWindow(state: EmulatorState, bi: BackupInstanceRecord): { from: number; to: number } {
  const now = state.clock.now();
  const oldest = now - retentionSeconds(state, bi) * 1000;
  return { from: Math.max(oldest, createdAt.get(bi) ?? oldest), to: now };
}

/** ISO time without a fraction, as the service reports `recoveryPointTime` (`2023-06-21T19:15:02Z`). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function invalid(message: string, code = "UserErrorInvalidRequestParameter"): never {
  // Guess: the service's codes for malformed time-based restore requests are not recorded.
  throw userError(400, code, message, ["Correct the restore request and retry."]);
}

interface TimeBasedRequest {
  timeMs: number;
  targetId: string;
}

function parse(state: EmulatorState, bi: BackupInstanceRecord, body: Json): TimeBasedRequest {
  if (body["sourceDataStoreType"] !== "OperationalStore") invalid(`'sourceDataStoreType' must be OperationalStore for a point-in-time restore, not '${String(body["sourceDataStoreType"])}'.`);
  const timeMs = typeof body["recoveryPointTime"] === "string" ? Date.parse(body["recoveryPointTime"]) : Number.NaN;
  if (Number.isNaN(timeMs)) invalid("'recoveryPointTime' must be an ISO 8601 time.");
  const { from, to } = restorableWindow(state, bi);
  if (timeMs < from || timeMs > to) {
    invalid(`The time ${String(body["recoveryPointTime"])} is outside the restorable range ${isoSeconds(from)} to ${isoSeconds(to)}.`, "UserErrorRestorePointInTimeNotAvailable");
  }
  const target = body["restoreTargetInfo"];
  if (!isObject(target) || target["objectType"] !== "RestoreTargetInfo") invalid("'restoreTargetInfo.objectType' must be RestoreTargetInfo for a point-in-time restore.");
  if (target["recoveryOption"] !== "FailIfExists") invalid("'restoreTargetInfo.recoveryOption' must be FailIfExists.");
  const info = target["datasourceInfo"];
  const idKey = isObject(info) ? Object.keys(info).find((k) => k.toLowerCase() === "resourceid") : undefined;
  const targetId = isObject(info) && idKey ? info[idKey] : undefined;
  if (typeof targetId !== "string" || targetId === "") invalid("'restoreTargetInfo.datasourceInfo.resourceId' is required.");
  return { timeMs, targetId };
}

/** POST `BI/validateRestore` of a time-based request: 202, as recorded; the result is `{objectType}`. */
export function validateTimeBasedRestore(state: EmulatorState, ctx: RouteContext, vault: BackupVaultRecord, bi: BackupInstanceRecord, body: Json): ArmResponse {
  parse(state, bi, body);
  const op = startDppOperation(state, vault, state.options.durations.restoreValidate, () => undefined);
  return accepted(state, ctx, vault, op);
}

/** POST `BI/restore` of a time-based request: 202, as recorded; the result names the restore job. */
export function timeBasedRestore(state: EmulatorState, ctx: RouteContext, vault: BackupVaultRecord, bi: BackupInstanceRecord, body: Json): ArmResponse {
  const req = parse(state, bi, body);
  const startMs = state.clock.now();
  // As recorded: a point-in-time restore job names no recovery point id, only the time.
  const job = createJob(state, { vault, bi, category: "Restore", userTriggered: true, startMs, sourceRecoverPoint: { recoveryPointID: null, recoveryPointTime: isoSeconds(req.timeMs) }, recoveryDestination: req.targetId });
  const endMs = startMs + state.options.durations.restoreJob * 1000;
  state.scheduler.at(endMs, () => finishJob(job, { status: "Completed", errors: [], warnings: [] }, endMs));
  const op = startDppOperation(state, vault, state.options.durations.backupTrigger, () => ({ properties: { jobId: job.id, objectType: "OperationJobExtendedInfo" } }));
  return accepted(state, ctx, vault, op);
}

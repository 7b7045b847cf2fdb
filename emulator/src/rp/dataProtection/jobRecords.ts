import { randomUUID } from "node:crypto";
import type { BackupInstanceRecord, BackupJobRecord, BackupVaultRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { isObject, type Json } from "./common.js";
import type { JobOutcome } from "./outcomes.js";

/** ARM type of backup jobs. */
export const jobType = "Microsoft.DataProtection/backupVaults/backupJobs";
/** .NET's `DateTime.MinValue`: the recorded `targetRecoverPoint.recoveryPointTime` of backup jobs. */
const minTime = "0001-01-01T00:00:00Z";

/** What a new job is about. */
export interface NewJob {
  /** The vault of the backup instance. */
  vault: BackupVaultRecord;
  /** The backup instance the job runs for. */
  bi: BackupInstanceRecord;
  /** `Backup`, `Restore` or `Tiering` (`operationCategory` and `operation`). */
  category: "Backup" | "Restore" | "Tiering";
  /** Whether a user started it (ad hoc backup, restore) rather than the policy's schedule. */
  userTriggered: boolean;
  /** Simulated epoch ms at which it starts. */
  startMs: number;
  /** Backup: the retention tag reported as `extendedInfo.additionalDetails.RetentionTag`. */
  retentionTag?: string;
  /** Restore: `{recoveryPointID, recoveryPointTime}` of the point restored. */
  sourceRecoverPoint?: Json;
  /** Restore: the target cluster id. */
  recoveryDestination?: string;
}

/** `W/"datetime'...'"`, as recorded: the time of the last change, URL-encoded. */
function etagAt(ms: number): string {
  return `W/"datetime'${encodeURIComponent(new Date(ms).toISOString())}'"`;
}

/** ISO 8601 duration as `Jobs_Get` reports it, e.g. `PT3M11.183S` (`PT0S` while running, as recorded). */
export function isoDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round((s % 60) * 1000) / 1000;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${sec || (!h && !m) ? `${sec}S` : ""}`;
}

/** .NET TimeSpan text, e.g. `00:03:39.7214322`, as the recorded job list reports `duration`. */
function timeSpan(iso: string): string {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
  const [h, min, sec] = [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)];
  const pad = (n: number): string => String(Math.floor(n)).padStart(2, "0");
  return `${pad(h)}:${pad(min)}:${pad(sec)}.${String(Math.round((sec % 1) * 1e7)).padStart(7, "0")}`;
}

function subTask(category: string, status: string, details: Json | null): Json {
  return { taskId: 1, taskName: `Trigger ${category}`, taskStatus: status, taskProgress: null, additionalDetails: details };
}

/** Creates an InProgress job in the recorded `AzureBackupJob` shape and stores it. */
export function createJob(state: EmulatorState, j: NewJob): BackupJobRecord {
  const p = j.bi.body.properties;
  const info = isObject(p["dataSourceInfo"]) ? p["dataSourceInfo"] : {};
  const set = isObject(p["dataSourceSetInfo"]) ? p["dataSourceSetInfo"] : undefined;
  const policyId = isObject(p["policyInfo"]) ? String(p["policyInfo"]["policyId"]) : "";
  const datasourceId = j.bi.datasourceId;
  const name = randomUUID();
  const id = `${j.vault.id}/backupJobs/${name}`;
  const properties: Json = {
    activityID: randomUUID(), subscriptionId: datasourceId.split("/")[2] ?? j.vault.subscriptionId, backupInstanceId: j.bi.id, policyId, dataSourceId: datasourceId,
    vaultName: j.vault.name, backupInstanceFriendlyName: p["friendlyName"] ?? j.bi.name, policyName: policyId.split("/").pop() ?? "",
    sourceResourceGroup: datasourceId.split("/")[4] ?? "", dataSourceSetName: set?.["resourceName"] ?? null, dataSourceName: info["resourceName"] ?? null,
    // As recorded: a restore names its source store; a backup names none.
    // Guess: a tiering job names the stores it moves data between (CONTRACTS 5.6 lists both fields, no tiering job is recorded).
    sourceDataStoreName: j.category === "Tiering" ? "OperationalStore" : null, sourceDataStoreType: j.category === "Backup" ? null : "OperationalStore",
    destinationDataStoreName: j.category === "Tiering" ? "VaultStore" : null, progressEnabled: false,
    etag: etagAt(j.startMs), sourceSubscriptionID: datasourceId.split("/")[2] ?? j.vault.subscriptionId, dataSourceLocation: info["resourceLocation"] ?? j.vault.location,
    startTime: new Date(j.startMs).toISOString(), endTime: null, dataSourceType: info["datasourceType"] ?? null, operationCategory: j.category, operation: j.category,
    status: "InProgress", restoreType: null, isUserTriggered: j.userTriggered, rehydrationPriority: null,
    // As recorded: user-triggered jobs offer [""], scheduled ones [].
    supportedActions: j.userTriggered ? [""] : [], duration: "PT0S", progressUrl: null, isCrossRegionRestore: null, errorDetails: null,
    extendedInfo: {
      backupInstanceState: null, dataTransferredInBytes: null, targetRecoverPoint: null, sourceRecoverPoint: j.sourceRecoverPoint ?? null,
      recoveryDestination: j.recoveryDestination ?? null, subTasks: [subTask(j.category, "InProgress", null)],
      additionalDetails: j.retentionTag === undefined ? null : { RetentionTag: j.retentionTag }, warningDetails: null,
    },
  };
  return state.backupJobs.set({ id, vaultId: j.vault.id, backupInstanceId: j.bi.id, startTime: j.startMs, body: { properties, id, name, type: jobType } });
}

/** Ends a job at `endMs` with its outcome; a successful backup names the point it made. */
export function finishJob(job: BackupJobRecord, outcome: JobOutcome, endMs: number, recoveryPointId?: string): void {
  const p = job.body.properties;
  const ext = p["extendedInfo"] as Json;
  const category = String(p["operationCategory"]);
  p["status"] = outcome.status;
  p["endTime"] = new Date(endMs).toISOString();
  p["duration"] = isoDuration(endMs - job.startTime);
  p["etag"] = etagAt(endMs);
  p["errorDetails"] = outcome.errors.length > 0 ? outcome.errors : null;
  if (recoveryPointId !== undefined) ext["targetRecoverPoint"] = { recoveryPointID: recoveryPointId, recoveryPointTime: minTime };
  ext["warningDetails"] = outcome.warnings.length > 0 ? outcome.warnings : null;
  // As recorded for AKS: the size is reported as "1" byte, and a restore transfers "0".
  const size: Json = category === "Backup" ? { OriginalDatasourceSizeInBytes: "1" } : { DataTransferredInBytes: "0" };
  // Guess: the subtask's status follows the job's.
  ext["subTasks"] = [subTask(category, outcome.status, { ...size, TaskId: p["activityID"], DatasourceType: p["dataSourceType"] })];
}

/**
 * A job as the list answers it. As recorded: `extendedInfo` is null and `duration` is a .NET
 * TimeSpan (`00:03:39.7214322`), while `Jobs_Get` answers both in full.
 */
export function listItem(job: BackupJobRecord): Json {
  const p = job.body.properties;
  return { ...job.body, properties: { ...p, duration: timeSpan(String(p["duration"])), extendedInfo: null } };
}

import { parseBackupInstanceId, parseBackupVaultId, type BackupVaultRef } from "../../common/references.js";
import { InputValidationError } from "../../errors.js";
import type { JobInfo, JobOperationFilter, JobStatus, ListJobsOptions } from "./models.js";

/** The default window of `listJobs`: the last 7 days, as the portal shows. */
export const defaultJobWindowInMs = 7 * 24 * 3600 * 1000;

/** Every status `listJobs` can filter on. */
export const jobStatuses: readonly JobStatus[] = ["InProgress", "Completed", "CompletedWithWarnings", "Failed", "Cancelled", "Cancelling", "Paused", "Started"];
/** Every operation `listJobs` can filter on. */
export const jobOperationFilters: readonly JobOperationFilter[] = ["backup", "onDemandBackup", "scheduledBackup", "restore", "tiering", "management"];

/** A checked job filter: what `listJobs` keeps, and where its time window starts. */
export interface JobFilter {
  /** The vault listed. */
  vault: BackupVaultRef;
  /** Start of the window (epoch ms). */
  sinceMs: number;
  /** End of the window (epoch ms), or Infinity. */
  untilMs: number;
  /** Whether a job passes the filter. */
  matches: (job: JobInfo) => boolean;
  /** Whether to read each match's details. */
  includeDetails: boolean;
}

function toTime(value: Date | string | undefined, parameter: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InputValidationError(parameter, `'${String(value)}' is not a date`, "pass a Date or an ISO 8601 string such as 2024-05-01T00:00:00Z");
  return ms;
}

function list<T extends string>(value: T | T[] | undefined, allowed: readonly T[], parameter: string): Set<string> | undefined {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new InputValidationError(parameter, "it is an empty list", `omit it for all, or pass some of ${allowed.join(", ")}`);
  for (const v of values) {
    if (!allowed.some((a) => a.toLowerCase() === String(v).toLowerCase())) {
      throw new InputValidationError(parameter, `'${String(v)}' is not one of ${allowed.join(", ")}`, `pass one of ${allowed.join(", ")}`);
    }
  }
  return new Set(values.map((v) => v.toLowerCase()));
}

/** Whether a job is of an operation kind. */
export function jobIsOperation(job: JobInfo, op: string): boolean {
  const category = job.operationCategory.toLowerCase();
  switch (op.toLowerCase()) {
    case "backup": return category === "backup";
    case "ondemandbackup": return category === "backup" && job.trigger === "onDemand";
    case "scheduledbackup": return category === "backup" && job.trigger === "scheduled";
    case "restore": return category === "restore";
    case "tiering": return category === "tiering";
    default: return category !== "backup" && category !== "restore" && category !== "tiering";
  }
}

/** Checks the options of `listJobs` (before any request) and builds the filter. */
export function buildJobFilter(vaultId: string | BackupVaultRef, options: ListJobsOptions, now = Date.now()): JobFilter {
  const vault = parseBackupVaultId(vaultId, "vaultId");
  const instance = options.backupInstanceId === undefined ? undefined : parseBackupInstanceId(options.backupInstanceId, "backupInstanceId");
  if (instance && instance.parentId?.toLowerCase() !== vault.id.toLowerCase()) {
    throw new InputValidationError("backupInstanceId", `'${instance.id}' is not in the vault '${vault.id}'`, "pass an instance of that vault, or the instance's own vault id");
  }
  const statuses = list(options.status, jobStatuses, "status");
  const operations = list(options.operation, jobOperationFilters, "operation");
  const sinceMs = toTime(options.since, "since") ?? now - defaultJobWindowInMs;
  const untilMs = toTime(options.until, "until") ?? Number.POSITIVE_INFINITY;
  if (untilMs <= sinceMs) throw new InputValidationError("until", "it is not after since", "pass an until later than since");
  const instanceId = instance?.id.toLowerCase();
  return {
    vault,
    sinceMs,
    untilMs,
    includeDetails: options.includeDetails === true,
    matches: (job) => {
      const t = job.startTime.getTime();
      if (t < sinceMs || t >= untilMs) return false;
      if (instanceId && job.backupInstanceId?.toLowerCase() !== instanceId) return false;
      if (statuses && !statuses.has(job.status.toLowerCase())) return false;
      return !operations || [...operations].some((op) => jobIsOperation(job, op));
    },
  };
}

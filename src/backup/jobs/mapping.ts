import { parentIdOf } from "../../common/armId.js";
import type { AzureBackupJobResource, UserFacingError } from "../../dataProtection/models.js";
import type { JobErrorInfo, JobInfo, JobSubTaskInfo, JobWarning } from "./models.js";
import { isOutOfMemoryCode, jobCodeRemedy } from "./remedies.js";

/** Statuses in which a job has ended. */
export const terminalJobStatuses: readonly string[] = ["Completed", "CompletedWithWarnings", "Failed", "Cancelled"];

/** Whether a job status is terminal (case-insensitive). */
export function isTerminalJobStatus(status: string): boolean {
  return terminalJobStatuses.some((s) => s.toLowerCase() === status.toLowerCase());
}

/** An ISO 8601 duration ("PT3M11.18S", "P1DT2H") in milliseconds, or undefined when it is not one. */
export function parseIsoDuration(value: string | undefined | null): number | undefined {
  const m = value ? /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value) : null;
  if (!m || value === "P" || value === "PT") return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
  return Math.round((((d * 24 + h) * 60 + min) * 60 + s) * 1000);
}

/** A date the service sent, or undefined for none (or the .NET "0001-01-01" placeholder). */
function toDate(value: string | null | undefined): Date | undefined {
  if (!value || value.startsWith("0001-01-01")) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A user-facing error as {@link JobErrorInfo}. */
export function toJobError(e: UserFacingError): JobErrorInfo {
  return {
    code: e.code ?? "Unknown",
    message: e.message ?? "",
    recommendedActions: e.recommendedAction ?? [],
    remedy: jobCodeRemedy(e.code)?.remedy,
    isRetryable: e.isRetryable,
  };
}

/** A `warningDetails[]` entry as {@link JobWarning}. */
export function toJobWarning(w: { resourceName?: string; warning: UserFacingError }): JobWarning {
  const { code, message, recommendedActions, remedy } = toJobError(w.warning ?? {});
  return { resource: w.resourceName ?? w.warning?.target ?? undefined, code, message, recommendedActions, remedy };
}

function summarize(j: Omit<JobInfo, "summary" | "raw">): string {
  const what = `${j.trigger === "onDemand" ? "On-demand" : "Scheduled"} ${j.operation.toLowerCase()} job ${j.name}`;
  const rp = j.recoveryPointId ? ` (recovery point ${j.recoveryPointId})` : "";
  const warned = j.hasDetails ? `${j.warnings.length} warning(s)` : "warnings (getJob shows them)";
  switch (j.status.toLowerCase()) {
    case "completedwithwarnings":
      return j.operationCategory.toLowerCase() === "backup"
        ? `${what} completed with ${warned}; it still produced a restore point${rp}, but the resources named in the warnings may be missing from it.`
        : `${what} completed with ${warned}: the restore ran, but check the resources named in the warnings.`;
    case "completed":
      return `${what} completed${j.producedRecoveryPoint ? `; it produced a restore point${rp}` : ""}.`;
    case "failed":
      return `${what} failed${j.error ? ` (${j.error.code})` : ""}${j.error?.remedy ? `. To fix: ${j.error.remedy}` : "."}`;
    default:
      return `${what} is ${j.status}.`;
  }
}

/** A job resource as {@link JobInfo}. */
export function toJobInfo(r: AzureBackupJobResource): JobInfo {
  const p = r.properties;
  const id = r.id ?? "";
  const ext = p?.extendedInfo;
  const status = p?.status ?? "Unknown";
  const category = p?.operationCategory ?? p?.operation ?? "Unknown";
  const isBackup = category.toLowerCase() === "backup";
  const errors = (p?.errorDetails ?? []).map(toJobError);
  const warnings = (ext?.warningDetails ?? []).map(toJobWarning);
  const subTasks: JobSubTaskInfo[] = (ext?.subTasks ?? []).map((t) => ({ name: t.taskName, status: t.taskStatus, progress: t.taskProgress ?? undefined, details: t.additionalDetails ?? {} }));
  const rp = isBackup ? ext?.targetRecoverPoint : ext?.sourceRecoverPoint;
  const produced = isBackup && ["completed", "completedwithwarnings"].includes(status.toLowerCase());
  const hasDetails = ext !== undefined && ext !== null;
  const info: Omit<JobInfo, "summary" | "raw"> = {
    id,
    name: r.name ?? id.split("/").pop() ?? "",
    vaultId: id ? parentIdOf(id) : "",
    backupInstanceId: p?.backupInstanceId || undefined,
    clusterId: p?.dataSourceId || undefined,
    operation: p?.operation ?? category,
    operationCategory: category,
    trigger: p?.isUserTriggered ? "onDemand" : "scheduled",
    status,
    isTerminal: isTerminalJobStatus(status),
    startTime: toDate(p?.startTime) ?? new Date(0),
    endTime: toDate(p?.endTime),
    durationInMs: parseIsoDuration(p?.duration),
    policyName: p?.policyName ?? undefined,
    recoveryPointId: rp?.recoveryPointID ?? undefined,
    restoreTargetClusterId: isBackup ? undefined : (ext?.recoveryDestination ?? undefined),
    isCrossRegionRestore: p?.isCrossRegionRestore === true,
    producedRecoveryPoint: produced,
    warnings,
    error: errors[0],
    errors,
    outOfMemory: errors.some((e) => isOutOfMemoryCode(e.code)),
    hasDetails,
    subTasks,
  };
  return { ...info, summary: summarize(info), raw: r };
}

import type { OperationOptions, WaitOptions } from "../../common/options.js";
import type { WaitState } from "../../common/poller.js";
import type { AzureBackupJobResource } from "../../dataProtection/models.js";

/** Job statuses the service reports. Terminal: Completed, CompletedWithWarnings, Failed, Cancelled. */
export type JobStatus = "InProgress" | "Completed" | "CompletedWithWarnings" | "Failed" | "Cancelled" | "Cancelling" | "Paused" | "Started";

/**
 * Operations `listJobs` can select: every backup, only on-demand (ad hoc) or only scheduled
 * backups, restores, tiering (copies of backups to the vault tier), or management jobs
 * (configure protection and the like).
 */
export type JobOperationFilter = "backup" | "onDemandBackup" | "scheduledBackup" | "restore" | "tiering" | "management";

/** An error of a job, with what to do about it. */
export interface JobErrorInfo {
  /** The service's code, e.g. "UserErrorBackupPluginPodRestartedDuringBackup". */
  code: string;
  /** The service's message. */
  message: string;
  /** What the service recommends. */
  recommendedActions: string[];
  /** This library's advice for the code, when it knows the code. */
  remedy: string | undefined;
  /** Whether the service says a retry may succeed. */
  isRetryable: boolean | undefined;
}

/** A warning of a job that completed with warnings (`extendedInfo.warningDetails[]`). */
export interface JobWarning {
  /** The Kubernetes or Azure resource the warning is about, when the service names one. */
  resource: string | undefined;
  /** The warning's code, e.g. "UserErrorPVSnapshotDisallowedByPolicy". */
  code: string;
  /** The service's message. */
  message: string;
  /** What the service recommends. */
  recommendedActions: string[];
  /** This library's advice for the code, when it knows the code. */
  remedy: string | undefined;
}

/** A step of a job (`extendedInfo.subTasks[]`). */
export interface JobSubTaskInfo {
  /** e.g. "Trigger Backup". */
  name: string;
  /** e.g. "Completed". */
  status: string;
  /** Progress, when reported. */
  progress: string | undefined;
  /** Extra details, e.g. `{ DataTransferredInBytes: "..." }`. */
  details: Record<string, string>;
}

/** A backup or restore job of a vault. */
export interface JobInfo {
  /** Full ARM id of the job (`.../backupVaults/{vault}/backupJobs/{guid}`). */
  id: string;
  /** The job's GUID. */
  name: string;
  /** ARM id of the vault. */
  vaultId: string;
  /** ARM id of the backup instance, when the job has one. */
  backupInstanceId: string | undefined;
  /** ARM id of the protected cluster. */
  clusterId: string | undefined;
  /** The service's operation, e.g. "Backup", "Restore", "ConfigureProtection". */
  operation: string;
  /** "Backup", "Restore", "Tiering" or "Management". */
  operationCategory: string;
  /** "onDemand" when a user started it, "scheduled" when the policy did. */
  trigger: "onDemand" | "scheduled";
  /** Status, e.g. "InProgress", "Completed", "CompletedWithWarnings", "Failed". */
  status: string;
  /** Whether the job has ended (Completed, CompletedWithWarnings, Failed or Cancelled). */
  isTerminal: boolean;
  /** When it started. */
  startTime: Date;
  /** When it ended; undefined while running. */
  endTime: Date | undefined;
  /** How long it ran (so far), in milliseconds, from the service's ISO 8601 duration. */
  durationInMs: number | undefined;
  /** Name of the policy. */
  policyName: string | undefined;
  /** Recovery point made by a backup, or restored from by a restore. */
  recoveryPointId: string | undefined;
  /** ARM id of the cluster restored to (restore jobs). */
  restoreTargetClusterId: string | undefined;
  /** Whether it is a cross-region restore job (run in the vault's secondary region; `listJobs` lists them with the others). */
  isCrossRegionRestore: boolean;
  /** Whether the job produced a restore point: a backup that completed, with or without warnings. */
  producedRecoveryPoint: boolean;
  /** Warnings, when it completed with warnings (else empty). */
  warnings: JobWarning[];
  /** The first error of a failed job. */
  error: JobErrorInfo | undefined;
  /** Every error of the job. */
  errors: JobErrorInfo[];
  /**
   * Whether the details (warnings, sub-tasks, recovery point) were read. Job lists leave them
   * out, as the service does; `getJob`, or `listJobs` with `includeDetails`, reads them.
   */
  hasDetails: boolean;
  /** Whether the job failed because the extension pod ran out of memory (see `remediateExtensionOom`). */
  outOfMemory: boolean;
  /** Steps of the job. */
  subTasks: JobSubTaskInfo[];
  /** A one-line summary for people, e.g. that a job with warnings still produced a restore point. */
  summary: string;
  /** The job as the service returned it. */
  raw: AzureBackupJobResource;
}

/** Options of `listJobs`. */
export interface ListJobsOptions extends OperationOptions {
  /** Only the jobs of this backup instance (ARM id, in the vault). */
  backupInstanceId?: string;
  /** Only these operations. */
  operation?: JobOperationFilter | JobOperationFilter[];
  /** Only these statuses (e.g. "CompletedWithWarnings"). */
  status?: JobStatus | JobStatus[];
  /** Only jobs started at or after this time (a Date or ISO 8601 string). Default: 7 days ago, as the portal shows. */
  since?: Date | string;
  /** Only jobs started before this time. Default: no limit. */
  until?: Date | string;
  /** Read each matching job's details (warnings, sub-tasks, recovery point): one more read per match. Default: false. */
  includeDetails?: boolean;
}

/** Options of `waitForJob`. Default `timeoutInMs`: 6 hours. */
export interface WaitForJobOptions extends WaitOptions<WaitState<JobInfo>> {
  /** Throw `JobFailedError` when the job ends Failed or Cancelled, instead of returning it. Default: false. */
  throwOnFailure?: boolean;
}

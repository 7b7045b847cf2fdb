import type { OperationOptions } from "../common/options.js";
import type { JobInfo } from "../backup/jobs/models.js";
import type { RestoreRequest } from "../backup/restore/models.js";
import type { StepEvent, StepResult } from "./progress.js";
import type { ExtensionResources } from "../extension/models.js";

/** The tier a restore reads: "operational" (snapshots in the cluster's region) or "vault" (the vault tier, through staging). */
export type RestoreSource = "operational" | "vault";

/**
 * What `restoreCluster` restores: a recovery point of a backup instance (default: the latest of
 * the tier read), whole or in part, to the protected cluster or another cluster; from the
 * operational tier, the vault tier (through a staging resource group and storage account), or
 * the vault tier's copy in the paired region (cross-region restore).
 */
export interface RestoreClusterRequest extends RestoreRequest {
  /** ARM id of the backup instance to restore from. */
  backupInstanceId: string;
  /** The tier to read. Default: "operational"; "vault" for `fromSecondaryRegion`. */
  source?: RestoreSource;
  /**
   * Cross-region restore: read the vault tier's copy in the vault's secondary (paired) region
   * and restore into a cluster there (`targetClusterId` is then required). The vault must be
   * GeoRedundant with cross-region restore enabled. The secondary copy lags (RPO up to 36 h).
   */
  fromSecondaryRegion?: boolean;
  /** Vault tier: resource group for the staging disks and snapshots, in the target's subscription. Created in the target's region if missing. */
  stagingResourceGroupId?: string;
  /**
   * Vault tier: storage account for the staged backup objects. It must exist, in the target's
   * region and subscription, with `allowCrossTenantReplication: true` and public network access.
   */
  stagingStorageAccountId?: string;
  /** For a target cluster without the Backup Extension: the storage it is installed with (the container is created if missing). */
  targetExtension?: {
    /** ARM id of a storage account in the target's region. */
    storageAccountId: string;
    /** Blob container for the extension. */
    blobContainer: string;
    /** CPU and memory of the extension (a restore needs about as much memory as the backup had objects). Default: the chart's. */
    resources?: ExtensionResources;
  };
}

/** Steps of a restore, in the order a plan lists them. */
export type RestoreStepName = "extension" | "stagingResourceGroup" | "trustedAccess" | "roles" | "roles.extension" | "validate" | "restore" | "job";

/** An action `restoreCluster` would take. */
export interface RestorePlanAction {
  /** The step that would take it. */
  step: RestoreStepName;
  /** What it would do. */
  action: string;
  /** Why. */
  reason: string;
  /** When the action overwrites what exists: the value `confirm` must have. */
  confirm?: string;
}

/** Something that stops a restore. */
export interface RestorePlanProblem {
  /** The request field or resource concerned, e.g. "stagingStorageAccountId". */
  subject: string;
  /** What is wrong. */
  message: string;
  /** What to do. */
  fix: string;
}

/** The recovery point a restore would use. */
export interface RestorePlanRecoveryPoint {
  /** Its ARM id. */
  id: string;
  /** Its name (the service's `recoveryPointId`). */
  name: string;
  /** When it was taken. */
  time: Date;
  /** Its age in hours, against this machine's clock (a secondary-region copy older than 36 h is a problem). */
  ageInHours: number;
}

/** What `restoreCluster` would do and what would stop it, found with reads only. */
export interface RestorePlan {
  /** The actions, in step order. Empty when there are problems. */
  actions: RestorePlanAction[];
  /** Everything that stops the restore (restoreCluster throws them as one PreflightError). */
  problems: RestorePlanProblem[];
  /** The tier read. */
  source: RestoreSource;
  /** Whether it runs in the vault's secondary region. */
  crossRegion: boolean;
  /** The cluster restored into, when known. */
  targetClusterId: string | undefined;
  /** The recovery point restored, when found. */
  recoveryPoint: RestorePlanRecoveryPoint | undefined;
}

/** Progress of the restore job, on the "waiting" events of the "job" step. */
export interface RestoreJobProgress {
  /** ARM id of the job. */
  jobId: string;
  /** Its status at the last poll, e.g. "InProgress". */
  status: string;
  /** Polls so far. */
  polls: number;
}

/** A progress event of `restoreCluster`: a step event; the "job" step's "waiting" events carry the job's status. */
export interface RestoreProgressEvent extends StepEvent {
  /** The restore job, on "waiting" events of the "job" step. */
  job?: RestoreJobProgress;
}

/** Options of `restoreCluster`. */
export interface RestoreClusterOptions extends OperationOptions {
  /**
   * Grant the restore permissions and bind Trusted Access before validating. Default: true.
   * Set false when an administrator grants them (the plan still lists them): whatever is still
   * missing then stops the restore before any write (`PreflightError`, subject "grantPermissions").
   */
  grantPermissions?: boolean;
  /** Called for every step event: started, waiting (with the job's status on the "job" step), done, skipped, failed. */
  onProgress?: (event: RestoreProgressEvent) => void;
  /** Interval between polls of the validate and trigger operations and of the job. Default: the client's. */
  pollIntervalInMs?: number;
  /** How long to follow the restore job before giving up with a WaitTimeoutError (the job goes on). Default: 6 hours. */
  timeoutInMs?: number;
  /** How long to ride out identity and RBAC propagation at validation. Default: 10 minutes. */
  propagationTimeoutInMs?: number;
  /** Follow the job to its end. Default: true; false returns once the job has started. */
  waitForCompletion?: boolean;
}

/** What `restoreCluster` did. */
export interface RestoreClusterResult {
  /** ARM id of the restore job. */
  jobId: string;
  /** The job's status when the call returned: its end state ("Completed", "CompletedWithWarnings", "Failed"), or "InProgress" without waitForCompletion. */
  jobStatus: string;
  /** The job as last read. */
  job: JobInfo;
  /** The cluster restored to. */
  targetClusterId: string;
  /** ARM id of the recovery point restored. */
  recoveryPointId: string;
  /** The tier read. */
  source: RestoreSource;
  /** Whether it ran in the vault's secondary region. */
  crossRegion: boolean;
  /** Each step with what it did, in completion order. */
  steps: StepResult[];
  /** Steps that wrote to Azure (a second run grants and binds nothing: only the restore writes). */
  writeSteps: number;
}

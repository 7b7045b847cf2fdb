import type { OperationOptions } from "../common/options.js";
import type { RestoreRequest } from "../backup/restore/models.js";
import type { StepEvent, StepResult } from "./progress.js";

/**
 * What `restoreCluster` restores: a recovery point of a backup instance (default: the latest),
 * whole or in part, to the protected cluster or another cluster in the backup's region.
 */
export interface RestoreClusterRequest extends RestoreRequest {
  /** ARM id of the backup instance to restore from. */
  backupInstanceId: string;
}

/** Options of `restoreCluster`. */
export interface RestoreClusterOptions extends OperationOptions {
  /**
   * Grant the restore permissions (the vault reads the target cluster, the target cluster's
   * identity writes to the snapshot resource group) and bind the vault to a target cluster
   * other than the protected one with Trusted Access, before validating. Default: true. Set
   * false when an administrator grants them.
   */
  grantPermissions?: boolean;
  /** Called for every step event: started, waiting, done, skipped, failed. */
  onProgress?: (event: StepEvent) => void;
  /** Interval between polls of the validate and trigger operations. Default: the client's. */
  pollIntervalInMs?: number;
}

/** What `restoreCluster` did. */
export interface RestoreClusterResult {
  /** ARM id of the restore job (follow it with `backupInstances.waitForJob`). */
  jobId: string;
  /** The job's status when the restore was started, e.g. "InProgress". */
  jobStatus: string;
  /** The cluster restored to. */
  targetClusterId: string;
  /** ARM id of the recovery point restored. */
  recoveryPointId: string;
  /** Each step (roles, trustedAccess, validate, restore) with what it did, in completion order. */
  steps: StepResult[];
  /** Steps that wrote to Azure. */
  writeSteps: number;
}

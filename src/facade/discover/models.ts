import type { OperationOptions } from "../../common/options.js";
import type { Finding } from "../doctor/models.js";

/** The backup status of one AKS cluster, as `discover` finds it. */
export interface ClusterBackupStatus {
  /** ARM id of the cluster. */
  clusterId: string;
  /** Its region. */
  location: string;
  /**
   * "protected": a backup instance protects it and nothing needs attention; "unprotected": no
   * backup instance protects it; "needsAttention": it has one, but a finding is an error or a warning.
   */
  status: "protected" | "unprotected" | "needsAttention";
  /** ARM id of the backup instance that protects it. */
  backupInstanceId?: string;
  /** ARM id of that instance's vault. */
  vaultId?: string;
  /** The last finished backup job of that instance. */
  lastBackup?: {
    /** e.g. "Completed", "CompletedWithWarnings", "Failed". */
    status: string;
    /** When it ended. */
    endTime: Date;
  };
  /** What is wrong (the same codes as `doctor`; doctor checks more). */
  findings: Finding[];
}

/** Options of `discover`. */
export interface DiscoverOptions extends OperationOptions {
  /** Subscriptions to look in. Default: the `AksBackup`'s subscription. */
  subscriptionIds?: string[];
}

import type { OperationOptions } from "../../common/options.js";

/** Options of `backupNow`. */
export interface BackupNowOptions extends OperationOptions {
  /** The policy's backup rule to use. Default: the policy's (only) `AzureBackupRule`, e.g. "BackupHourly". */
  ruleName?: string;
  /**
   * Retention tag the recovery point gets, a tag of the policy (e.g. "Default", or "Vault" to
   * keep it in the vault tier too). Default: the policy's default tag.
   */
  retentionTag?: string;
  /** Interval between polls of the start operation. Default: the manager's. */
  pollIntervalInMs?: number;
}

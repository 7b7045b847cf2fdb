import type { WaitOptions } from "../../common/options.js";
import type { WaitState } from "../../common/poller.js";
import type { JobInfo } from "../jobs/models.js";

/** Options of `backupNow`. */
export interface BackupNowOptions extends WaitOptions<WaitState<JobInfo>> {
  /** The policy's backup rule to use. Default: the policy's (only) `AzureBackupRule`, e.g. "BackupHourly". */
  ruleName?: string;
  /**
   * Retention tag the recovery point gets, a tag of the policy (e.g. "Default", or "Vault" to
   * keep it in the vault tier too). Default: the policy's default tag.
   */
  retentionTag?: string;
  /** Interval between polls of the start operation. Default: the manager's. `timeoutInMs` default: 10 minutes. */
  pollIntervalInMs?: number;
}

import type { OperationOptions } from "../common/options.js";

/** Options of `listRecoveryPoints`. */
export interface ListRecoveryPointsOptions extends OperationOptions {
  /**
   * Only the points in this tier: "operational" (snapshots, OperationalStore) or "vault"
   * (VaultStore). Default: every point.
   */
  source?: "operational" | "vault";
  /**
   * List the vault-tier points in the vault's paired region (cross-region restore): needs a
   * geo-redundant vault with cross-region restore enabled. A point reaches the paired region
   * about 12 hours after it reached the vault tier (up to 36 hours). Not with `source: "operational"`.
   */
  fromSecondaryRegion?: boolean;
}

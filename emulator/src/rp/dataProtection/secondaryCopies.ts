import type { BackupVaultRecord, RecoveryPointRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { isObject, type Json } from "./common.js";

/**
 * Copies of vault-tier recovery points in the vault's paired (secondary) region. A
 * geo-redundant vault replicates its VaultStore to the paired region; Azure documents a
 * secondary RPO of up to 36 hours and says a vault-tier point reaches the secondary region
 * within about 12 hours.
 * Guess: every point arrives exactly {@link secondaryCopyDelaySeconds} after its VaultStore copy
 * was made (`creationTime`); replication runs for every geo-redundant vault (cross-region restore
 * only exposes the copies, and `fetchSecondaryRecoveryPoints` checks the vault).
 */
export const secondaryCopyDelaySeconds = 12 * 3600;

/** The VaultStore data store of a point, if it has one. */
function vaultStore(rp: RecoveryPointRecord): Json | undefined {
  const details = rp.body.properties["recoveryPointDataStoresDetails"];
  return Array.isArray(details) ? (details as unknown[]).filter(isObject).find((d) => d["type"] === "VaultStore") : undefined;
}

const arrivals = new WeakMap<RecoveryPointRecord, number>();

/**
 * Records that a point's vault-tier copy, made at `tieredAtMs`, reaches the paired region of a
 * geo-redundant vault {@link secondaryCopyDelaySeconds} later (the default for a point whose
 * VaultStore copy was written without it: its `creationTime` plus the delay).
 */
export function scheduleSecondaryCopy(state: EmulatorState, vault: BackupVaultRecord, rp: RecoveryPointRecord, tieredAtMs: number): void {
  if (state.recoveryPoints.get(rp.id) === rp && vault.id.toLowerCase() === rp.backupInstanceId.toLowerCase().split("/backupinstances/")[0]) {
    arrivals.set(rp, tieredAtMs + secondaryCopyDelaySeconds * 1000);
  }
}

/**
 * Whether a point's vault-tier copy has reached the secondary region: it has a VaultStore copy
 * (retention removes expired ones), made at least {@link secondaryCopyDelaySeconds} ago.
 */
export function isInSecondaryRegion(state: EmulatorState, rp: RecoveryPointRecord): boolean {
  const vault = vaultStore(rp);
  if (!vault) return false;
  const created = typeof vault["creationTime"] === "string" ? Date.parse(vault["creationTime"]) : rp.time;
  return (arrivals.get(rp) ?? created + secondaryCopyDelaySeconds * 1000) <= state.clock.now();
}

/**
 * A point as the secondary region answers it: only its VaultStore data store, whose metaData
 * is null (as recorded in `fetchSecondaryRecoveryPoints`: discrete points with VaultStore details).
 */
export function secondaryView(rp: RecoveryPointRecord): Json {
  const props = rp.body.properties;
  const details = Array.isArray(props["recoveryPointDataStoresDetails"]) ? (props["recoveryPointDataStoresDetails"] as unknown[]).filter(isObject) : [];
  return { ...rp.body, properties: { ...props, recoveryPointDataStoresDetails: details.filter((d) => d["type"] === "VaultStore").map((d) => ({ ...d, metaData: null })) } };
}

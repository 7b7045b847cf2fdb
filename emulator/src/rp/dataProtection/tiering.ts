import type { BackupInstanceRecord, BackupPolicyRecord, RecoveryPointRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { disksOfCluster } from "../compute.js";
import { isObject, userFacingError, type Json } from "./common.js";
import { createJob, finishJob } from "./jobRecords.js";
import type { JobOutcome } from "./outcomes.js";
import { hasRole } from "./rbac.js";
import { durationSeconds } from "./recoveryPoints.js";
import { scheduleSecondaryCopy } from "./secondaryCopies.js";

/**
 * The vault tier of AKS backups: a scheduled backup whose retention tag has a VaultStore
 * lifecycle (the "Vault" rule of a vault-tier policy: the first backup of each day) is copied
 * from the OperationalStore to the VaultStore by a "Tiering" job. Azure documents that tiering
 * starts within 4 hours of the backup.
 * Guess: it starts exactly {@link tieringDelaySeconds} after the backup job ends and takes as
 * long as a backup job; with `CustomCopyOption` it starts after the option's duration instead.
 */
export const tieringDelaySeconds = 2 * 3600;

/** Built-in role the vault needs on the snapshot resource group to read snapshot data for the vault tier. */
export const dataOperatorForManagedDisks = "959f8984-c045-4866-89c7-12bf9737be2e";

/** Documented limits of the vault tier for AKS (Microsoft Learn, AKS backup support matrix). */
export const vaultTierLimits = { maxDiskSizeGB: 1024, maxDisksPerInstance: 100 } as const;

/** The VaultStore lifecycle of the retention rule of `tag`, and when the copy starts after the backup. */
function vaultLifecycle(policy: BackupPolicyRecord | undefined, tag: string): { deleteAfterSeconds: number; copyAfterSeconds: number } | undefined {
  const rules = ((policy?.body.properties["policyRules"] as Json[] | undefined) ?? []).filter((r) => r["objectType"] === "AzureRetentionRule");
  const rule = rules.find((r) => String(r["name"]).toLowerCase() === tag.toLowerCase());
  const lifecycles = Array.isArray(rule?.["lifecycles"]) ? (rule["lifecycles"] as unknown[]).filter(isObject) : [];
  const vault = lifecycles.find((l) => isObject(l["sourceDataStore"]) && l["sourceDataStore"]["dataStoreType"] === "VaultStore");
  if (!vault) return undefined;
  const deleteAfter = isObject(vault["deleteAfter"]) ? durationSeconds(String(vault["deleteAfter"]["duration"])) : undefined;
  const copies = lifecycles.flatMap((l) => (Array.isArray(l["targetDataStoreCopySettings"]) ? (l["targetDataStoreCopySettings"] as unknown[]).filter(isObject) : []));
  const copy = copies.find((c) => isObject(c["dataStore"]) && c["dataStore"]["dataStoreType"] === "VaultStore");
  const option = isObject(copy?.["copyAfter"]) ? copy["copyAfter"] : {};
  const custom = option["objectType"] === "CustomCopyOption" ? durationSeconds(String(option["duration"])) : undefined;
  return { deleteAfterSeconds: deleteAfter ?? 30 * 86_400, copyAfterSeconds: custom ?? tieringDelaySeconds };
}

function failed(code: string, message: string, action: string): JobOutcome {
  return { status: "Failed", errors: [userFacingError(code, message, [action])], warnings: [] };
}

/**
 * Why the disks of a cluster cannot go to the vault tier, as a failed outcome; undefined when
 * they can. Documented limits: each disk at most 1 TB, at most 100 disks per backup instance,
 * no disk encryption set or Entra ID data-access auth, public network access.
 * Guess: the codes and wording; Azure fails the tiering job (the backup itself succeeds).
 */
function diskProblem(state: EmulatorState, bi: BackupInstanceRecord): JobOutcome | undefined {
  const disks = disksOfCluster(state, bi.datasourceId);
  if (disks.length > vaultTierLimits.maxDisksPerInstance) {
    return failed("UserErrorVaultTierDiskCountLimitExceeded", `The backup has ${disks.length} persistent volumes; the vault tier takes at most ${vaultTierLimits.maxDisksPerInstance} disks per backup instance.`,
      "Split the cluster's namespaces over several backup instances, or keep this backup in the operational tier only.");
  }
  for (const d of disks) {
    const p = d.body.properties;
    const name = String(d.body["name"]);
    if (Number(p["diskSizeGB"]) > vaultTierLimits.maxDiskSizeGB) {
      return failed("UserErrorVaultTierDiskSizeNotSupported", `The disk '${name}' is ${String(p["diskSizeGB"])} GB; the vault tier takes disks of at most ${vaultTierLimits.maxDiskSizeGB} GB.`,
        "Exclude the volume from the backup, or keep this backup in the operational tier only.");
    }
    if (isObject(p["encryption"]) && typeof p["encryption"]["diskEncryptionSetId"] === "string") {
      return failed("UserErrorVaultTierEncryptedDiskNotSupported", `The disk '${name}' is encrypted with the disk encryption set '${p["encryption"]["diskEncryptionSetId"]}'; the vault tier does not take such disks.`,
        "Exclude the volume from the backup, or keep this backup in the operational tier only.");
    }
    if (p["dataAccessAuthMode"] === "AzureActiveDirectory") {
      return failed("UserErrorVaultTierDiskDataAccessAuthNotSupported", `The disk '${name}' needs Entra ID data-access auth; the vault tier does not take such disks.`,
        "Set the disk's data access auth mode to None, or keep this backup in the operational tier only.");
    }
    if (p["publicNetworkAccess"] === "Disabled") {
      return failed("UserErrorVaultTierDiskPublicNetworkAccessDisabled", `The disk '${name}' has public network access disabled; the vault tier reads disks over public network access.`,
        "Enable public network access on the disk, or keep this backup in the operational tier only.");
    }
  }
  return undefined;
}

/** Why the vault cannot read the snapshots (no Data Operator for Managed Disks on the snapshot group), or undefined. */
function roleProblem(state: EmulatorState, bi: BackupInstanceRecord, snapshotResourceGroupId: string): JobOutcome | undefined {
  const vault = state.backupVaults.get(bi.vaultId);
  const identity = isObject(vault?.body["identity"]) ? vault.body["identity"] : {};
  const principal = typeof identity["principalId"] === "string" ? identity["principalId"] : "";
  if (principal !== "" && snapshotResourceGroupId !== "" && hasRole(state, principal, dataOperatorForManagedDisks, snapshotResourceGroupId)) return undefined;
  // Guess: the code of other missing vault permissions, with the role named.
  return failed("UserErrorMSIMissingPermissions", `The Backup vault's identity has no 'Data Operator for Managed Disks' role on the snapshot resource group '${snapshotResourceGroupId}', so it cannot copy the snapshots to the vault tier.`,
    "Assign the role 'Data Operator for Managed Disks' to the Backup vault's identity on the snapshot resource group.");
}

/** Adds the VaultStore data store to a point tiered at `atMs`, kept `deleteAfterSeconds` from the point's time. */
function addVaultStore(state: EmulatorState, rp: RecoveryPointRecord, atMs: number, deleteAfterSeconds: number): void {
  const expiresAt = rp.time + deleteAfterSeconds * 1000;
  const details = Array.isArray(rp.body.properties["recoveryPointDataStoresDetails"]) ? (rp.body.properties["recoveryPointDataStoresDetails"] as unknown[]) : [];
  details.push({ id: state.newId(), type: "VaultStore", creationTime: new Date(atMs).toISOString(), expiryTime: new Date(expiresAt).toISOString(), metaData: null, visible: true, state: "COMMITTED", rehydrationExpiryTime: null, rehydrationStatus: null });
  rp.body.properties["recoveryPointDataStoresDetails"] = details;
  rp.expiresAt = Math.max(rp.expiresAt, expiresAt);
}

/**
 * After a scheduled backup made `rp` under retention tag `tag` (its job ended at `backupEndMs`):
 * when the tag's rule keeps the vault tier, schedules the Tiering job that copies the point to
 * the VaultStore (from a geo-redundant vault, the copy reaches the paired region later: see secondaryCopies.ts).
 */
export function scheduleTiering(state: EmulatorState, bi: BackupInstanceRecord, policy: BackupPolicyRecord | undefined, rp: RecoveryPointRecord, tag: string, backupEndMs: number, snapshotResourceGroupId: string): void {
  const lifecycle = vaultLifecycle(policy, tag);
  if (!lifecycle) return;
  const startMs = backupEndMs + lifecycle.copyAfterSeconds * 1000;
  state.scheduler.at(startMs, () => {
    const vault = state.backupVaults.get(bi.vaultId);
    if (!vault || state.backupInstances.get(bi.id) !== bi || state.recoveryPoints.get(rp.id) !== rp) return;
    const job = createJob(state, { vault, bi, category: "Tiering", userTriggered: false, startMs, retentionTag: tag });
    const endMs = startMs + state.options.durations.backupJob * 1000;
    state.scheduler.at(endMs, () => {
      const alive = state.recoveryPoints.get(rp.id) === rp;
      const outcome = diskProblem(state, bi) ?? roleProblem(state, bi, snapshotResourceGroupId) ?? { status: "Completed" as const, errors: [], warnings: [] };
      const done: JobOutcome = alive || outcome.status === "Failed" ? outcome : failed("UserErrorRecoveryPointNotFound", "The recovery point to tier was deleted.", "No action is needed.");
      if (done.status !== "Failed") {
        addVaultStore(state, rp, endMs, lifecycle.deleteAfterSeconds);
        scheduleSecondaryCopy(state, vault, rp, endMs);
      }
      finishJob(job, done, endMs, rp.body["name"] as string);
    });
  });
}

/**
 * Drops the data stores of a point whose own expiry has passed (the OperationalStore copy of a
 * point kept longer in the VaultStore), keeping at least one. Guess: the service hides expired stores.
 */
export function dropExpiredStores(rp: RecoveryPointRecord, nowMs: number): void {
  const details = rp.body.properties["recoveryPointDataStoresDetails"];
  if (!Array.isArray(details) || details.length < 2) return;
  const kept = (details as unknown[]).filter((d) => !(isObject(d) && typeof d["expiryTime"] === "string" && Date.parse(d["expiryTime"]) <= nowMs));
  if (kept.length > 0 && kept.length < details.length) rp.body.properties["recoveryPointDataStoresDetails"] = kept;
}

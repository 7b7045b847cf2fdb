import { normalizeLocation } from "../common/armId.js";
import { pairedRegionOf as secondaryRegionOf } from "../common/regionPairs.js";
import type { ResolvedRestore, RestoreFacts } from "./restoreObserve.js";

/**
 * The problems a restore's facts show, found without a request: the target, the vault's
 * identity and region pairing, cross-region restore settings and the secondary point's age,
 * cross-subscription restore, the target's Backup Extension, and the staging resources.
 */

/** Adds the problems the facts show to `f.problems` (pure: no request). */
export function checkFacts(r: ResolvedRestore, f: RestoreFacts, callerReadsSource: boolean | undefined): void {
  const p = (subject: string, message: string, fix: string): void => void f.problems.push({ subject, message, fix });
  const v = f.vault;
  if (f.target && !f.targetCluster && !f.problems.some((x) => x.subject === "targetClusterId")) {
    p("targetClusterId", `the cluster '${f.target.id}' does not exist`, r.crossRegion ? "create a cluster in the vault's secondary region first (it is the restore's target)" : "check the id (az aks show --query id)");
  }
  if (f.targetCluster && (f.targetCluster.identityType === "None" || !f.targetCluster.principalId)) {
    p("targetClusterId", "the target cluster has no managed identity", "enable one: az aks update --enable-managed-identity (it creates disks from snapshots)");
  }
  if (v && !v.principalId) p("backupInstanceId", `the vault '${v.name}' has no managed identity`, "give the vault a system-assigned identity (ensureVault)");
  if (f.instance && !f.snapshotGroupId) p("snapshotResourceGroupId", "the backup instance names no snapshot resource group", "pass snapshotResourceGroupId");
  if (callerReadsSource === false) {
    p("backupInstanceId", `the identity running this code cannot read the source cluster ${f.instance?.clusterId ?? ""} (a restore into another cluster fails with LinkedAuthorizationFailed)`, "grant it Reader on the source cluster, or run the restore as an identity that has it");
  }
  const where = f.targetCluster?.location;
  if (v && f.targetCluster && !r.crossRegion && normalizeLocation(v.location) !== where) {
    p("targetClusterId", `the target cluster is in ${where ?? "?"} but the vault and its backups are in ${v.location}`, secondaryRegionOf(v.location) === where
      ? "restore across regions with fromSecondaryRegion: true (a GeoRedundant vault with cross-region restore)" : `restore into a cluster in ${v.location}`);
  }
  if (v && r.crossRegion) {
    const secondary = secondaryRegionOf(v.location);
    if (!secondary) p("fromSecondaryRegion", `the vault's region ${v.location} has no paired region`, "cross-region restore needs a vault in a paired region");
    if (v.storageRedundancy !== "GeoRedundant") p("fromSecondaryRegion", `the vault is ${v.storageRedundancy ?? "not GeoRedundant"}; only a GeoRedundant vault replicates to ${secondary ?? "a paired region"}`, "use a GeoRedundant vault (set when the vault is created, before it holds backup instances)");
    if (v.crossRegionRestore !== "Enabled") p("fromSecondaryRegion", "cross-region restore is not enabled on the vault", "enable it (ensureVault(vaultId, { crossRegionRestore: true, confirm: <vault name> }); irreversible)");
    if (f.targetCluster && secondary && where !== secondary) p("targetClusterId", `the target cluster is in ${where ?? "?"}; a cross-region restore of this vault runs in its secondary region ${secondary}`, `restore into a cluster in ${secondary}`);
    if (f.recoveryPoint) {
      const hours = (f.serverNow - f.recoveryPoint.time.getTime()) / 3_600_000;
      if (hours > 36) p("recoveryPointId", `the newest recovery point in ${secondary ?? "the secondary region"} is ${Math.round(hours)} h old (${f.recoveryPoint.time.toISOString()}), beyond the 36 h RPO of cross-region restore`, "check that vault-tier backups still run and are tiered; restore it anyway by passing its recoveryPointId");
    }
  }
  if (v && f.target && f.target.subscriptionId.toLowerCase() !== r.bi.subscriptionId.toLowerCase() && (v.crossSubscriptionRestore === "Disabled" || v.crossSubscriptionRestore === "PermanentlyDisabled")) {
    p("targetClusterId", `the target is in subscription ${f.target.subscriptionId} but cross-subscription restore is ${v.crossSubscriptionRestore} on the vault`,
      v.crossSubscriptionRestore === "Disabled" ? "enable it: ensureVault(vaultId, { crossSubscriptionRestore: \"Enabled\" })" : "it is permanently disabled: restore into the vault's subscription");
  }
  if (f.targetCluster && !f.extension && !r.extensionStorage) {
    p("targetExtension", `the target cluster ${f.targetCluster.id.split("/").at(-1) ?? ""} has no Backup Extension`, "pass targetExtension: { storageAccountId, blobContainer } (a storage account in the target's region) to install it");
  }
  if (f.extension && f.extension.provisioningState === "Failed" && !r.extensionStorage) {
    p("targetExtension", "the Backup Extension on the target is Failed", "pass targetExtension to install it again, or repair it (ExtensionManager.install)");
  }
  if (r.extensionStorage && f.extensionStorageLocation === undefined && !f.problems.some((x) => x.subject === "targetExtension.storageAccountId")) {
    p("targetExtension.storageAccountId", `the storage account ${r.extensionStorage.id} does not exist`, "create it in the target cluster's region first");
  } else if (r.extensionStorage && where && f.extensionStorageLocation !== where) {
    p("targetExtension.storageAccountId", `the storage account is in ${f.extensionStorageLocation ?? "?"} but the target cluster is in ${where}`, "use a storage account in the target's region");
  }
  if (r.source === "vault") checkStaging(r, f, where);
}

function checkStaging(r: ResolvedRestore, f: RestoreFacts, where: string | undefined): void {
  const p = (subject: string, message: string, fix: string): void => void f.problems.push({ subject, message, fix });
  const sa = f.stagingAccount;
  const targetSub = f.target?.subscriptionId.toLowerCase();
  if (r.stagingGroup && targetSub && r.stagingGroup.subscriptionId.toLowerCase() !== targetSub) {
    p("stagingResourceGroupId", "the staging resource group is not in the target cluster's subscription", "use a resource group in the target's subscription");
  }
  if (r.stagingGroup && f.stagingGroupLocation !== undefined && where && f.stagingGroupLocation !== where) {
    p("stagingResourceGroupId", `the staging resource group is in ${f.stagingGroupLocation} but the target cluster is in ${where}`, "use (or let the restore create) a resource group in the target's region");
  }
  if (!r.stagingAccount) return;
  if (!sa) {
    if (!f.problems.some((x) => x.subject === "stagingStorageAccountId")) p("stagingStorageAccountId", `the staging storage account ${r.stagingAccount.id} does not exist`, "create it in the target's region and subscription, with allowCrossTenantReplication true and public network access enabled");
    return;
  }
  if (targetSub && r.stagingAccount.subscriptionId.toLowerCase() !== targetSub) p("stagingStorageAccountId", "the staging storage account is not in the target cluster's subscription", "use a storage account in the target's subscription");
  if (where && sa.location !== where) p("stagingStorageAccountId", `the staging storage account is in ${sa.location} but the target cluster is in ${where}`, "use a storage account in the target's region");
  if (sa.allowCrossTenantReplication !== true) p("stagingStorageAccountId", "the staging storage account does not allow cross-tenant replication", "az storage account update --allow-cross-tenant-replication true (the vault tier stages backups through it)");
  if (sa.publicNetworkAccess !== undefined && sa.publicNetworkAccess !== "Enabled") p("stagingStorageAccountId", `the staging storage account's public network access is ${sa.publicNetworkAccess}`, "az storage account update --public-network-access Enabled");
}

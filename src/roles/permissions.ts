import { isGuid, parseArmId, resourceTypes } from "../common/armId.js";
import { InputValidationError } from "../common/errors.js";
import type { BackupPermissionsRequest, RestorePermissionsRequest, RoleRequirement } from "./models.js";

/** Checks an object id (a GUID), naming `parameter`. */
export function validatePrincipalId(value: unknown, parameter: string): string {
  if (typeof value !== "string" || !isGuid(value)) {
    throw new InputValidationError(parameter, `'${String(value)}' is not a principal (object) id; it must be a GUID`,
      "pass the identity's principalId (object id), e.g. `identity.principalId` of the resource, not its client id or resource id");
  }
  return value.toLowerCase();
}

/** The ids of a backup request, checked before any request. */
export function validateBackupRequest(r: BackupPermissionsRequest): void {
  parseArmId(r.clusterId, "clusterId", resourceTypes.managedCluster);
  parseArmId(r.storageAccountId, "storageAccountId", resourceTypes.storageAccount);
  parseArmId(r.snapshotResourceGroupId, "snapshotResourceGroupId", resourceTypes.resourceGroup);
  validatePrincipalId(r.vaultPrincipalId, "vaultPrincipalId");
  validatePrincipalId(r.extensionPrincipalId, "extensionPrincipalId");
  if (r.clusterPrincipalId !== undefined) validatePrincipalId(r.clusterPrincipalId, "clusterPrincipalId");
}

/** The ids of a restore request, checked before any request. */
export function validateRestoreRequest(r: RestorePermissionsRequest): void {
  parseArmId(r.targetClusterId, "targetClusterId", resourceTypes.managedCluster);
  parseArmId(r.snapshotResourceGroupId, "snapshotResourceGroupId", resourceTypes.resourceGroup);
  validatePrincipalId(r.vaultPrincipalId, "vaultPrincipalId");
  if (r.clusterPrincipalId !== undefined) validatePrincipalId(r.clusterPrincipalId, "clusterPrincipalId");
}

/**
 * The role assignments AKS backup needs (the set `az dataprotection enable-backup` makes), at
 * the narrowest scopes: never the subscription.
 */
export function backupRequirements(r: BackupPermissionsRequest, clusterPrincipalId: string): RoleRequirement[] {
  const vault = r.vaultPrincipalId.toLowerCase();
  const sa = parseArmId(r.storageAccountId, "storageAccountId").id;
  const rg = parseArmId(r.snapshotResourceGroupId, "snapshotResourceGroupId").id;
  const cluster = parseArmId(r.clusterId, "clusterId").id;
  return [
    { identity: "extension", principalId: r.extensionPrincipalId.toLowerCase(), role: "Storage Blob Data Contributor", scope: sa, reason: "the backup extension writes backups to the storage account" },
    { identity: "vault", principalId: vault, role: "Reader", scope: cluster, reason: "the vault reads the cluster it protects" },
    { identity: "vault", principalId: vault, role: "Reader", scope: rg, reason: "the vault reads the snapshot resource group" },
    { identity: "vault", principalId: vault, role: "Disk Snapshot Contributor", scope: rg, reason: "the vault manages disk snapshots in the snapshot resource group" },
    { identity: "vault", principalId: vault, role: "Storage Blob Data Reader", scope: sa, reason: "the vault reads backups from the storage account" },
    { identity: "cluster", principalId: clusterPrincipalId.toLowerCase(), role: "Contributor", scope: rg, reason: "the cluster creates disk snapshots in the snapshot resource group" },
  ];
}

/** The role assignments a restore to a cluster needs. */
export function restoreRequirements(r: RestorePermissionsRequest, clusterPrincipalId: string): RoleRequirement[] {
  return [
    { identity: "vault", principalId: r.vaultPrincipalId.toLowerCase(), role: "Reader", scope: parseArmId(r.targetClusterId, "targetClusterId").id, reason: "the vault reads the cluster it restores to" },
    { identity: "cluster", principalId: clusterPrincipalId.toLowerCase(), role: "Contributor", scope: parseArmId(r.snapshotResourceGroupId, "snapshotResourceGroupId").id, reason: "the target cluster creates disks from snapshots in its snapshot resource group" },
  ];
}

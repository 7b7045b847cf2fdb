import { isGuid } from "../common/armId.js";
import { parseClusterId, parseResourceGroupId, parseStorageAccountId, type ClusterRef, type ResourceGroupRef, type StorageAccountRef } from "../common/references.js";
import { InputValidationError } from "../errors.js";
import type { BackupPermissionsRequest, RequirementIdentity, RestorePermissionsRequest, RoleRequirement } from "./models.js";

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
  parseClusterId(r.clusterId, "clusterId");
  parseStorageAccountId(r.storageAccountId, "storageAccountId");
  parseResourceGroupId(r.snapshotResourceGroupId, "snapshotResourceGroupId");
  validatePrincipalId(r.vaultPrincipalId, "vaultPrincipalId");
  validatePrincipalId(r.extensionPrincipalId, "extensionPrincipalId");
  if (r.clusterPrincipalId !== undefined) validatePrincipalId(r.clusterPrincipalId, "clusterPrincipalId");
}

/** The ids of a restore request, checked before any request. */
export function validateRestoreRequest(r: RestorePermissionsRequest): void {
  parseClusterId(r.targetClusterId, "targetClusterId");
  parseResourceGroupId(r.snapshotResourceGroupId, "snapshotResourceGroupId");
  validatePrincipalId(r.vaultPrincipalId, "vaultPrincipalId");
  if (r.clusterPrincipalId !== undefined) validatePrincipalId(r.clusterPrincipalId, "clusterPrincipalId");
}

/** Where the backup permission set applies: the cluster, its storage account and snapshot resource group. */
export interface BackupScopes {
  /** ARM id of the AKS cluster (or its reference). */
  clusterId: string | ClusterRef;
  /** ARM id of the storage account for backups (or its reference). */
  storageAccountId: string | StorageAccountRef;
  /** ARM id of the snapshot resource group (or its reference). */
  snapshotResourceGroupId: string | ResourceGroupRef;
}

/**
 * The backup role assignments of one identity (the set `az dataprotection enable-backup`
 * makes, at the narrowest scopes: never the subscription). Lets a setup grant each identity's
 * roles as soon as that identity exists.
 */
export function backupRequirementsOf(identity: RequirementIdentity, scopes: BackupScopes, principalId: string): RoleRequirement[] {
  const p = principalId.toLowerCase();
  const sa = parseStorageAccountId(scopes.storageAccountId, "storageAccountId").id;
  const rg = parseResourceGroupId(scopes.snapshotResourceGroupId, "snapshotResourceGroupId").id;
  const cluster = parseClusterId(scopes.clusterId, "clusterId").id;
  switch (identity) {
    case "extension":
      return [{ identity, principalId: p, role: "Storage Blob Data Contributor", scope: sa, reason: "the backup extension writes backups to the storage account" }];
    case "vault":
      return [
        { identity, principalId: p, role: "Reader", scope: cluster, reason: "the vault reads the cluster it protects" },
        { identity, principalId: p, role: "Reader", scope: rg, reason: "the vault reads the snapshot resource group" },
        { identity, principalId: p, role: "Disk Snapshot Contributor", scope: rg, reason: "the vault manages disk snapshots in the snapshot resource group" },
        { identity, principalId: p, role: "Storage Blob Data Reader", scope: sa, reason: "the vault reads backups from the storage account" },
      ];
    case "cluster":
      return [{ identity, principalId: p, role: "Contributor", scope: rg, reason: "the cluster creates disk snapshots in the snapshot resource group" }];
  }
}

/** The role assignments AKS backup needs, for all three identities. */
export function backupRequirements(r: BackupPermissionsRequest, clusterPrincipalId: string): RoleRequirement[] {
  return [
    ...backupRequirementsOf("extension", r, r.extensionPrincipalId),
    ...backupRequirementsOf("vault", r, r.vaultPrincipalId),
    ...backupRequirementsOf("cluster", r, clusterPrincipalId),
  ];
}

/** The role assignments a restore to a cluster needs. */
export function restoreRequirements(r: RestorePermissionsRequest, clusterPrincipalId: string): RoleRequirement[] {
  return [
    { identity: "vault", principalId: r.vaultPrincipalId.toLowerCase(), role: "Reader", scope: parseClusterId(r.targetClusterId, "targetClusterId").id, reason: "the vault reads the cluster it restores to" },
    { identity: "cluster", principalId: clusterPrincipalId.toLowerCase(), role: "Contributor", scope: parseResourceGroupId(r.snapshotResourceGroupId, "snapshotResourceGroupId").id, reason: "the target cluster creates disks from snapshots in its snapshot resource group" },
  ];
}

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
  if (r.stagingResourceGroupId !== undefined) parseResourceGroupId(r.stagingResourceGroupId, "stagingResourceGroupId");
  if (r.stagingStorageAccountId !== undefined) parseStorageAccountId(r.stagingStorageAccountId, "stagingStorageAccountId");
  if (r.extensionPrincipalId !== undefined) validatePrincipalId(r.extensionPrincipalId, "extensionPrincipalId");
}

/** Where the backup permission set applies: the cluster, its storage account and snapshot resource group. */
export interface BackupScopes {
  /** ARM id of the AKS cluster (or its reference). */
  clusterId: string | ClusterRef;
  /** ARM id of the storage account for backups (or its reference). */
  storageAccountId: string | StorageAccountRef;
  /** ARM id of the snapshot resource group (or its reference). */
  snapshotResourceGroupId: string | ResourceGroupRef;
  /** Whether the policy keeps backups in the vault tier: the vault then also needs Data Operator for Managed Disks on the snapshot group. */
  vaultTier?: boolean;
  /** Resource groups or storage accounts holding backed-up Azure Files shares: the cluster then needs Storage File Data Privileged Contributor on each. */
  azureFilesScopes?: readonly string[];
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
        ...(scopes.vaultTier === true
          ? [{ identity, principalId: p, role: "Data Operator for Managed Disks", scope: rg, reason: "the vault reads snapshot data to copy backups to the vault tier" }]
          : []),
      ];
    case "cluster":
      return [
        { identity, principalId: p, role: "Contributor", scope: rg, reason: "the cluster creates disk snapshots in the snapshot resource group" },
        ...(scopes.azureFilesScopes ?? []).map((scope) => ({ identity, principalId: p, role: "Storage File Data Privileged Contributor", scope, reason: "the cluster snapshots the Azure Files (SMB) shares it backs up" })),
      ];
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

/**
 * The role assignments a restore to a cluster needs, in a fixed order: the vault reads the
 * target; the target's identity writes disks in the snapshot group; for a vault-tier restore,
 * the vault works in the staging group and account, and the target's extension identity
 * reads the staged backup from the account.
 */
export function restoreRequirements(r: RestorePermissionsRequest, clusterPrincipalId: string): RoleRequirement[] {
  const vault = r.vaultPrincipalId.toLowerCase();
  const out: RoleRequirement[] = [
    { identity: "vault", principalId: vault, role: "Reader", scope: parseClusterId(r.targetClusterId, "targetClusterId").id, reason: "the vault reads the cluster it restores to" },
    { identity: "cluster", principalId: clusterPrincipalId.toLowerCase(), role: "Contributor", scope: parseResourceGroupId(r.snapshotResourceGroupId, "snapshotResourceGroupId").id, reason: "the target cluster creates disks from snapshots in its snapshot resource group" },
  ];
  if (r.stagingResourceGroupId !== undefined) {
    out.push({ identity: "vault", principalId: vault, role: "Contributor", scope: parseResourceGroupId(r.stagingResourceGroupId, "stagingResourceGroupId").id, reason: "the vault creates staging disks and snapshots in the staging resource group" });
  }
  if (r.stagingStorageAccountId !== undefined) {
    const sa = parseStorageAccountId(r.stagingStorageAccountId, "stagingStorageAccountId").id;
    out.push(
      { identity: "vault", principalId: vault, role: "Storage Account Contributor", scope: sa, reason: "the vault manages the staging storage account" },
      { identity: "vault", principalId: vault, role: "Storage Blob Data Owner", scope: sa, reason: "the vault writes the staged backup to the staging storage account" },
    );
    if (r.extensionPrincipalId !== undefined) {
      out.push({ identity: "extension", principalId: r.extensionPrincipalId.toLowerCase(), role: "Storage Blob Data Contributor", scope: sa, reason: "the target's Backup Extension reads the staged backup from the staging storage account" });
    }
  }
  if (r.extensionPrincipalId !== undefined && r.extensionStorageAccountId !== undefined) {
    const own = parseStorageAccountId(r.extensionStorageAccountId, "extensionStorageAccountId").id;
    out.push({ identity: "extension", principalId: r.extensionPrincipalId.toLowerCase(), role: "Storage Blob Data Contributor", scope: own, reason: "the target's Backup Extension writes to and reads from its storage account" });
  }
  return out;
}

import type { OperationOptions } from "../common/options.js";
import type { ClusterRef, ResourceGroupRef, StorageAccountRef } from "../common/referenceTypes.js";

/** Principal types Azure RBAC knows. Managed identities are `ServicePrincipal`. */
export type PrincipalType = "ServicePrincipal" | "User" | "Group" | "ForeignGroup" | "Device";

/** What {@link RoleGranter.grant} assigns. */
export interface GrantRequest {
  /** Object id (a GUID) of the identity to grant the role to. */
  principalId: string;
  /**
   * A built-in role name ("Storage Blob Data Contributor", case-insensitive), a custom role's
   * name, a role definition GUID, or a role definition id.
   */
  role: string;
  /** ARM id of the scope: a resource group or a resource (a subscription also works). */
  scope: string;
  /**
   * Default: "ServicePrincipal" (managed identities). Sending it is what avoids most
   * `PrincipalNotFound` failures for identities that were just created.
   */
  principalType?: PrincipalType;
}

/** What {@link RoleGranter.grant} did. */
export interface GrantResult {
  /** Id of the assignment that gives the role: the new one, or the one already in place (maybe at a parent scope). */
  id: string;
  /** Whether this call created it. */
  created: boolean;
}

/** Progress of a grant that waits for a new identity to become visible to RBAC. */
export interface GrantProgress {
  /** The principal not yet visible. */
  principalId: string;
  /** Attempts made so far. */
  attempt: number;
  /** Milliseconds waited so far. */
  waitedInMs: number;
  /** Milliseconds until the next attempt. */
  nextRetryInMs: number;
}

/** Options of {@link RoleGranter.grant}. */
export interface GrantOptions extends OperationOptions {
  /**
   * How long to keep retrying while Azure answers `PrincipalNotFound` (a new identity not yet
   * replicated). Retries back off exponentially from the client's `pollIntervalInMs` up to
   * 30 s. Default: 5 minutes.
   */
  propagationTimeoutInMs?: number;
  /** Called before each wait for a principal to propagate. */
  onProgress?: (progress: GrantProgress) => void;
  /**
   * Allow a scope that is a whole subscription. Default false: `grant` refuses a
   * subscription-wide role assignment unless asked by name. The backup and restore permission
   * sets never grant at subscription scope and ignore this option.
   */
  allowSubscriptionScope?: boolean;
}

/** A role assignment, as {@link RoleGranter.list} returns it. */
export interface RoleAssignmentInfo {
  /** Full id: `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`. */
  id: string;
  /** The assignment's GUID. */
  name: string;
  /** Scope the assignment is made at. */
  scope: string;
  /** Full role definition id. */
  roleDefinitionId: string;
  /** The built-in role's name, when it is one. */
  roleName: string | undefined;
  /** Object id of the principal. */
  principalId: string;
  /** Principal type, e.g. "ServicePrincipal". */
  principalType: string | undefined;
  /** When it was created. */
  createdOn: Date | undefined;
}

/** Options of {@link RoleGranter.list}. */
export interface ListRoleAssignmentsOptions extends OperationOptions {
  /** Only assignments of this principal (at, above and below the scope). */
  principalId?: string;
  /** Only assignments at or above the scope (Azure's `atScope()`); default false (also below). */
  atScopeAndAbove?: boolean;
}

/** Options of {@link RoleGranter.revoke}. */
export interface RevokeOptions extends OperationOptions {
  /** The assignment's name (its GUID, the last segment of the id): revoking removes access. */
  confirm: string;
}

/** Why an identity needs a role: which identity it is, and what for. */
export type RequirementIdentity = "cluster" | "extension" | "vault";

/** One role assignment AKS backup needs. */
export interface RoleRequirement {
  /** Which identity: the cluster's, the backup extension's or the Backup vault's. */
  identity: RequirementIdentity;
  /** Object id of that identity. */
  principalId: string;
  /** Built-in role name. */
  role: string;
  /** The narrowest scope that works (never the subscription). */
  scope: string;
  /** Why it is needed, for plans and logs. */
  reason: string;
}

/** The identities and resources of a backup configuration. */
export interface BackupPermissionsRequest {
  /** ARM id of the AKS cluster (or its parsed reference). */
  clusterId: string | ClusterRef;
  /** ARM id of the storage account the backup extension writes to (or its parsed reference). */
  storageAccountId: string | StorageAccountRef;
  /** ARM id of the resource group for disk snapshots (or its parsed reference). */
  snapshotResourceGroupId: string | ResourceGroupRef;
  /** Object id of the Backup vault's system-assigned identity. */
  vaultPrincipalId: string;
  /** Object id of the backup extension's identity (`aksAssignedIdentity.principalId`). */
  extensionPrincipalId: string;
  /** Object id of the cluster's identity. Default: read from the cluster (system-assigned, or its user-assigned one). */
  clusterPrincipalId?: string;
  /** The policy keeps backups in the vault tier: the vault also gets Data Operator for Managed Disks on the snapshot group. Default: false. */
  vaultTier?: boolean;
}

/** The identities and resources of a restore to a cluster. */
export interface RestorePermissionsRequest {
  /** ARM id of the cluster restored to (or its parsed reference). */
  targetClusterId: string | ClusterRef;
  /** ARM id of the target cluster's snapshot resource group (or its parsed reference). */
  snapshotResourceGroupId: string | ResourceGroupRef;
  /** Object id of the Backup vault's system-assigned identity. */
  vaultPrincipalId: string;
  /** Object id of the target cluster's identity. Default: read from the cluster. */
  clusterPrincipalId?: string;
  /** Vault-tier restores: the staging resource group (the vault gets Contributor on it). */
  stagingResourceGroupId?: string | ResourceGroupRef;
  /**
   * Vault-tier restores: the staging storage account (the vault gets Storage Account
   * Contributor and Storage Blob Data Owner on it; the target's extension identity, Storage Blob
   * Data Contributor).
   */
  stagingStorageAccountId?: string | StorageAccountRef;
  /** Object id of the target cluster's Backup Extension identity (needed with `stagingStorageAccountId` and `extensionStorageAccountId`). */
  extensionPrincipalId?: string;
  /**
   * The storage account of the target's Backup Extension (its backup storage location): the
   * extension identity gets Storage Blob Data Contributor on it, as a restore validation checks.
   */
  extensionStorageAccountId?: string | StorageAccountRef;
}

/** A requirement and whether it is already met. */
export interface PlannedRoleAssignment extends RoleRequirement {
  /** Id of an assignment that already gives it (maybe at a parent scope), or undefined when it must be granted. */
  existingId: string | undefined;
}

/** A requirement and the outcome of granting it. */
export interface GrantedRoleAssignment extends RoleRequirement, GrantResult {}

/** Options of the permission set methods. */
export type PermissionSetOptions = Omit<GrantOptions, "allowSubscriptionScope">;

/** Options of {@link RoleGranter.requiredForBackup}. */
export type RequiredForBackupOptions = PermissionSetOptions;
/** Options of {@link RoleGranter.requiredForRestore}. */
export type RequiredForRestoreOptions = PermissionSetOptions;
/** Options of {@link RoleGranter.plan}. */
export type PlanRoleAssignmentsOptions = PermissionSetOptions;
/** Options of {@link RoleGranter.grantAll}. */
export type GrantAllOptions = PermissionSetOptions;
/** Options of {@link RoleGranter.grantForBackup}. */
export type GrantForBackupOptions = PermissionSetOptions;
/** Options of {@link RoleGranter.grantForRestore}. */
export type GrantForRestoreOptions = PermissionSetOptions;
/** Options of {@link RoleGranter.canAssignRoles}. */
export type CanAssignRolesOptions = OperationOptions;

import type { ArmResourceId } from "./armId.js";

/**
 * What every typed reference has: the parsed id (as {@link ArmResourceId}), the kind of
 * resource, and the request path with every segment percent-encoded. References are made only
 * by the `parse*` functions of `references.ts`; they are frozen.
 */
export interface ReferenceBase<K extends string> extends ArmResourceId {
  /** The kind of resource, e.g. "cluster". */
  readonly kind: K;
  /** The id with every segment checked and percent-encoded, ready to follow an ARM endpoint. */
  readonly path: string;
}

/** A reference to a resource that lives in a resource group. */
export interface GroupedReference<K extends string> extends ReferenceBase<K> {
  /** The resource group's name. */
  readonly resourceGroupName: string;
}

/** A subscription (`/subscriptions/{guid}`). */
export type SubscriptionRef = ReferenceBase<"subscription">;

/** A resource group (`/subscriptions/{guid}/resourceGroups/{name}`). */
export type ResourceGroupRef = GroupedReference<"resourceGroup">;

/** An AKS cluster (`Microsoft.ContainerService/managedClusters`). */
export type ClusterRef = GroupedReference<"cluster">;

/** A storage account (`Microsoft.Storage/storageAccounts`). */
export type StorageAccountRef = GroupedReference<"storageAccount">;

/** A user-assigned managed identity (`Microsoft.ManagedIdentity/userAssignedIdentities`). */
export type UserAssignedIdentityRef = GroupedReference<"userAssignedIdentity">;

/** A backup vault (`Microsoft.DataProtection/backupVaults`). */
export type BackupVaultRef = GroupedReference<"backupVault">;

/** A backup policy in a vault. */
export interface BackupPolicyRef extends GroupedReference<"backupPolicy"> {
  /** The vault holding the policy. */
  readonly vault: BackupVaultRef;
}

/** A backup instance in a vault. */
export interface BackupInstanceRef extends GroupedReference<"backupInstance"> {
  /** The vault holding the instance. */
  readonly vault: BackupVaultRef;
}

/** A backup or restore job in a vault (`backupJobs/{guid}`). */
export interface JobRef extends GroupedReference<"job"> {
  /** The vault running the job. */
  readonly vault: BackupVaultRef;
}

/** A recovery point of a backup instance. */
export interface RecoveryPointRef extends GroupedReference<"recoveryPoint"> {
  /** The backup instance the point belongs to. */
  readonly backupInstance: BackupInstanceRef;
}

/** A cluster extension (`{cluster}/providers/Microsoft.KubernetesConfiguration/extensions/{name}`). */
export interface ExtensionRef extends GroupedReference<"extension"> {
  /** The cluster the extension is installed on. */
  readonly cluster: ClusterRef;
}

/** A Trusted Access role binding on a cluster (`{cluster}/trustedAccessRoleBindings/{name}`). */
export interface TrustedAccessBindingRef extends GroupedReference<"trustedAccessBinding"> {
  /** The cluster holding the binding. */
  readonly cluster: ClusterRef;
}

/** How wide a role-assignment scope is. */
export type ScopeLevel = "subscription" | "resourceGroup" | "resource";

/** The scope of a role assignment: a subscription, a resource group or one resource. */
export interface RoleAssignmentScopeRef extends ReferenceBase<"scope"> {
  /** How wide the scope is. */
  readonly level: ScopeLevel;
}

/** A role assignment (`{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}`). */
export interface RoleAssignmentRef extends ReferenceBase<"roleAssignment"> {
  /** The scope the assignment is made at. */
  readonly scope: RoleAssignmentScopeRef;
}

/** A blob container name checked against Azure's rules (3-63 lowercase letters, digits, single hyphens). */
export type BlobContainerName = string & {
  /** Marks a checked name; not present at run time. */
  readonly __brand: "BlobContainerName";
};

/** Every typed reference. */
export type ResourceRef =
  | SubscriptionRef
  | ResourceGroupRef
  | ClusterRef
  | StorageAccountRef
  | UserAssignedIdentityRef
  | BackupVaultRef
  | BackupPolicyRef
  | BackupInstanceRef
  | JobRef
  | RecoveryPointRef
  | ExtensionRef
  | TrustedAccessBindingRef
  | RoleAssignmentScopeRef
  | RoleAssignmentRef;

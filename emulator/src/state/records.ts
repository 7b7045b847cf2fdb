/** A resource group. */
export interface ResourceGroupRecord {
  id: string;
  name: string;
  subscriptionId: string;
  location: string;
  tags: Record<string, string>;
}

/** The identity block of a cluster, in ARM's shape. */
export interface ClusterIdentity {
  type: "SystemAssigned" | "UserAssigned" | "None";
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId: string; clientId: string }>;
}

/** A Kubernetes cluster: an AKS managed cluster, or an Arc connected cluster. */
export interface ClusterRecord {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  kind: "managedCluster" | "connectedCluster";
  identity: ClusterIdentity;
  /** Kubernetes objects in the cluster; drives how much memory the backup extension needs. */
  resourceCount: number;
  nodeResourceGroup: string;
  kubeletPrincipalId: string;
  kubernetesVersion: string;
  /** `properties.apiServerAccessProfile.disableRunCommand` of an AKS cluster; absent when not set. */
  disableRunCommand?: boolean;
}

/** A storage account and the blob containers in it. */
export interface StorageAccountRecord {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  containers: Map<string, { name: string; createdAt: number }>;
  /** `properties.allowCrossTenantReplication` (staging accounts of vault-tier restores need true). Default false. */
  allowCrossTenantReplication?: boolean;
  /** `properties.publicNetworkAccess`. Default "Enabled". */
  publicNetworkAccess?: "Enabled" | "Disabled";
}

/** A cluster extension, stored as the ARM body it answers with. */
export interface ExtensionRecord {
  id: string;
  name: string;
  clusterId: string;
  /** ARM body: `{ id, name, type, properties, systemData }`. Protected settings are kept apart. */
  body: { id: string; name: string; type: string; properties: Record<string, unknown>; systemData: Record<string, unknown> };
  protectedSettings: Record<string, string>;
}

/** A role assignment at a scope. */
export interface RoleAssignmentRecord {
  /** `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`. */
  id: string;
  /** The assignment's GUID. */
  name: string;
  /** The scope as given (subscription, resource group or resource id). */
  scope: string;
  /** Full role definition id `/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}`. */
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  /** Simulated epoch ms. */
  createdAt: number;
  /** ABAC condition, its version ("2.0") and the description, as sent (null when not). */
  condition?: string | null;
  conditionVersion?: string | null;
  description?: string | null;
}

/** A Trusted Access role binding on a managed cluster. */
export interface TrustedAccessBindingRecord {
  /** `{clusterId}/trustedAccessRoleBindings/{name}`. */
  id: string;
  name: string;
  clusterId: string;
  sourceResourceId: string;
  roles: string[];
  /** "Updating" while being applied, then "Succeeded" (or "Deleting"). */
  provisioningState: string;
  createdAt: number;
}

/** A Microsoft.DataProtection backup vault, stored as the ARM body it answers with. */
export interface BackupVaultRecord {
  /** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.DataProtection/backupVaults/{name}`. */
  id: string;
  /** The vault name. */
  name: string;
  /** Subscription of the vault. */
  subscriptionId: string;
  /** Resource group of the vault. */
  resourceGroup: string;
  /** Normalised region name. */
  location: string;
  /** ARM body: `{ id, name, type, location, tags?, identity, properties }`. */
  body: Record<string, unknown> & { properties: Record<string, unknown> };
}

/** A backup policy in a vault, stored as the ARM body it answers with. */
export interface BackupPolicyRecord {
  /** `{vaultId}/backupPolicies/{name}`. */
  id: string;
  /** The vault the policy belongs to. */
  vaultId: string;
  /** ARM body: `{ id, name, type, properties }`. */
  body: Record<string, unknown> & { properties: Record<string, unknown> };
}

/** A backup instance (a protected datasource) in a vault. */
export interface BackupInstanceRecord {
  /** `{vaultId}/backupInstances/{name}`. */
  id: string;
  /** The backup instance name. */
  name: string;
  /** The vault the backup instance belongs to. */
  vaultId: string;
  /** ARM id of the protected datasource (`dataSourceInfo.resourceID`). */
  datasourceId: string;
  /** ARM body: `{ id, name, type, properties }` (`properties` is the `BackupInstance`). */
  body: Record<string, unknown> & { properties: Record<string, unknown> };
  /** Id of the operation that currently holds the backup instance, if any (others are refused). */
  busyWith?: string;
}

/** What the final `Location` GET of a DataProtection operation answers. */
export type DataProtectionOperationResult =
  | { kind: "jobInfo" }
  | { kind: "vault"; resourceId: string }
  | { kind: "backupInstance"; resourceId: string };

/** A DataProtection long-running operation: where it is monitored and what it results in. */
export interface DataProtectionOperationRecord {
  /** The base64 operation id (the key in `state.operations`). */
  id: string;
  /** Vault the operation runs in. */
  vaultId: string;
  /** Region of the vault (used in `locations/{region}/...` monitor URLs). */
  location: string;
  /** What the final `Location` GET answers. */
  result: DataProtectionOperationResult;
}

/** A backup job in a vault (CONTRACTS 5.6), stored as the body `Jobs_Get` answers. */
export interface BackupJobRecord {
  /** `{vaultId}/backupJobs/{guid}`. */
  id: string;
  /** The vault the job belongs to. */
  vaultId: string;
  /** The backup instance the job ran for. */
  backupInstanceId: string;
  /** Simulated epoch ms at which the job started (the list is ordered by it). */
  startTime: number;
  /** ARM body: `{ properties, id, name, type }` (`properties` is the `AzureBackupJob`). */
  body: Record<string, unknown> & { properties: Record<string, unknown> };
}

/** A recovery point of a backup instance (CONTRACTS 5.7). */
export interface RecoveryPointRecord {
  /** `{backupInstanceId}/recoveryPoints/{32 hex}`. */
  id: string;
  /** The backup instance the point belongs to. */
  backupInstanceId: string;
  /** Simulated epoch ms of `recoveryPointTime`. */
  time: number;
  /** Simulated epoch ms after which retention removes it (unless it is the latest). */
  expiresAt: number;
  /** Kubernetes objects in the cluster when it was taken (what a restore of it must handle). */
  resourceCount: number;
  /** ARM body: `{ properties, id, name, type }`. */
  body: Record<string, unknown> & { properties: Record<string, unknown> };
}

/**
 * Conditions of an emulated cluster that make backups and restores end CompletedWithWarnings.
 * Set with `ArmEmulator.setClusterConditions`.
 */
export interface ClusterConditions {
  /** Namespaces that do not exist; a backup that includes one warns. */
  missingNamespaces?: string[];
  /** PVCs (`namespace/name`) with no volume or storage class; a backup that snapshots volumes warns. */
  pvcsWithoutStorageClass?: string[];
  /** An Azure Policy denies disk snapshots in the snapshot resource group. */
  snapshotPolicyDisallowed?: boolean;
  /** The subscription's disk snapshot limit is reached. */
  snapshotLimitReached?: boolean;
  /** CSI volume snapshots time out before they are ready. */
  csiSnapshotTimeout?: boolean;
  /** Names of backup or restore hooks whose commands fail. */
  failingHooks?: string[];
  /** Custom resource definitions whose version differs on a restore's target cluster. */
  crdVersionMismatch?: string[];
}

/** A Kubernetes object in an emulated cluster (what backups capture and restores write). */
export interface KubeObjectRecord {
  /** Namespace, or null for a cluster-scoped object (a namespace itself is cluster-scoped, kind "Namespace"). */
  namespace: string | null;
  /** Resource type as restore criteria name it, lower-case plural: "deployments", "configmaps", "namespaces"... */
  kind: string;
  /** Object name. */
  name: string;
  /** Labels. */
  labels: Record<string, string>;
  /** Bumped on every change (as Kubernetes' resourceVersion). */
  version: number;
  /** Name of the recovery point the object was last restored (created or patched) from. */
  restoredFrom?: string;
  /** `namespace/name` of the resource-modifier ConfigMap the restore that last wrote it applied. */
  resourceModifier?: string;
}

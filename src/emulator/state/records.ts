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
}

/** A storage account and the blob containers in it. */
export interface StorageAccountRecord {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  containers: Map<string, { name: string; createdAt: number }>;
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

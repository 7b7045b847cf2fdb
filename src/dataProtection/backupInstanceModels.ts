import type { DataStoreTypes, ProxyResource, UserFacingError } from "./models.js";

/** The protected resource (`Datasource`; `DatasourceSet` has the same fields). */
export interface Datasource {
  /** "Datasource" or "DatasourceSet". */
  objectType?: string;
  /** Full ARM id (required; note the capital "ID"). */
  resourceID: string;
  /** Datasource type, e.g. "Microsoft.ContainerService/managedClusters". */
  datasourceType?: string;
  /** Region of the resource. */
  resourceLocation?: string;
  /** Name of the resource. */
  resourceName?: string;
  /** Resource type, e.g. "Microsoft.ContainerService/managedclusters". */
  resourceType?: string;
  /** Uri of the resource (its ARM id). */
  resourceUri?: string;
}

/** Operational store parameters (`AzureOperationalStoreParameters`). */
export interface AzureOperationalStoreParameters {
  /** "AzureOperationalStoreParameters". */
  objectType: "AzureOperationalStoreParameters";
  /** The data store. */
  dataStoreType: DataStoreTypes;
  /** Snapshot resource group id. */
  resourceGroupId?: string;
}

/** A namespaced Kubernetes object (`NamespacedNameResource`), e.g. a backup hook. */
export interface NamespacedNameResource {
  /** Object name. */
  name?: string;
  /** Namespace. */
  namespace?: string;
}

/** Which Kubernetes objects a backup or restore covers: the fields the spec's backup parameters and restore criteria share. */
export interface KubernetesResourceSelection {
  /** Whether to include cluster-scoped resources. */
  includeClusterScopeResources: boolean;
  /** Namespaces to include (all when absent). */
  includedNamespaces?: string[] | null;
  /** Namespaces to exclude. */
  excludedNamespaces?: string[] | null;
  /** Resource types to include. */
  includedResourceTypes?: string[] | null;
  /** Resource types to exclude. */
  excludedResourceTypes?: string[] | null;
  /** Label selectors such as "app=web". */
  labelSelectors?: string[] | null;
}

/** What to back up from a cluster (`KubernetesClusterBackupDatasourceParameters`). */
export interface KubernetesClusterBackupDatasourceParameters extends KubernetesResourceSelection {
  /** "KubernetesClusterBackupDatasourceParameters". */
  objectType: "KubernetesClusterBackupDatasourceParameters";
  /** Whether to snapshot persistent volumes. */
  snapshotVolumes: boolean;
  /** Volume types to include ("AzureDisk", "AzureFileShareSMB"). */
  includedVolumeTypes?: Array<"AzureDisk" | "AzureFileShareSMB"> | null;
  /** Backup hooks to run. */
  backupHookReferences?: NamespacedNameResource[] | null;
}

/** Policy parameters of a backup instance (`PolicyParameters`). */
export interface PolicyParameters {
  /** Data store parameters. */
  dataStoreParametersList?: AzureOperationalStoreParameters[];
  /** Datasource parameters. */
  backupDatasourceParametersList?: KubernetesClusterBackupDatasourceParameters[];
}

/** The policy of a backup instance (`PolicyInfo`). */
export interface PolicyInfo {
  /** Full policy ARM id. */
  policyId: string;
  /** Policy version (read-only). */
  readonly policyVersion?: string;
  /** Parameters. */
  policyParameters?: PolicyParameters;
}

/** `currentProtectionState` values. */
export type CurrentProtectionState =
  | "Invalid"
  | "NotProtected"
  | "ConfiguringProtection"
  | "ProtectionConfigured"
  | "BackupSchedulesSuspended"
  | "RetentionSchedulesSuspended"
  | "ProtectionStopped"
  | "ProtectionError"
  | "ConfiguringProtectionFailed"
  | "SoftDeleting"
  | "SoftDeleted"
  | "UpdatingProtection";

/** A backup instance (`BackupInstance`). */
export interface BackupInstance {
  /** "BackupInstance". */
  objectType: "BackupInstance";
  /** Friendly name. */
  friendlyName?: string;
  /** The protected resource. */
  dataSourceInfo: Datasource;
  /** Its datasource set (the cluster, for AKS). */
  dataSourceSetInfo?: Datasource;
  /** The policy. */
  policyInfo: PolicyInfo;
  /** Protection status (read-only). */
  readonly protectionStatus?: {
    /** Status. */
    status?: string;
    /** Error details. */
    errorDetails?: UserFacingError;
  };
  /** Current protection state (read-only). */
  readonly currentProtectionState?: CurrentProtectionState;
  /** Protection error (read-only). */
  readonly protectionErrorDetails?: UserFacingError;
  /** Provisioning state (read-only). */
  readonly provisioningState?: string;
  /** "ShallowValidation" or "DeepValidation". */
  validationType?: "ShallowValidation" | "DeepValidation";
  /** Identity used; absent means the vault's system-assigned identity. */
  identityDetails?: {
    /** Whether the system-assigned identity is used. */
    useSystemAssignedIdentity?: boolean;
    /** ARM id of the user-assigned identity. */
    userAssignedIdentityArmUrl?: string;
  };
  /** Resource guard operation requests. */
  resourceGuardOperationRequests?: string[];
}

/** A backup instance resource (`BackupInstanceResource`). */
export interface BackupInstanceResource extends ProxyResource {
  /** Tags. */
  tags?: Record<string, string>;
  /** The instance. */
  properties?: BackupInstance;
}

/** Body of `validateForBackup`. */
export interface ValidateForBackupRequest {
  /** The instance to validate. */
  backupInstance: BackupInstance;
}

/** Body of an ad hoc backup (`TriggerBackupRequest`). */
export interface TriggerBackupRequest {
  /** Which rule and retention tag to use. */
  backupRuleOptions: {
    /** Name of an `AzureBackupRule` of the policy. */
    ruleName: string;
    /** Retention tag override. */
    triggerOption?: {
      /** Retention tag to apply instead of the schedule's, e.g. "Default". */
      retentionTagOverride?: string;
    };
  };
}

/** Body of stopProtection and suspendBackups. */
export interface StopProtectionRequest {
  /** Resource guard operation requests. */
  resourceGuardOperationRequests?: string[];
}

/**
 * Wire types of Microsoft.DataProtection 2025-07-01 shared by several operation groups, and
 * the backup vault types. Names follow the spec's definitions (and `@azure/arm-dataprotection`).
 */
export type * from "./policyModels.js";
export type * from "./backupInstanceModels.js";
export type * from "./jobModels.js";
export type * from "./restoreModels.js";
export type * from "./resourceGuardModels.js";

/** Metadata about who created and last changed a resource, and when. */
export interface SystemData {
  /** Identity that created the resource. */
  createdBy?: string;
  /** Kind of identity that created the resource ("User", "Application", ...). */
  createdByType?: string;
  /** When the resource was created (ISO 8601). */
  createdAt?: string;
  /** Identity that last changed the resource. */
  lastModifiedBy?: string;
  /** Kind of identity that last changed the resource. */
  lastModifiedByType?: string;
  /** When the resource was last changed (ISO 8601). */
  lastModifiedAt?: string;
}

/** Fields every ARM resource has (`DppResource` / `ProxyResource`). */
export interface ProxyResource {
  /** Full ARM id (read-only). */
  readonly id?: string;
  /** Resource name (read-only). */
  readonly name?: string;
  /** Resource type, e.g. "Microsoft.DataProtection/backupVaults" (read-only). */
  readonly type?: string;
  /** Creation and change metadata (read-only). */
  readonly systemData?: SystemData;
}

/** Extra information attached to an ARM error (`ErrorAdditionalInfo`). */
export interface ErrorAdditionalInfo {
  /** Kind of information, e.g. "UserFacingError". */
  readonly type?: string;
  /** The information; for "UserFacingError", a {@link UserFacingError}. */
  readonly info?: unknown;
}

/** An ARM error (`Error` in the spec, the body of `CloudError`). */
export interface ErrorModel {
  /** Error code, e.g. "UserErrorMissingRequiredPermissions". */
  readonly code?: string;
  /** Error message. */
  readonly message?: string;
  /** What the error is about. */
  readonly target?: string;
  /** Nested errors. */
  readonly details?: ErrorModel[];
  /** Extra information; DataProtection puts a `UserFacingError` here. */
  readonly additionalInfo?: ErrorAdditionalInfo[];
}

/** Inner error of a {@link UserFacingError}. */
export interface InnerError {
  /** Key/value details. */
  additionalInfo?: Record<string, string>;
  /** Error code. */
  code?: string;
  /** Nested inner error. */
  embeddedInnerError?: InnerError;
}

/** The rich error DataProtection shows users (protection errors, job errors). */
export interface UserFacingError {
  /** Error code, e.g. "UserErrorKubernetesBackupExtensionNotInstalled". */
  code?: string;
  /** Related errors. */
  details?: UserFacingError[];
  /** Inner error. */
  innerError?: InnerError;
  /** Whether retrying may succeed. */
  isRetryable?: boolean;
  /** Whether the error is the user's to fix. */
  isUserError?: boolean;
  /** Key/value properties, e.g. ActivityId. */
  properties?: Record<string, string>;
  /** Message. */
  message?: string;
  /** What to do about it. */
  recommendedAction?: string[];
  /** What the error is about. */
  target?: string;
}

/** Data store kinds. */
export type DataStoreTypes = "OperationalStore" | "VaultStore" | "ArchiveStore";

/** A managed identity of a vault (`DppIdentityDetails`). */
export interface DppIdentityDetails {
  /** Object id of the identity's service principal (read-only). */
  readonly principalId?: string;
  /** Tenant of the identity (read-only). */
  readonly tenantId?: string;
  /** "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned" or "None". */
  type?: string;
  /** User-assigned identities, by ARM id. */
  userAssignedIdentities?: Record<string, {
    /** Object id of the identity. */
    readonly principalId?: string;
    /** Client id of the identity. */
    readonly clientId?: string;
  }>;
}

/** Redundancy of a vault data store. */
export interface StorageSetting {
  /** The data store. */
  datastoreType?: "ArchiveStore" | "OperationalStore" | "VaultStore";
  /** Redundancy. */
  type?: "GeoRedundant" | "LocallyRedundant" | "ZoneRedundant";
}

/** Soft delete of backup data. */
export interface SoftDeleteSettings {
  /** "Off", "On" or "AlwaysOn" (irreversible). */
  state?: "Off" | "On" | "AlwaysOn";
  /** Days deleted data is kept (14-180). */
  retentionDurationInDays?: number;
}

/** Security settings of a vault. */
export interface SecuritySettings {
  /** Soft delete. */
  softDeleteSettings?: SoftDeleteSettings;
  /** Immutability. */
  immutabilitySettings?: {
    /** Immutability state. */
    state?: "Disabled" | "Unlocked" | "Locked";
  };
}

/** Properties of a backup vault (`BackupVault`). */
export interface BackupVault {
  /** The resource guard's requests approving a critical change (lowering soft delete or immutability). */
  resourceGuardOperationRequests?: string[];
  /** Azure Monitor alert settings. */
  monitoringSettings?: {
    /** Azure Monitor alerts. */
    azureMonitorAlertSettings?: {
      /** Alerts for every failed job. */
      alertsForAllJobFailures?: "Enabled" | "Disabled";
    };
  };
  /** Provisioning state (read-only): Failed, Provisioning, Succeeded, Unknown, Updating. */
  readonly provisioningState?: string;
  /** Security settings. */
  securitySettings?: SecuritySettings;
  /** Storage redundancy (required). */
  storageSettings: StorageSetting[];
  /** Whether a resource guard protects the vault (read-only). */
  readonly isVaultProtectedByResourceGuard?: boolean;
  /** Cross-subscription and cross-region restore settings. */
  featureSettings?: {
    /** Cross-subscription restore. */
    crossSubscriptionRestoreSettings?: {
      /** State. */
      state?: "Disabled" | "PermanentlyDisabled" | "Enabled";
    };
    /** Cross-region restore. */
    crossRegionRestoreSettings?: {
      /** State. */
      state?: "Disabled" | "Enabled";
    };
  };
  /** Secure score (read-only). */
  readonly secureScore?: string;
  /** Replicated regions. */
  replicatedRegions?: string[];
}

/** A backup vault (`BackupVaultResource`). */
export interface BackupVaultResource extends ProxyResource {
  /** Region (required). */
  location: string;
  /** Tags. */
  tags?: Record<string, string>;
  /** Managed identity. */
  identity?: DppIdentityDetails;
  /** ETag. */
  eTag?: string;
  /** Properties. */
  properties: BackupVault;
}

/** Extra information of an operation: the job it started (`OperationJobExtendedInfo`). */
export interface OperationJobExtendedInfo {
  /** "OperationJobExtendedInfo". */
  objectType: string;
  /** Full ARM id (or name) of the job the operation started. */
  jobId?: string;
}

/** Status of an asynchronous operation (`OperationResource`). */
export interface OperationResource {
  /** Id of the status resource. */
  id?: string;
  /** Operation id. */
  name?: string;
  /** "Inprogress", "Succeeded", "Failed", "Canceled", ... */
  status?: string;
  /** Start time (ISO 8601). */
  startTime?: string;
  /** End time (ISO 8601). */
  endTime?: string;
  /** The error, when the operation failed. */
  error?: ErrorModel;
  /** Extra information, e.g. the job started. */
  properties?: OperationJobExtendedInfo;
}

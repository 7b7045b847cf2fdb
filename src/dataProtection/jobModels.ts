import type { ProxyResource, UserFacingError } from "./models.js";

/** A recovery point referenced by a job. */
export interface RestoreJobRecoveryPointDetails {
  /** Recovery point id. */
  recoveryPointID?: string;
  /** Recovery point time (ISO 8601). */
  recoveryPointTime?: string;
}

/** A step of a job (`JobSubTask`). */
export interface JobSubTask {
  /** Additional details. */
  additionalDetails?: Record<string, string>;
  /** Task number. */
  taskId: number;
  /** e.g. "Trigger Backup". */
  taskName: string;
  /** Progress (read-only). */
  readonly taskProgress?: string;
  /** Status. */
  taskStatus: string;
}

/** Extended information of a job (`JobExtendedInfo`). */
export interface JobExtendedInfo {
  /** Additional details, e.g. `{ RetentionTag: "default" }`. */
  additionalDetails?: Record<string, string>;
  /** State of the backup instance (read-only). */
  readonly backupInstanceState?: string;
  /** Bytes transferred (read-only). */
  readonly dataTransferredInBytes?: number;
  /** Restore destination (read-only). */
  readonly recoveryDestination?: string;
  /** Source recovery point of a restore (read-only). */
  readonly sourceRecoverPoint?: RestoreJobRecoveryPointDetails;
  /** Steps (read-only). */
  readonly subTasks?: JobSubTask[];
  /** Recovery point a backup made (read-only). */
  readonly targetRecoverPoint?: RestoreJobRecoveryPointDetails;
  /** Warnings (read-only), when the job completed with warnings. */
  readonly warningDetails?: Array<{
    /** The resource the warning is about. */
    resourceName?: string;
    /** The warning. */
    warning: UserFacingError;
  }>;
}

/** A backup or restore job (`AzureBackupJob`). */
export interface AzureBackupJob {
  /** Activity id. */
  activityID: string;
  /** Friendly name of the backup instance. */
  backupInstanceFriendlyName: string;
  /** ARM id of the backup instance (read-only). */
  readonly backupInstanceId?: string;
  /** ARM id of the datasource. */
  dataSourceId: string;
  /** Region of the datasource. */
  dataSourceLocation: string;
  /** Name of the datasource. */
  dataSourceName: string;
  /** Datasource set name. */
  dataSourceSetName?: string;
  /** Datasource type. */
  dataSourceType: string;
  /** Run time (ISO 8601 duration). */
  duration?: string;
  /** End time (read-only; absent while running). */
  readonly endTime?: string | null;
  /** Errors (read-only). */
  readonly errorDetails?: UserFacingError[] | null;
  /** Extended information (read-only). */
  readonly extendedInfo?: JobExtendedInfo;
  /** Whether a user started it (ad hoc) rather than a schedule. */
  isUserTriggered: boolean;
  /** e.g. "Backup", "Restore", "ConfigureProtection". */
  operation: string;
  /** "Backup", "Restore", "Tiering" or "Management". */
  operationCategory: string;
  /** Policy ARM id (read-only). */
  readonly policyId?: string;
  /** Policy name (read-only). */
  readonly policyName?: string;
  /** Whether progress is reported. */
  progressEnabled: boolean;
  /** Progress URL (read-only). */
  readonly progressUrl?: string | null;
  /** Restore type (read-only). */
  readonly restoreType?: string | null;
  /** Resource group of the datasource. */
  sourceResourceGroup: string;
  /** Subscription of the datasource. */
  sourceSubscriptionID: string;
  /** Start time (ISO 8601). */
  startTime: string;
  /** "InProgress", "Completed", "CompletedWithWarnings", "Failed", "Cancelled", ... */
  status: string;
  /** Subscription of the vault. */
  subscriptionId: string;
  /** Supported actions. */
  supportedActions: string[];
  /** Vault name. */
  vaultName: string;
  /** ETag. */
  etag?: string;
  /** Source data store name. */
  sourceDataStoreName?: string | null;
  /** Destination data store name. */
  destinationDataStoreName?: string | null;
  /** Source data store type of a restore (in real data, not in the spec). */
  sourceDataStoreType?: string | null;
  /** Whether a restore is cross-region (in real data, not in the spec). */
  isCrossRegionRestore?: boolean | null;
}

/** A job resource (`AzureBackupJobResource`). */
export interface AzureBackupJobResource extends ProxyResource {
  /** The job. */
  properties?: AzureBackupJob;
}

/** Where a recovery point's data is (`RecoveryPointDataStoreDetails`). */
export interface RecoveryPointDataStoreDetails {
  /** Creation time. */
  creationTime?: string;
  /** Expiry time. */
  expiryTime?: string;
  /** Id. */
  id?: string;
  /** Metadata. */
  metaData?: string;
  /** State, e.g. "COMMITTED". */
  state?: string;
  /** "OperationalStore" or "VaultStore". */
  type?: string;
  /** Whether visible. */
  visible?: boolean;
}

/** A recovery point (`AzureBackupDiscreteRecoveryPoint`). */
export interface AzureBackupDiscreteRecoveryPoint {
  /** "AzureBackupDiscreteRecoveryPoint". */
  objectType: string;
  /** Friendly name. */
  friendlyName?: string;
  /** Where its data is. */
  recoveryPointDataStoresDetails?: RecoveryPointDataStoreDetails[];
  /** When it was taken (required). */
  recoveryPointTime: string;
  /** Policy name. */
  policyName?: string;
  /** Policy version. */
  policyVersion?: string;
  /** Recovery point id. */
  recoveryPointId?: string;
  /** e.g. "Incremental". */
  recoveryPointType?: string;
  /** Retention tag, e.g. "default". */
  retentionTagName?: string;
  /** Retention tag version. */
  retentionTagVersion?: string;
  /** Expiry (read-only). */
  readonly expiryTime?: string;
  /** "Completed" or "Partial". */
  recoveryPointState?: "Completed" | "Partial";
}

/** A recovery point resource (`AzureBackupRecoveryPointResource`). */
export interface AzureBackupRecoveryPointResource extends ProxyResource {
  /** The recovery point. */
  properties?: AzureBackupDiscreteRecoveryPoint;
}

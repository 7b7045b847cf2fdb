import type { BackupInstance } from "./models.js";

/** A critical operation of a vault and the guard's default request that approves it (`ResourceGuardOperationDetail`). */
export interface ResourceGuardOperationDetail {
  /** e.g. "Microsoft.DataProtection/backupVaults/backupInstances/delete". */
  vaultCriticalOperation?: string;
  /** e.g. "{guardId}/deleteBackupInstanceRequests/default"; absent for operations the guard does not protect. */
  defaultResourceRequest?: string;
}

/** A vault's link to a resource guard (`ResourceGuardProxyBaseResource`). */
export interface ResourceGuardProxyResource {
  /** ARM id of the proxy. */
  id?: string;
  /** "DppResourceGuardProxy". */
  name?: string;
  /** ARM type. */
  type?: string;
  /** The link. */
  properties?: {
    /** ARM id of the guard. */
    resourceGuardResourceId?: string;
    /** The critical operations and their default requests. */
    resourceGuardOperationDetails?: ResourceGuardOperationDetail[];
    /** When the link last changed. */
    lastUpdatedTime?: string;
    /** Free text. */
    description?: string;
  };
}

/** Body of `unlockDelete` (`UnlockDeleteRequest`). */
export interface UnlockDeleteRequest {
  /** The guard's requests approving the delete of the proxy. */
  resourceGuardOperationRequests?: string[];
  /** The resource to delete, when the service needs it. */
  resourceToBeDeleted?: string;
}

/** Answer of `unlockDelete` (`UnlockDeleteResponse`). */
export interface UnlockDeleteResponse {
  /** Until when the proxy can be deleted. */
  unlockDeleteExpiryTime?: string;
}

/** When and how a backup instance was soft deleted (`DeletionInfo`). */
export interface DeletionInfo {
  /** When it was deleted. */
  deletionTime?: string;
  /** When billing ends. */
  billingEndDate?: string;
  /** When it is purged for good. */
  scheduledPurgeTime?: string;
  /** For support. */
  deleteActivityID?: string;
}

/** A soft-deleted backup instance (`DeletedBackupInstanceResource`). */
export interface DeletedBackupInstanceResource {
  /** `{vault}/deletedBackupInstances/{name}`. */
  id?: string;
  /** The instance's name. */
  name?: string;
  /** ARM type. */
  type?: string;
  /** The instance as it was, with `deletionInfo`. */
  properties?: DeletedBackupInstance;
}

/** A soft-deleted backup instance's properties (`DeletedBackupInstance`): the instance, and when and how it was deleted. */
export interface DeletedBackupInstance extends BackupInstance {
  /** When it was deleted and when it is purged. */
  deletionInfo?: DeletionInfo;
}

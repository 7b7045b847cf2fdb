import type { OperationOptions } from "../../common/options.js";
import type { WaitState } from "../../common/poller.js";
import type { JobInfo } from "../jobs/models.js";
import type { AzureBackupRecoveryPointBasedRestoreRequest, AzureBackupRecoveryPointResource } from "../../dataProtection/models.js";

/** A recovery point of a backup instance. */
export interface RecoveryPointInfo {
  /** Full ARM id (`.../backupInstances/{bi}/recoveryPoints/{name}`). */
  id: string;
  /** Its name (the `recoveryPointId` the service uses). */
  name: string;
  /** ARM id of its backup instance. */
  backupInstanceId: string;
  /** When it was taken. */
  time: Date;
  /** e.g. "Incremental". */
  type: string | undefined;
  /** "Completed" or "Partial". */
  state: string | undefined;
  /** Retention tag, e.g. "default". */
  retentionTag: string | undefined;
  /** Policy that made it. */
  policyName: string | undefined;
  /** When it expires, when known. */
  expiryTime: Date | undefined;
  /** Tiers holding it, e.g. ["OperationalStore"]. */
  dataStores: string[];
  /**
   * The tier this entry lists it from: the `source` asked of `listRecoveryPoints` ("vault" and
   * `fromSecondaryRegion`: "VaultStore"), else "OperationalStore" when it is there, else "VaultStore".
   */
  dataStore: "OperationalStore" | "VaultStore";
  /** The region holding this copy: the paired region for `fromSecondaryRegion`; undefined for the vault's own region. */
  region: string | undefined;
  /** The recovery point as the service returned it. */
  raw: AzureBackupRecoveryPointResource;
}

/** What to restore, and where. Everything is optional: the default restores the latest recovery point, whole, to the original cluster. */
export interface RestoreRequest {
  /** Recovery point to restore (name or full id, of this instance). Default: the latest. */
  recoveryPointId?: string;
  /** ARM id of the cluster to restore to (same region as the backup). Default: the protected cluster. */
  targetClusterId?: string;
  /** Namespaces to restore. Default: all. */
  includedNamespaces?: string[];
  /** Namespaces to leave out. */
  excludedNamespaces?: string[];
  /** Restore a namespace under another name: `{ "prod": "prod-restored" }`. Targets must be valid, distinct namespace names. */
  namespaceMappings?: Record<string, string>;
  /** What to do with objects that already exist in the target: "Skip" (default) or "Patch". */
  conflictPolicy?: "Skip" | "Patch";
  /** Restore cluster-scoped resources. Default: true. */
  includeClusterScopeResources?: boolean;
  /** Restore persistent volume data. Default: true. */
  restoreVolumeData?: boolean;
  /** Resource types to restore, e.g. "deployments". */
  includedResourceTypes?: string[];
  /** Resource types to leave out. */
  excludedResourceTypes?: string[];
  /** Label selectors, e.g. "app=web". */
  labelSelectors?: string[];
  /** Restore hooks (custom resources in the target cluster) to run. */
  restoreHooks?: Array<{
    /** Name of the restore hook custom resource. */
    name: string;
    /** Its namespace. */
    namespace: string;
  }>;
  /**
   * A ConfigMap in the TARGET cluster holding Velero resource-modifier rules (JSON patches applied
   * to objects as they are restored), sent as `resourceModifierReference`. It must exist when the
   * restore job runs, or the job fails. Default: none.
   */
  resourceModifier?: {
    /** Name of the ConfigMap. */
    name: string;
    /** Its namespace in the target cluster. */
    namespace: string;
  };
  /**
   * Resource group of the target cluster's disk snapshots, for the restore permissions.
   * Default: the backup instance's snapshot resource group.
   */
  snapshotResourceGroupId?: string;
  /**
   * The target cluster's name, for `conflictPolicy: "Patch"` where it overwrites what exists: over
   * the protected cluster, or into another cluster's existing namespaces (listed with AKS run
   * command), or where that cannot be told (no `includedNamespaces`).
   */
  confirm?: string;
}

/** Options of `restore` and `validateRestore`. */
export interface RestoreOptions extends RestoreRequest, OperationOptions {
  /** Interval between polls of the validate and trigger operations. Default: the manager's. */
  pollIntervalInMs?: number;
  /** `restore` and `beginRestore`: called after each poll of the restore's start. */
  onProgress?: (state: WaitState<JobInfo>) => void;
  /** `restore` and `beginRestore`: gives up waiting for the restore to start after this long. Default: 10 minutes. */
  timeoutInMs?: number;
  /** `beginRestore`: resumes from `await poller.serialize()` of an earlier `beginRestore` with the same arguments; a restore already triggered is followed, never triggered again. */
  restoreFrom?: string;
}

/** What `validateRestore` checked: the restore the service accepted. */
export interface RestoreValidation {
  /** The backup instance restored from. */
  backupInstanceId: string;
  /** The recovery point used. */
  recoveryPoint: RecoveryPointInfo;
  /** The cluster restored to. */
  targetClusterId: string;
  /** Its region. */
  targetLocation: string;
  /** The request body the service validated (and `restore` sends). */
  request: AzureBackupRecoveryPointBasedRestoreRequest;
}

/** What `checkRestore` read and checked (reads only): the restore to validate, and what its permissions need. */
export interface RestoreCheck extends RestoreValidation {
  /** The resource group of the target's disk snapshots, when known (the request's, else the instance's). */
  snapshotResourceGroupId: string | undefined;
  /** The vault of the backup instance. */
  vaultId: string;
}

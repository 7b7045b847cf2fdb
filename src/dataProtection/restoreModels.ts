import type { Datasource, KubernetesResourceSelection, NamespacedNameResource } from "./backupInstanceModels.js";
import type { DataStoreTypes } from "./models.js";

/** What to restore from an AKS backup (`KubernetesClusterRestoreCriteria`). */
export interface KubernetesClusterRestoreCriteria extends KubernetesResourceSelection {
  /** "KubernetesClusterRestoreCriteria" (operational tier) or "KubernetesClusterVaultTierRestoreCriteria". */
  objectType: "KubernetesClusterRestoreCriteria" | "KubernetesClusterVaultTierRestoreCriteria";
  /** "RestoreWithVolumeData" or "RestoreWithoutVolumeData". */
  persistentVolumeRestoreMode?: "RestoreWithVolumeData" | "RestoreWithoutVolumeData";
  /** What to do with objects that already exist: "Skip" or "Patch". */
  conflictPolicy?: "Skip" | "Patch";
  /** Source namespace to target namespace. */
  namespaceMappings?: Record<string, string> | null;
  /** Restore hooks to run. */
  restoreHookReferences?: NamespacedNameResource[] | null;
  /** A resource modifier config map. */
  resourceModifierReference?: NamespacedNameResource | null;
  /** Staging resource group (vault tier only). */
  stagingResourceGroupId?: string;
  /** Staging storage account (vault tier only). */
  stagingStorageAccountId?: string;
}

/** Where and what to restore (`ItemLevelRestoreTargetInfo`, what AKS uses). */
export interface ItemLevelRestoreTargetInfo {
  /** "ItemLevelRestoreTargetInfo". */
  objectType: "ItemLevelRestoreTargetInfo";
  /** Only "FailIfExists" is defined. */
  recoveryOption: "FailIfExists";
  /** Region of the target. */
  restoreLocation?: string;
  /** The target cluster (required). */
  datasourceInfo: Datasource;
  /** Its datasource set (the cluster). */
  datasourceSetInfo?: Datasource;
  /** What to restore. */
  restoreCriteria: KubernetesClusterRestoreCriteria[];
}

/** A restore from a recovery point (`AzureBackupRecoveryPointBasedRestoreRequest`). */
export interface AzureBackupRecoveryPointBasedRestoreRequest {
  /** "AzureBackupRecoveryPointBasedRestoreRequest". */
  objectType: "AzureBackupRecoveryPointBasedRestoreRequest";
  /** Id (name) of the recovery point. */
  recoveryPointId: string;
  /** The tier the recovery point is read from. */
  sourceDataStoreType: DataStoreTypes | "SnapshotStore";
  /** ARM id of the protected resource. */
  sourceResourceId?: string;
  /** Where and what to restore. */
  restoreTargetInfo: ItemLevelRestoreTargetInfo;
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

/** A restore request (`AzureBackupRestoreRequest`); AKS restores use recovery points. */
export type AzureBackupRestoreRequest = AzureBackupRecoveryPointBasedRestoreRequest;

/** Body of `validateRestore` (`ValidateRestoreRequestObject`). */
export interface ValidateRestoreRequestObject {
  /** The restore to check. */
  restoreRequestObject: AzureBackupRestoreRequest;
}

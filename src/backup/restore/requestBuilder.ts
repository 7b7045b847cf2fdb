import type { AzureBackupRecoveryPointBasedRestoreRequest, Datasource, KubernetesClusterRestoreCriteria } from "../../dataProtection/models.js";
import type { RestoreRequest } from "./models.js";
import type { ClusterRef } from "../../common/references.js";

/** The cluster a restore writes to. */
export interface RestoreTarget {
  /** The cluster's parsed id. */
  cluster: ClusterRef;
  /** Its region. */
  location: string;
}

/** The staging resources of a restore from the vault tier (`KubernetesClusterVaultTierRestoreCriteria`). */
export interface VaultTierStaging {
  /** ARM id of the staging resource group (staging disks and snapshots). */
  stagingResourceGroupId: string;
  /** ARM id of the staging storage account (the Backup Extension's staged objects). */
  stagingStorageAccountId: string;
}

/**
 * The service's restore criteria for a request (defaults: cluster-scoped resources and volume
 * data on, conflicts skipped); with `staging`, the vault tier's
 * `KubernetesClusterVaultTierRestoreCriteria` carrying the staging resource group and account.
 */
export function buildRestoreCriteria(request: RestoreRequest = {}, staging?: VaultTierStaging): KubernetesClusterRestoreCriteria {
  const criteria: KubernetesClusterRestoreCriteria = {
    objectType: staging ? "KubernetesClusterVaultTierRestoreCriteria" : "KubernetesClusterRestoreCriteria",
    includeClusterScopeResources: request.includeClusterScopeResources ?? true,
    persistentVolumeRestoreMode: request.restoreVolumeData === false ? "RestoreWithoutVolumeData" : "RestoreWithVolumeData",
    conflictPolicy: request.conflictPolicy ?? "Skip",
  };
  for (const f of ["includedNamespaces", "excludedNamespaces", "includedResourceTypes", "excludedResourceTypes", "labelSelectors"] as const) {
    if (request[f] !== undefined) criteria[f] = [...request[f]];
  }
  if (request.namespaceMappings) criteria.namespaceMappings = { ...request.namespaceMappings };
  if (request.restoreHooks) criteria.restoreHookReferences = request.restoreHooks.map(({ name, namespace }) => ({ name, namespace }));
  if (request.resourceModifier) criteria.resourceModifierReference = { name: request.resourceModifier.name, namespace: request.resourceModifier.namespace };
  if (staging) {
    criteria.stagingResourceGroupId = staging.stagingResourceGroupId;
    criteria.stagingStorageAccountId = staging.stagingStorageAccountId;
  }
  return criteria;
}

function datasource(target: RestoreTarget, objectType: "Datasource" | "DatasourceSet"): Datasource {
  return {
    objectType,
    resourceID: target.cluster.id,
    resourceUri: target.cluster.id,
    resourceName: target.cluster.name,
    resourceType: "Microsoft.ContainerService/managedclusters",
    resourceLocation: target.location,
    datasourceType: "Microsoft.ContainerService/managedClusters",
  };
}

/**
 * The AKS restore body (`AzureBackupRecoveryPointBasedRestoreRequest` with an
 * `ItemLevelRestoreTargetInfo`), as the CLI sends it: from the operational tier, or with
 * `staging` from the vault tier (`sourceDataStoreType: "VaultStore"`, the vault-tier criteria).
 */
export function buildRestoreRequest(recoveryPointName: string, sourceClusterId: string, target: RestoreTarget, request: RestoreRequest = {}, staging?: VaultTierStaging): AzureBackupRecoveryPointBasedRestoreRequest {
  return {
    objectType: "AzureBackupRecoveryPointBasedRestoreRequest",
    recoveryPointId: recoveryPointName,
    sourceDataStoreType: staging ? "VaultStore" : "OperationalStore",
    sourceResourceId: sourceClusterId,
    restoreTargetInfo: {
      objectType: "ItemLevelRestoreTargetInfo",
      recoveryOption: "FailIfExists",
      restoreLocation: target.location,
      datasourceInfo: datasource(target, "Datasource"),
      datasourceSetInfo: datasource(target, "DatasourceSet"),
      restoreCriteria: [buildRestoreCriteria(request, staging)],
    },
  };
}

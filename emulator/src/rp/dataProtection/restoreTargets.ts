import type { BackupInstanceRecord, BackupVaultRecord, ClusterRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { clusterHasObject, restoreObjects, type RestoreSelection } from "../clusterObjects.js";
import { backupExtensionType } from "../backupExtensionSettings.js";
import { callerMayRead } from "../authorization.js";
import { linkedAuthorizationFailed } from "../readAccess.js";
import { isObject, userError, userFacingError, type Json } from "./common.js";
import { hasRole, roles } from "./rbac.js";
import { stringList } from "./outcomes.js";

/**
 * What a restore target must meet beyond the backup prerequisites: the staging resources of a
 * vault-tier restore, and the vault's cross-subscription setting.
 * As documented (AKS vault-tier restore): the staging storage account must allow cross-tenant
 * replication and public network access, in the target cluster's region and subscription; the
 * vault needs Contributor on the staging resource group, Storage Account Contributor and Storage
 * Blob Data Owner on the staging account; the target's Backup Extension identity needs Storage
 * Blob Data Contributor on it.
 * Guess: the codes and wording of these refusals are not recorded.
 */

const extra = {
  storageAccountContributor: "17d1049b-9a84-46fb-8f53-869881c3d3ab",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
} as const;
const permissionsHelp = "Grant appropriate permissions to perform this operation as mentioned at https://aka.ms/UserErrorMissingRequiredPermissions and retry the operation.";

function refuse(code: string, message: string, action: string): never {
  throw userError(400, code, message, [action]);
}

function extensionPrincipal(state: EmulatorState, cluster: ClusterRecord): string | undefined {
  const ext = state.extensions.under(`${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions`)
    .find((e) => String(e.body.properties["extensionType"]).toLowerCase() === backupExtensionType);
  const aks = ext?.body.properties["aksAssignedIdentity"];
  return isObject(aks) && typeof aks["principalId"] === "string" ? aks["principalId"] : undefined;
}

/** Checks the staging resource group and storage account of a vault-tier restore (criteria of `KubernetesClusterVaultTierRestoreCriteria`). */
export function checkStaging(state: EmulatorState, vaultPrincipalId: string | undefined, cluster: ClusterRecord, criteria: Json): void {
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  const rgId = text(criteria["stagingResourceGroupId"]);
  const saId = text(criteria["stagingStorageAccountId"]);
  const rg = state.resourceGroups.get(rgId);
  if (!rg) refuse("UserErrorStagingResourceGroupNotFound", `The staging resource group '${rgId}' was not found.`, "Create the staging resource group in the target cluster's subscription and retry.");
  const sa = state.storageAccounts.get(saId);
  if (!sa) refuse("UserErrorStagingStorageAccountNotFound", `The staging storage account '${saId}' was not found.`, "Pass an existing storage account in the target cluster's region and subscription.");
  if (sa.location !== cluster.location || sa.subscriptionId.toLowerCase() !== cluster.subscriptionId.toLowerCase()) {
    refuse("UserErrorStagingStorageAccountLocationMismatch", `The staging storage account '${sa.name}' is in '${sa.location}' (subscription ${sa.subscriptionId}), but the target cluster is in '${cluster.location}' (subscription ${cluster.subscriptionId}).`,
      "Use a staging storage account in the target cluster's region and subscription.");
  }
  if (rg.subscriptionId.toLowerCase() !== cluster.subscriptionId.toLowerCase()) {
    refuse("UserErrorStagingResourceGroupSubscriptionMismatch", `The staging resource group '${rg.name}' is not in the target cluster's subscription '${cluster.subscriptionId}'.`, "Use a staging resource group in the target cluster's subscription.");
  }
  if (sa.allowCrossTenantReplication !== true) {
    refuse("UserErrorStagingStorageAccountCrossTenantReplicationDisabled", `The staging storage account '${sa.name}' does not allow cross-tenant replication.`, "Set allowCrossTenantReplication to true on the staging storage account and retry.");
  }
  if ((sa.publicNetworkAccess ?? "Enabled") !== "Enabled") {
    refuse("UserErrorStagingStorageAccountPublicNetworkAccessDisabled", `The staging storage account '${sa.name}' has public network access disabled.`, "Enable public network access on the staging storage account and retry.");
  }
  const extPrincipal = extensionPrincipal(state, cluster);
  const needs: Array<[string | undefined, string, string, string]> = [
    [vaultPrincipalId, roles.contributor, rg.id, "the Backup vault's identity needs the Contributor role on the staging resource group"],
    [vaultPrincipalId, extra.storageAccountContributor, sa.id, "the Backup vault's identity needs the Storage Account Contributor role on the staging storage account"],
    [vaultPrincipalId, extra.storageBlobDataOwner, sa.id, "the Backup vault's identity needs the Storage Blob Data Owner role on the staging storage account"],
    [extPrincipal, roles.storageBlobDataContributor, sa.id, "the target's Backup Extension identity needs the Storage Blob Data Contributor role on the staging storage account"],
  ];
  for (const [principal, role, scope, what] of needs) {
    if (!principal || !hasRole(state, principal, role, scope)) refuse("UserErrorMissingRequiredPermissions", `Appropriate permissions to perform the operation is missing: ${what}.`, permissionsHelp);
  }
}

/**
 * A restore into a cluster of another subscription needs the vault's cross-subscription restore
 * setting on. Guess: absent means Enabled (Azure's default); "Disabled" and "PermanentlyDisabled" refuse.
 */
export function checkCrossSubscription(vault: BackupVaultRecord, cluster: ClusterRecord): void {
  if (cluster.subscriptionId.toLowerCase() === vault.subscriptionId.toLowerCase()) return;
  const features = isObject(vault.body.properties["featureSettings"]) ? vault.body.properties["featureSettings"] : {};
  const state = isObject(features["crossSubscriptionRestoreSettings"]) ? features["crossSubscriptionRestoreSettings"]["state"] : undefined;
  if (state === "Disabled" || state === "PermanentlyDisabled") {
    refuse("UserErrorCrossSubscriptionRestoreNotEnabled", `Cross-subscription restore is ${String(state)} for the Backup vault '${vault.name}'; the target cluster is in subscription '${cluster.subscriptionId}'.`,
      "Enable cross-subscription restore on the vault (featureSettings.crossSubscriptionRestoreSettings.state Enabled), or restore into the vault's subscription.");
  }
}

/**
 * A restore into another cluster reads the protected (source) cluster on the caller's behalf:
 * ARM checks that the caller may read it and, when not, refuses the request (`action` on
 * `scope`) with 403 `LinkedAuthorizationFailed` (as the AKS backup docs say: the user needs
 * Reader on the source cluster). Guess: the check runs after the body is parsed, on the
 * `restoreTargetInfo` cluster against the backup instance's datasource; a restore into the
 * source cluster itself needs no such read.
 */
export function requireSourceRead(state: EmulatorState, bi: BackupInstanceRecord, targetClusterId: string, action: string, scope: string): void {
  if (targetClusterId.toLowerCase() === bi.datasourceId.toLowerCase() || callerMayRead(state, bi.datasourceId)) return;
  throw linkedAuthorizationFailed(state, action, scope, "Microsoft.ContainerService/managedClusters/read", bi.datasourceId);
}

/** `namespace/name` of a restore's `resourceModifierReference` (the Velero resource-modifier ConfigMap), or undefined. */
export function resourceModifierOf(criteria: Json): string | undefined {
  const ref = criteria["resourceModifierReference"];
  return isObject(ref) && typeof ref["name"] === "string" && typeof ref["namespace"] === "string" ? `${ref["namespace"]}/${ref["name"]}` : undefined;
}

/**
 * The error of a restore job whose `resourceModifierReference` names a ConfigMap the target
 * cluster does not hold when the job runs (Velero reads the rules from it before restoring), or
 * undefined. Guess: the code and wording (no recording or document gives them).
 */
export function missingResourceModifier(state: EmulatorState, targetClusterId: string, criteria: Json): Json | undefined {
  const ref = resourceModifierOf(criteria);
  if (ref === undefined) return undefined;
  const [namespace, name] = ref.split("/") as [string, string];
  if (clusterHasObject(state, targetClusterId, { namespace, kind: "configmaps", name })) return undefined;
  return userFacingError("UserErrorResourceModifierConfigMapNotFound",
    `The resource modifier ConfigMap '${name}' was not found in namespace '${namespace}' of the target cluster.`,
    ["Create the ConfigMap holding the resource modifier rules in the target cluster (or correct resourceModifierReference) and restore again."]);
}

/** The selection of a restore's criteria, for writing the restored objects. */
export function selectionOf(criteria: Json): RestoreSelection {
  const mappings = isObject(criteria["namespaceMappings"]) ? criteria["namespaceMappings"] : {};
  return {
    includedNamespaces: stringList(criteria["includedNamespaces"]),
    excludedNamespaces: stringList(criteria["excludedNamespaces"]),
    includedResourceTypes: stringList(criteria["includedResourceTypes"]),
    excludedResourceTypes: stringList(criteria["excludedResourceTypes"]),
    labelSelectors: stringList(criteria["labelSelectors"]),
    includeClusterScopeResources: criteria["includeClusterScopeResources"] !== false,
    namespaceMappings: Object.fromEntries(Object.entries(mappings).filter((e): e is [string, string] => typeof e[1] === "string")),
    conflictPolicy: criteria["conflictPolicy"] === "Patch" ? "Patch" : "Skip",
    resourceModifier: resourceModifierOf(criteria) ?? null,
  };
}

/** Writes a completed restore's objects into the target cluster. */
export function applyRestoredObjects(state: EmulatorState, recoveryPointId: string, targetClusterId: string, criteria: Json): void {
  restoreObjects(state, recoveryPointId, targetClusterId, selectionOf(criteria));
}

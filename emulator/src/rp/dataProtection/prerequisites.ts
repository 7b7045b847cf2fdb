import type { ClusterRecord, ExtensionRecord } from "../../state/records.js";
import type { BackupVaultRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { resourceGroupId } from "../../state/state.js";
import { backupExtensionType } from "../backupExtensionSettings.js";
import { isObject, sameId, userError } from "./common.js";
import { hasRole, roles } from "./rbac.js";

/** The Trusted Access role a vault needs on the cluster. */
export const backupOperatorRole = "Microsoft.DataProtection/backupVaults/backup-operator";
const permissionsHelp = "Grant appropriate permissions to perform this operation as mentioned at https://aka.ms/UserErrorMissingRequiredPermissions and retry the operation.";

/** What an AKS backup instance protects: the cluster and the snapshot resource group. */
export interface AksProtectionTarget {
  /** ARM id of the cluster (`dataSourceInfo.resourceID`). */
  clusterId: string;
  /** `resourceGroupId` of the OperationalStore data store parameters. */
  snapshotResourceGroupId: string;
  /** Principal the vault acts as: its system identity, or the user-assigned one in `identityDetails`. */
  vaultPrincipalId: string | undefined;
}

/** The principal a vault uses for a backup instance (`identityDetails`; null means system-assigned). */
export function vaultPrincipal(vault: BackupVaultRecord, identityDetails: unknown): string | undefined {
  const identity = isObject(vault.body["identity"]) ? vault.body["identity"] : {};
  const uamiUrl = isObject(identityDetails) && identityDetails["useSystemAssignedIdentity"] === false ? identityDetails["userAssignedIdentityArmUrl"] : undefined;
  if (typeof uamiUrl === "string") {
    const uamis = isObject(identity["userAssignedIdentities"]) ? identity["userAssignedIdentities"] : {};
    const hit = Object.entries(uamis).find(([k]) => sameId(k, uamiUrl))?.[1];
    return isObject(hit) && typeof hit["principalId"] === "string" ? hit["principalId"] : undefined;
  }
  return typeof identity["principalId"] === "string" ? identity["principalId"] : undefined;
}

function clusterPrincipal(cluster: ClusterRecord): string | undefined {
  if (cluster.identity.principalId) return cluster.identity.principalId;
  return Object.values(cluster.identity.userAssignedIdentities ?? {})[0]?.principalId;
}

function missing(code: string, message: string, action: string = permissionsHelp): never {
  throw userError(400, code, message, [action]);
}

function backupExtension(state: EmulatorState, cluster: ClusterRecord): ExtensionRecord | undefined {
  return state.extensions.under(`${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions`)
    .find((e) => String(e.body.properties["extensionType"]).toLowerCase() === backupExtensionType);
}

function storageAccountOf(ext: ExtensionRecord): string | undefined {
  const s = isObject(ext.body.properties["configurationSettings"]) ? (ext.body.properties["configurationSettings"]) : {};
  const name = s["configuration.backupStorageLocation.config.storageAccount"];
  const rg = s["configuration.backupStorageLocation.config.resourceGroup"];
  const sub = s["configuration.backupStorageLocation.config.subscriptionId"];
  if (typeof name !== "string" || typeof rg !== "string" || typeof sub !== "string") return undefined;
  return `${resourceGroupId(sub, rg)}/providers/Microsoft.Storage/storageAccounts/${name}`;
}

/**
 * Checks what AKS backup needs before a vault can protect a cluster, in the order the service
 * meets them, and throws the first failure as a DataProtection user error (CONTRACTS 3 and 6).
 */
export function checkAksPrerequisites(state: EmulatorState, vault: BackupVaultRecord, target: AksProtectionTarget): void {
  const cluster = state.clusters.get(target.clusterId);
  // Guess: code for a datasource that does not exist.
  if (!cluster) missing("UserErrorDatasourceNotFound", `The Kubernetes cluster '${target.clusterId}' was not found.`, "Check the datasource id and retry.");
  for (const namespace of ["Microsoft.ContainerService", "Microsoft.KubernetesConfiguration"]) {
    if (!state.providers.isRegistered(cluster.subscriptionId, namespace)) {
      // Guess: code for a resource provider the backup service needs but the subscription has not registered.
      missing("UserErrorResourceProviderNotRegistered", `The subscription '${cluster.subscriptionId}' is not registered to use namespace '${namespace}'.`, `Register the '${namespace}' resource provider on the subscription and retry.`);
    }
  }
  if (cluster.location !== vault.location) {
    // Guess: code for a cluster in another region than the vault (AKS backup needs both in one region).
    missing("UserErrorDatasourceAndVaultLocationMismatch", `The Backup vault is in '${vault.location}' but the cluster is in '${cluster.location}'. They must be in the same region.`, "Use a Backup vault in the cluster's region.");
  }
  const vaultId = target.vaultPrincipalId;
  // Guess: code for a vault without a managed identity.
  if (!vaultId) missing("UserErrorMSIIdentityNotFound", `The Backup vault '${vault.name}' has no managed identity to act as.`, "Enable the vault's system-assigned identity and retry.");
  // As documented: the vault lists the cluster's extensions, which needs Reader on the cluster.
  if (!hasRole(state, vaultId, roles.reader, cluster.id)) missing("KubernetesBackupListExtensionsError", `The Backup vault's identity cannot list the extensions of cluster '${cluster.name}': it needs the Reader role on the cluster.`, "Assign the Reader role on the cluster to the Backup vault's managed identity and retry.");
  const ext = backupExtension(state, cluster);
  if (!ext) missing("UserErrorKubernetesBackupExtensionNotFoundError", `The Backup extension is not installed on cluster '${cluster.name}'.`, "Install the Backup extension on the cluster and retry.");
  if (ext.body.properties["provisioningState"] !== "Succeeded") missing("UserErrorKubernetesBackupExtensionHasErrors", `The Backup extension on cluster '${cluster.name}' is '${String(ext.body.properties["provisioningState"])}', not Succeeded.`, "Delete the extension and install it again.");
  const aks = ext.body.properties["aksAssignedIdentity"];
  const extPrincipal = isObject(aks) && typeof aks["principalId"] === "string" ? aks["principalId"] : undefined;
  if (!extPrincipal) missing("UserErrorKubernetesBackupExtensionIdentityNotFound", `The Backup extension on cluster '${cluster.name}' has no identity.`, "Delete the extension and install it again.");
  const storageId = storageAccountOf(ext);
  if (!storageId || !state.storageAccounts.has(storageId)) missing("UserErrorNoDefaultBackupStorageLocationFound", `The backup storage location of the Backup extension on cluster '${cluster.name}' was not found.`, "Delete the extension and install it again with an existing storage account and blob container.");
  if (!hasRole(state, extPrincipal, roles.storageBlobDataContributor, storageId)) missing("UserErrorExtensionMSIMissingPermissionsOnBackupStorageLocation", `The Backup extension's identity needs the Storage Blob Data Contributor role on storage account '${storageId}'.`, "Assign the Storage Blob Data Contributor role on the storage account to the extension's identity and retry.");
  const binding = state.trustedAccessBindings.under(`${cluster.id}/trustedAccessRoleBindings`).find((b) => sameId(b.clusterId, cluster.id) && sameId(b.sourceResourceId, vault.id) && b.provisioningState === "Succeeded" && b.roles.some((r) => r.toLowerCase() === backupOperatorRole.toLowerCase()));
  // As seen in the field: the service's error when the Trusted Access role binding is missing.
  if (!binding) missing("UserErrorTrustedAccessGatewayReturnedForbidden", `The Trusted Access role binding between cluster '${cluster.name}' and the Backup vault is missing or has been removed.`, `Create a Trusted Access role binding on the cluster for the vault with role '${backupOperatorRole}' and retry.`);
  checkSnapshotGroup(state, vaultId, cluster, target.snapshotResourceGroupId);
}

function checkSnapshotGroup(state: EmulatorState, vaultPrincipalId: string, cluster: ClusterRecord, rgId: string): void {
  // Guess: code for a snapshot resource group that does not exist.
  if (!state.resourceGroups.has(rgId)) missing("UserErrorSnapshotResourceGroupNotFound", `The snapshot resource group '${rgId}' was not found.`, "Create the resource group or choose another and retry.");
  const needs: Array<[string | undefined, string, string]> = [
    [vaultPrincipalId, roles.reader, "the Backup vault's identity needs the Reader role"],
    [vaultPrincipalId, roles.diskSnapshotContributor, "the Backup vault's identity needs the Disk Snapshot Contributor role"],
    [clusterPrincipal(cluster), roles.contributor, "the cluster's identity needs the Contributor role"],
  ];
  for (const [principal, role, what] of needs) {
    // As documented: missing permissions fail with UserErrorMissingRequiredPermissions.
    if (!principal || !hasRole(state, principal, role, rgId)) missing("UserErrorMissingRequiredPermissions", `Appropriate permissions to perform the operation is missing: ${what} on the snapshot resource group '${rgId}'.`);
  }
}

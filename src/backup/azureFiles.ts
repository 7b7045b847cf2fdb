/**
 * Azure Files (SMB) volumes in AKS backups (`includedVolumeTypes: ["AzureDisk",
 * "AzureFileShareSMB"]`), and their limits, all checked before any write: the operational
 * tier only, with at most 30 days of retention; secrets included; and only in a new backup
 * instance (an existing one cannot add Files).
 */
import type { BaseBackupPolicyResource, PolicyParameters } from "../dataProtection/models.js";
import { InputValidationError } from "../errors.js";

/** The volume type of Azure Files (SMB) shares. */
export const azureFilesVolumeType = "AzureFileShareSMB";
/** The most days an operational-tier recovery point of Azure Files may be kept. */
export const azureFilesMaxRetentionDays = 30;
/**
 * The role the cluster's identity needs on each storage account holding backed-up file shares
 * (Storage File Data Privileged Contributor, a built-in role).
 */
export const azureFilesRoleDefinitionGuid = "69566ab7-960f-475b-8e7c-b3118f30c6bd";

/**
 * Where the cluster needs the Azure Files role when a configuration backs up Files: the node
 * resource group (`MC_...`), where AKS creates the storage accounts of dynamically provisioned
 * shares. Empty without Files or without a known node resource group.
 */
export function azureFilesRoleScopes(volumeTypes: readonly string[] | null | undefined, cluster: { subscriptionId: string; nodeResourceGroup?: string | undefined } | undefined): string[] {
  if (!includesAzureFiles(volumeTypes) || !cluster?.nodeResourceGroup) return [];
  return [`/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.nodeResourceGroup}`];
}

/** Whether a configuration includes Azure Files volumes. */
export function includesAzureFiles(volumeTypes: readonly string[] | null | undefined): boolean {
  return (volumeTypes ?? []).some((t) => t.toLowerCase() === azureFilesVolumeType.toLowerCase());
}

function daysOf(duration: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T.*)?$/i.exec(duration);
  if (!m) return undefined;
  const [, y, mo, w, d] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return (y ?? 0) * 365 + (mo ?? 0) * 30 + (w ?? 0) * 7 + (d ?? 0);
}

/** What in a policy Azure Files cannot use: a vault tier, or operational retention past 30 days. Empty when fine. */
export function azureFilesPolicyProblems(policy: BaseBackupPolicyResource): string[] {
  const problems: string[] = [];
  for (const rule of policy.properties?.policyRules ?? []) {
    if (rule.objectType !== "AzureRetentionRule") continue;
    for (const lc of rule.lifecycles ?? []) {
      const store = lc.sourceDataStore?.dataStoreType;
      if (store === "VaultStore" || (lc.targetDataStoreCopySettings ?? []).some((c) => c.dataStore?.dataStoreType === "VaultStore")) {
        problems.push(`the policy keeps backups in the vault tier (rule '${rule.name}'); Azure Files backups are operational-tier only`);
      } else if (store === "OperationalStore") {
        const days = daysOf(lc.deleteAfter?.duration ?? "");
        if (days !== undefined && days > azureFilesMaxRetentionDays) {
          problems.push(`the policy keeps operational backups ${lc.deleteAfter.duration} (rule '${rule.name}'); Azure Files allows at most ${azureFilesMaxRetentionDays} days`);
        }
      }
    }
  }
  return problems;
}

/** Throws {@link InputValidationError} when a configuration with Azure Files uses a policy it cannot use. */
export function checkAzureFilesPolicy(policy: BaseBackupPolicyResource, configuration: { includedVolumeTypes?: readonly string[] | null | undefined } | undefined, parameter = "policyId"): void {
  if (!includesAzureFiles(configuration?.includedVolumeTypes)) return;
  const problems = azureFilesPolicyProblems(policy);
  if (problems.length > 0) {
    throw new InputValidationError(parameter, problems.join("; "), `use a policy with operational-tier retention of at most ${azureFilesMaxRetentionDays} days and no vault tier (e.g. ensurePolicy with preset { operationalRetentionDays: 7 }), or leave ${azureFilesVolumeType} out of includedVolumeTypes`);
  }
}

/** Throws {@link InputValidationError} when a change of an existing instance would add Azure Files (the service refuses it). */
export function checkAzureFilesChange(backupInstanceId: string, before: PolicyParameters | undefined, after: PolicyParameters): void {
  const had = includesAzureFiles(before?.backupDatasourceParametersList?.[0]?.includedVolumeTypes);
  const wants = includesAzureFiles(after.backupDatasourceParametersList?.[0]?.includedVolumeTypes);
  if (wants && !had) {
    throw new InputValidationError("configuration.includedVolumeTypes", `the backup instance '${backupInstanceId}' does not back up Azure Files, and an existing instance cannot add them`,
      `protect the cluster with ${azureFilesVolumeType} in a new backup instance (delete this one first, or use another vault)`);
  }
}

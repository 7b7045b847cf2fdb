import { parentIdOf } from "../common/armId.js";
import type { BackupInstanceResource, BackupVaultResource, BaseBackupPolicyResource, UserFacingError } from "../dataProtection/models.js";
import type { BackupInstanceInfo, BackupPolicyInfo, BackupVaultInfo, ProtectionErrorInfo } from "./models.js";
import { configurationFromParameters } from "./requestBuilders.js";

/** A vault as {@link BackupVaultInfo}. */
export function toVaultInfo(v: BackupVaultResource): BackupVaultInfo {
  const store = v.properties?.storageSettings?.find((s) => s.datastoreType === "VaultStore") ?? v.properties?.storageSettings?.[0];
  const softDelete = v.properties?.securitySettings?.softDeleteSettings;
  return {
    id: v.id ?? "",
    name: v.name ?? "",
    location: v.location,
    provisioningState: v.properties?.provisioningState,
    identityType: v.identity?.type ?? "None",
    principalId: v.identity?.principalId,
    tenantId: v.identity?.tenantId,
    storageRedundancy: store?.type,
    softDeleteState: softDelete?.state,
    softDeleteRetentionDays: softDelete?.retentionDurationInDays,
    immutability: v.properties?.securitySettings?.immutabilitySettings?.state,
    crossSubscriptionRestore: v.properties?.featureSettings?.crossSubscriptionRestoreSettings?.state,
    crossRegionRestore: v.properties?.featureSettings?.crossRegionRestoreSettings?.state,
    alertsForAllJobFailures: v.properties?.monitoringSettings?.azureMonitorAlertSettings?.alertsForAllJobFailures,
    userAssignedIdentities: Object.entries(v.identity?.userAssignedIdentities ?? {}).map(([id, u]) => ({ id, principalId: u?.principalId, clientId: u?.clientId })),
    tags: { ...(v.tags ?? {}) },
  };
}

/** A policy as {@link BackupPolicyInfo}. */
export function toPolicyInfo(p: BaseBackupPolicyResource): BackupPolicyInfo {
  const id = p.id ?? "";
  const rules = p.properties?.policyRules ?? [];
  const backupRule = rules.find((r) => r.objectType === "AzureBackupRule");
  // The lifecycle of the tier the rule is named for: the Default rule's OperationalStore, the Vault rule's VaultStore.
  const retention = (name: string): string | undefined => {
    const rule = rules.find((r) => r.objectType === "AzureRetentionRule" && r.name.toLowerCase() === name);
    if (rule?.objectType !== "AzureRetentionRule") return undefined;
    const store = name === "vault" ? "VaultStore" : "OperationalStore";
    return (rule.lifecycles?.find((l) => l.sourceDataStore?.dataStoreType === store) ?? rule.lifecycles?.[0])?.deleteAfter?.duration;
  };
  return {
    id,
    name: p.name ?? "",
    vaultId: id ? parentIdOf(id) : "",
    datasourceTypes: p.properties?.datasourceTypes ?? [],
    schedule: backupRule?.objectType === "AzureBackupRule" ? (backupRule.trigger?.schedule?.repeatingTimeIntervals ?? []) : [],
    operationalRetention: retention("default"),
    vaultRetention: retention("vault"),
    policy: p.properties,
  };
}

/** A user-facing error as {@link ProtectionErrorInfo}. */
export function toProtectionError(e: UserFacingError | undefined): ProtectionErrorInfo | undefined {
  if (!e || (!e.code && !e.message)) return undefined;
  return { code: e.code ?? "Unknown", message: e.message ?? "", recommendedActions: e.recommendedAction ?? [] };
}

/** A backup instance as {@link BackupInstanceInfo}. */
export function toInstanceInfo(bi: BackupInstanceResource): BackupInstanceInfo {
  const id = bi.id ?? "";
  const p = bi.properties;
  const params = p?.policyInfo?.policyParameters;
  return {
    id,
    name: bi.name ?? "",
    vaultId: id ? parentIdOf(id) : "",
    clusterId: p?.dataSourceInfo?.resourceID ?? "",
    friendlyName: p?.friendlyName,
    policyId: p?.policyInfo?.policyId ?? "",
    protectionState: p?.currentProtectionState ?? "Unknown",
    provisioningState: p?.provisioningState,
    protectionError: toProtectionError(p?.protectionErrorDetails ?? p?.protectionStatus?.errorDetails),
    snapshotResourceGroupId: params?.dataStoreParametersList?.find((d) => d.dataStoreType === "OperationalStore")?.resourceGroupId,
    configuration: configurationFromParameters(params?.backupDatasourceParametersList?.[0]),
    ...(p?.identityDetails?.useSystemAssignedIdentity === false && p.identityDetails.userAssignedIdentityArmUrl ? { userAssignedIdentityId: p.identityDetails.userAssignedIdentityArmUrl } : {}),
  };
}

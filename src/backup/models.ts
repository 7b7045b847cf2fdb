import type { ResourceGuardOptions } from "./resourceGuardModels.js";
import type { OperationOptions, WaitOptions } from "../common/options.js";
import type { WaitState } from "../common/poller.js";
import type { BackupPolicy } from "../dataProtection/models.js";
import type { BackupPolicyRef, BackupVaultRef, ClusterRef, ResourceGroupRef } from "../common/referenceTypes.js";

/** What a backup of a cluster includes (`KubernetesClusterBackupDatasourceParameters`, friendlier). */
export interface BackupConfiguration {
  /** Snapshot persistent volumes. Default: true. */
  snapshotVolumes?: boolean;
  /** Include cluster-scoped resources (CRDs, cluster roles...). Default: true. */
  includeClusterScopeResources?: boolean;
  /** Volume types to snapshot. Default: all. */
  includedVolumeTypes?: Array<"AzureDisk" | "AzureFileShareSMB">;
  /** Namespaces to back up. Omit for all; an empty list is an error. */
  includedNamespaces?: string[];
  /** Namespaces to leave out. Must not overlap `includedNamespaces`. */
  excludedNamespaces?: string[];
  /** Resource types to back up, e.g. "deployments", "configmaps". */
  includedResourceTypes?: string[];
  /** Resource types to leave out. */
  excludedResourceTypes?: string[];
  /** Label selectors, e.g. "app=web", "tier in (db,cache)". */
  labelSelectors?: string[];
  /** Backup hooks (custom resources in the cluster) to run around the backup. */
  backupHooks?: Array<{
    /** Name of the backup hook custom resource. */
    name: string;
    /** Its namespace. */
    namespace: string;
  }>;
}

/** The protection error of a backup instance, as the service reports it. */
export interface ProtectionErrorInfo {
  /** Error code, e.g. "UserErrorMissingRequiredPermissions". */
  code: string;
  /** Message. */
  message: string;
  /** What the service recommends. */
  recommendedActions: string[];
}

/** A backup instance: a cluster protected in a vault. */
export interface BackupInstanceInfo {
  /** ARM id of the backup instance. */
  id: string;
  /** Its name. */
  name: string;
  /** ARM id of its vault. */
  vaultId: string;
  /** ARM id of the protected cluster. */
  clusterId: string;
  /** Friendly name. */
  friendlyName: string | undefined;
  /** ARM id of its policy. */
  policyId: string;
  /** `currentProtectionState`, e.g. "ProtectionConfigured", "ProtectionStopped" ("Unknown" if absent). */
  protectionState: string;
  /** `provisioningState`, e.g. "Succeeded". */
  provisioningState: string | undefined;
  /** Protection error, when protection failed. */
  protectionError: ProtectionErrorInfo | undefined;
  /** Resource group where volume snapshots are kept. */
  snapshotResourceGroupId: string | undefined;
  /** What the backups include. */
  configuration: Required<Pick<BackupConfiguration, "snapshotVolumes" | "includeClusterScopeResources">> & BackupConfiguration;
  /** The vault's user-assigned identity the instance uses (`identityDetails`); undefined: the system-assigned one. */
  userAssignedIdentityId?: string | undefined;
}

/** A backup vault. */
export interface BackupVaultInfo {
  /** ARM id. */
  id: string;
  /** Name. */
  name: string;
  /** Region. */
  location: string;
  /** `provisioningState`. */
  provisioningState: string | undefined;
  /** Identity type, e.g. "SystemAssigned" ("None" when it has none). */
  identityType: string;
  /** Object id of the vault's system-assigned identity (grant it roles). */
  principalId: string | undefined;
  /** Tenant of that identity. */
  tenantId: string | undefined;
  /** Redundancy of the vault store. */
  storageRedundancy: string | undefined;
  /** Soft delete state ("Off", "On", "AlwaysOn"). */
  softDeleteState: string | undefined;
  /** Days soft-deleted data is kept. */
  softDeleteRetentionDays: number | undefined;
  /** Immutability ("Disabled", "Unlocked", "Locked"); undefined when the vault does not say. */
  immutability: string | undefined;
  /** Cross-subscription restore ("Enabled", "Disabled", "PermanentlyDisabled"); undefined when the vault does not say. */
  crossSubscriptionRestore: string | undefined;
  /** Cross-region restore ("Enabled", "Disabled"); undefined when the vault does not say. */
  crossRegionRestore: string | undefined;
  /** Azure Monitor alerts for every failed job ("Enabled", "Disabled"); undefined when the vault does not say. */
  alertsForAllJobFailures: string | undefined;
  /** The user-assigned identities attached to the vault. */
  userAssignedIdentities: VaultUserAssignedIdentity[];
  /** Tags. */
  tags: Record<string, string>;
}

/** A user-assigned identity attached to a vault. */
export interface VaultUserAssignedIdentity {
  /** ARM id of the identity. */
  id: string;
  /** Object id of its service principal (grant it roles). */
  principalId: string | undefined;
  /** Its client id. */
  clientId: string | undefined;
}

/** The vault's identity: its system-assigned one, or a user-assigned identity (by ARM id). The one chosen gets the vault's roles. */
export type VaultIdentitySetting = "SystemAssigned" | {
  /** ARM id of the user-assigned identity (`Microsoft.ManagedIdentity/userAssignedIdentities`). */
  userAssignedIdentityId: string;
};

/**
 * Settings of a Backup vault, converged on an existing vault by `ensureVault` and
 * `enableBackup`: each one given is set, each one left out is not changed. Irreversible changes
 * of an existing vault need `confirm` (the vault's name); setting them on a new vault does not.
 */
export interface VaultSettings {
  /** Redundancy of the vault store. Default for a new vault: "LocallyRedundant". Changeable only while no backup instance is in the vault. */
  storageRedundancy?: "LocallyRedundant" | "GeoRedundant" | "ZoneRedundant";
  /** Cross-region restore (`featureSettings.crossRegionRestoreSettings`): GeoRedundant only; enabling it is irreversible. */
  crossRegionRestore?: boolean;
  /** Cross-subscription restore (`featureSettings.crossSubscriptionRestoreSettings`): "PermanentlyDisabled" is irreversible. */
  crossSubscriptionRestore?: "Enabled" | "Disabled" | "PermanentlyDisabled";
  /** Immutability (`securitySettings.immutabilitySettings`): "Locked" is irreversible; going to "Disabled" needs `confirm`. */
  immutability?: "Disabled" | "Unlocked" | "Locked";
  /** Soft delete. Default for a new vault: On, 14 days. "AlwaysOn" is irreversible; "Off" or fewer days need `confirm`. */
  softDelete?: {
    /** "Off", "On" or "AlwaysOn" (irreversible). */
    state: "Off" | "On" | "AlwaysOn";
    /** Days deleted data is kept (14-180). Default for a new vault: 14; an existing vault keeps its own. */
    retentionDurationInDays?: number;
  };
  /** Azure Monitor alerts for every failed job (`monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures`). */
  alertsForAllJobFailures?: "Enabled" | "Disabled";
  /**
   * The identity that gets the vault's roles. Default: "SystemAssigned" (added to a vault that
   * has none). A user-assigned identity is attached next to any identity the vault has.
   */
  identity?: VaultIdentitySetting;
}

/** A vault setting a converge changes (or would change). */
export interface VaultSettingChange {
  /** The setting, e.g. "immutability", "softDelete.state", "identity", "tags.env". */
  setting: string;
  /** Its value now (undefined when the vault does not say). */
  from: string | undefined;
  /** The value asked for. */
  to: string;
  /** Whether it can never be undone (Locked immutability, AlwaysOn soft delete, ...). */
  irreversible: boolean;
  /** Whether it needs `confirm` (the vault's name): irreversible, or lowering protection (soft delete off, fewer days, immutability disabled). */
  needsConfirm: boolean;
}

/** A backup vault and whether this call created or changed it. */
export interface EnsureVaultResult extends BackupVaultInfo {
  /** "created", "updated" (a setting changed) or "unchanged". */
  action: "created" | "updated" | "unchanged";
  /** What changed on an existing vault (empty when created or unchanged). */
  changes: VaultSettingChange[];
}

/**
 * Options of `ensureVault`. Give `location` or `clusterId` (the vault goes in the cluster's
 * region). Every setting given is converged on an existing vault too (see {@link VaultSettings}).
 */
export interface EnsureVaultOptions extends OperationOptions, VaultSettings {
  /** Region of a new vault. */
  location?: string;
  /** Cluster the vault will protect: a new vault goes in its region, an existing one must be there. */
  clusterId?: string;
  /** Tags the vault must have (other tags it has are kept). */
  tags?: Record<string, string>;
  /** The vault's name, to allow irreversible or protection-lowering changes of an existing vault. */
  confirm?: string;
  /** Poll interval of the create. */
  pollIntervalInMs?: number;
  /** `beginEnsureVault`: called after each poll. */
  onProgress?: (state: WaitState<EnsureVaultResult>) => void;
  /** Gives up waiting for the vault after this long. Default: 10 minutes. */
  timeoutInMs?: number;
  /** `beginEnsureVault`: resumes from `await poller.serialize()` of an earlier `beginEnsureVault` with the same arguments. */
  restoreFrom?: string;
}

/** A backup policy. */
export interface BackupPolicyInfo {
  /** ARM id. */
  id: string;
  /** Name. */
  name: string;
  /** ARM id of its vault. */
  vaultId: string;
  /** Datasource types, e.g. ["Microsoft.ContainerService/managedClusters"]. */
  datasourceTypes: string[];
  /** Repeating intervals of the backup rule, e.g. ["R/2024-01-01T09:00:00+00:00/PT4H"]. */
  schedule: string[];
  /** Retention of the operational tier (ISO 8601, e.g. "P7D"). */
  operationalRetention: string | undefined;
  /** Retention of the vault tier, if the policy has one. */
  vaultRetention: string | undefined;
  /** The full policy. */
  policy: BackupPolicy;
}

/** A backup policy and whether this call created or replaced it. */
export interface EnsurePolicyResult extends BackupPolicyInfo {
  /** "created", "updated" or "unchanged". */
  action: "created" | "updated" | "unchanged";
}

/** How often the operational tier backs up (the values Azure offers for AKS; weekly "P1W" as recorded from live Azure). */
export type AksBackupFrequency = "PT4H" | "PT6H" | "PT8H" | "PT12H" | "P1D" | "P1W";

/**
 * Named presets: every 4 h, 6 h or 12 h or daily, 7 days operational; "dailyWithVaultTier" adds
 * the first backup of each day to the vault tier for 30 days, "weeklyWithVaultTier" the first of
 * each week for 12 weeks, "monthlyWithVaultTier" the first of each month for 12 months (daily backups).
 */
export type AksPolicyPresetName = "every4Hours" | "every6Hours" | "every12Hours" | "daily" | "dailyWithVaultTier" | "weeklyWithVaultTier" | "monthlyWithVaultTier";

/** Which scheduled backup a vault-tier retention copies to the vault: the first of each day, week or month. */
export type VaultTierCriterion = "FirstOfDay" | "FirstOfWeek" | "FirstOfMonth";

/** A policy built from a few choices; see `buildAksPolicy`. */
export interface AksPolicyPreset {
  /** Backup frequency. Default: "PT4H". */
  frequency?: AksBackupFrequency;
  /** Days backups stay in the operational tier (1-360). Default: 7. */
  operationalRetentionDays?: number;
  /** First backup time, ISO 8601 with offset. Default: "2024-01-01T09:00:00+00:00". */
  startTime?: string;
  /** Time zone of the schedule. Default: "UTC". */
  timeZone?: string;
  /** Also keep the first backup of each day in the vault tier for this many days (1-3650). */
  vaultRetentionDays?: number;
  /** Also keep the first backup of each week in the vault tier for this many weeks (1-520). */
  weeklyVaultRetentionWeeks?: number;
  /** Also keep the first backup of each month in the vault tier for this many months (1-120). */
  monthlyVaultRetentionMonths?: number;
}

/**
 * Options of `ensurePolicy`: a preset, or a full policy definition; `confirm` (the policy's
 * name) when it would overwrite a policy that backup instances use.
 */
export type EnsurePolicyOptions = OperationOptions & {
  /** The policy's name, when it would overwrite a policy that backup instances use. */
  confirm?: string;
} & (
  | {
      /** A preset name or object; see `buildAksPolicy`. */
      preset: AksPolicyPreset | AksPolicyPresetName;
      /** Not with `preset`. */
      policy?: never;
    }
  | {
      /** A full AKS policy (checked by `validateAksPolicy`). */
      policy: BackupPolicy;
      /** Not with `policy`. */
      preset?: never;
    }
);

/** Settings of `configureProtection`. */
export interface ConfigureProtectionRequest {
  /** ARM id of the AKS cluster (or its parsed reference). */
  clusterId: string | ClusterRef;
  /** ARM id of the backup vault (or its parsed reference). */
  vaultId: string | BackupVaultRef;
  /** ARM id of a policy in that vault for AKS (or its parsed reference). */
  policyId: string | BackupPolicyRef;
  /** ARM id of the resource group for volume snapshots (same subscription and region as the cluster), or its parsed reference. */
  snapshotResourceGroupId: string | ResourceGroupRef;
  /** What to back up. Default: everything, with volume snapshots and cluster-scoped resources. */
  configuration?: BackupConfiguration;
  /** Name of the backup instance. Default: `{cluster}-{hash of the cluster id}`, so retries converge. */
  backupInstanceName?: string;
  /** Friendly name. Default: `{cluster}\\fullbackup`. */
  friendlyName?: string;
  /**
   * The vault identity the instance uses (`identityDetails`). Default: the vault's
   * system-assigned identity; a vault with only user-assigned identities uses its first.
   */
  vaultIdentity?: VaultIdentitySetting;
}

/** Options of the methods that wait for a protection state. Default `timeoutInMs`: 30 minutes. */
export type ProtectionWaitOptions = WaitOptions<WaitState<BackupInstanceInfo>>;

/** Options of `stopProtection`. */
export interface StopProtectionOptions extends ProtectionWaitOptions, ResourceGuardOptions {
  /** "forever": keep all backup data (stopProtection); "asPerPolicy": keep it as the policy says, the latest recovery point forever (suspendBackups). */
  retain: "forever" | "asPerPolicy";
  /** The backup instance's name: stopping ends its scheduled backups. */
  confirm: string;
}

/**
 * Options of `configureProtection` and `updateBackupConfiguration`: `confirm` (the backup
 * instance's name) when the change narrows what is backed up (fewer namespaces, ...).
 */
export interface ProtectionChangeOptions extends ProtectionWaitOptions, ResourceGuardOptions {
  /** The backup instance's name, when the change narrows what is backed up. */
  confirm?: string;
}

/** Options of `delete`. */
export interface DeleteBackupInstanceOptions extends ProtectionWaitOptions, ResourceGuardOptions {
  /** Must equal the backup instance's name: deleting removes its backup data. */
  confirm: string;
}

export type * from "./methodOptions.js";
export type * from "./resourceGuardModels.js";
export type { DeletedBackupInstanceInfo, UndeleteOptions } from "./softDeleted.js";
export type * from "./jobs/models.js";
export type * from "./restore/models.js";
export type * from "./recoveryPointModels.js";
export type * from "./onDemand/models.js";

import { resourceTypes } from "../common/armId.js";
import type { AzureBackupRule, AzureRetentionRule, BackupPolicy, DataStoreInfoBase, TaggingCriteria } from "../dataProtection/models.js";
import type { AksBackupFrequency, VaultTierCriterion } from "./models.js";

/** One vault-tier retention: which backups are copied to the vault, and how long the vault keeps them. */
export interface VaultTierRetention {
  /** Which scheduled backup is copied: the first of each day, week or month. */
  criterion: VaultTierCriterion;
  /** How long the vault tier keeps it (ISO 8601: "P30D", "P12W", "P12M"). */
  duration: string;
}

/** Everything {@link buildPolicyFromDefinition} needs, already checked. */
export interface AksPolicyDefinition {
  /** Backup frequency of the operational tier. */
  frequency: AksBackupFrequency;
  /** First backup time, ISO 8601 with offset. */
  startTime: string;
  /** Time zone of the schedule. */
  timeZone: string;
  /** Days backups stay in the operational tier. */
  operationalRetentionDays: number;
  /** Vault-tier retentions (none: operational tier only). */
  vaultTier: readonly VaultTierRetention[];
}

/** The retention tag of a vault-tier criterion. */
export interface VaultTierTag {
  /** Tag (and retention rule) name. */
  tagName: string;
  /** Priority among the tags a backup meets (lower wins; the default tag has 99). */
  taggingPriority: number;
}

/**
 * The retention tag of each vault-tier criterion, with its priority (lower wins). "Vault" with
 * priority 50 is the daily vault tier Azure documents for AKS (CONTRACTS 5.4); "Weekly" and
 * "Monthly" with 20 and 15 are the names and priorities the portal and CLI give these criteria.
 */
export const vaultTierTags: Readonly<Record<VaultTierCriterion, VaultTierTag>> = {
  FirstOfDay: { tagName: "Vault", taggingPriority: 50 },
  FirstOfWeek: { tagName: "Weekly", taggingPriority: 20 },
  FirstOfMonth: { tagName: "Monthly", taggingPriority: 15 },
};

const store = (dataStoreType: DataStoreInfoBase["dataStoreType"]): DataStoreInfoBase => ({ dataStoreType, objectType: "DataStoreInfoBase" });

/**
 * The tagging criterion and retention rule of one vault-tier retention, as live Azure records
 * them (test_dataprotection_backup_policy_create_and_delete, AKS policy): the tagged backup
 * stays in the OperationalStore for the operational retention and is copied to the VaultStore
 * at once (`ImmediateCopyOption`); the VaultStore keeps it for `duration`.
 */
function vaultTierRule(v: VaultTierRetention, operationalDays: number): { tag: TaggingCriteria; rule: AzureRetentionRule } {
  const { tagName, taggingPriority } = vaultTierTags[v.criterion];
  return {
    tag: {
      isDefault: false,
      taggingPriority,
      tagInfo: { id: `${tagName}_`, tagName },
      criteria: [{ objectType: "ScheduleBasedBackupCriteria", absoluteCriteria: [v.criterion] }],
    },
    rule: {
      objectType: "AzureRetentionRule",
      name: tagName,
      isDefault: false,
      lifecycles: [
        {
          deleteAfter: { objectType: "AbsoluteDeleteOption", duration: `P${operationalDays}D` },
          sourceDataStore: store("OperationalStore"),
          targetDataStoreCopySettings: [{ copyAfter: { objectType: "ImmediateCopyOption" }, dataStore: store("VaultStore") }],
        },
        {
          deleteAfter: { objectType: "AbsoluteDeleteOption", duration: v.duration },
          sourceDataStore: store("VaultStore"),
          targetDataStoreCopySettings: [],
        },
      ],
    },
  };
}

/**
 * Builds an AKS backup policy from a checked definition: one incremental backup rule to the
 * operational tier, the "Default" retention rule, and one tagged retention rule per vault-tier
 * retention (see {@link vaultTierTags}).
 */
export function buildPolicyFromDefinition(d: AksPolicyDefinition): BackupPolicy {
  const taggingCriteria: TaggingCriteria[] = [{ isDefault: true, taggingPriority: 99, tagInfo: { tagName: "Default" } }];
  const defaultRule: AzureRetentionRule = {
    objectType: "AzureRetentionRule",
    name: "Default",
    isDefault: true,
    lifecycles: [{
      deleteAfter: { objectType: "AbsoluteDeleteOption", duration: `P${d.operationalRetentionDays}D` },
      sourceDataStore: store("OperationalStore"),
      targetDataStoreCopySettings: [],
    }],
  };
  const vaultRules: AzureRetentionRule[] = [];
  for (const v of d.vaultTier) {
    const { tag, rule } = vaultTierRule(v, d.operationalRetentionDays);
    taggingCriteria.push(tag);
    vaultRules.push(rule);
  }
  const backupRule: AzureBackupRule = {
    objectType: "AzureBackupRule",
    name: "BackupHourly",
    backupParameters: { objectType: "AzureBackupParams", backupType: "Incremental" },
    dataStore: store("OperationalStore"),
    trigger: {
      objectType: "ScheduleBasedTriggerContext",
      schedule: { repeatingTimeIntervals: [`R/${d.startTime}/${d.frequency}`], timeZone: d.timeZone },
      taggingCriteria,
    },
  };
  return { objectType: "BackupPolicy", datasourceTypes: [resourceTypes.managedCluster], policyRules: [backupRule, defaultRule, ...vaultRules] };
}

/** Whether a policy keeps backups in the vault tier (a retention lifecycle of the VaultStore). */
export function policyHasVaultTier(policy: BackupPolicy | undefined): boolean {
  return (policy?.policyRules ?? []).some((r) => r.objectType === "AzureRetentionRule" &&
    (r.lifecycles ?? []).some((l) => l.sourceDataStore?.dataStoreType === "VaultStore" ||
      (l.targetDataStoreCopySettings ?? []).some((c) => c.dataStore?.dataStoreType === "VaultStore")));
}

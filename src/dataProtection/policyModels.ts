import type { DataStoreTypes, ProxyResource } from "./models.js";

/** A data store reference (`DataStoreInfoBase`). */
export interface DataStoreInfoBase {
  /** The data store. */
  dataStoreType: DataStoreTypes;
  /** "DataStoreInfoBase". */
  objectType: string;
}

/** A schedule: ISO 8601 repeating intervals such as "R/2024-01-01T09:00:00+00:00/PT4H". */
export interface BackupSchedule {
  /** Repeating intervals. */
  repeatingTimeIntervals: string[];
  /** Time zone, e.g. "UTC". */
  timeZone?: string;
}

/** When a retention tag applies to a backup (`ScheduleBasedBackupCriteria`). */
export interface ScheduleBasedBackupCriteria {
  /** "ScheduleBasedBackupCriteria". */
  objectType: "ScheduleBasedBackupCriteria";
  /** "AllBackup", "FirstOfDay", "FirstOfMonth", "FirstOfWeek" or "FirstOfYear". */
  absoluteCriteria?: string[];
  /** Days of the month. */
  daysOfMonth?: Array<{
    /** Day of the month (1-28). */
    date?: number;
    /** The last day of the month. */
    isLast?: boolean;
  }>;
  /** Days of the week ("Monday"...). */
  daysOfTheWeek?: string[];
  /** Months ("January"...). */
  monthsOfYear?: string[];
  /** Times of day (ISO 8601). */
  scheduleTimes?: string[];
  /** Weeks of the month ("First"... "Last"). */
  weeksOfTheMonth?: string[];
}

/** A retention tag and when it applies (`TaggingCriteria`). */
export interface TaggingCriteria {
  /** Criteria; none means every backup. */
  criteria?: ScheduleBasedBackupCriteria[];
  /** Whether this is the default tag. */
  isDefault: boolean;
  /** Priority (lower wins). */
  taggingPriority: number;
  /** The tag. */
  tagInfo: {
    /** Tag name, e.g. "Default" or "Vault". */
    tagName: string;
    /** Tag id (read-only). */
    readonly id?: string;
    /** Tag ETag (read-only). */
    readonly eTag?: string;
  };
}

/** A schedule-based trigger (`ScheduleBasedTriggerContext`). */
export interface ScheduleBasedTriggerContext {
  /** "ScheduleBasedTriggerContext". */
  objectType: "ScheduleBasedTriggerContext";
  /** The schedule. */
  schedule: BackupSchedule;
  /** Retention tags of the backups it triggers. */
  taggingCriteria: TaggingCriteria[];
}

/** A backup rule (`AzureBackupRule`). */
export interface AzureBackupRule {
  /** "AzureBackupRule". */
  objectType: "AzureBackupRule";
  /** Rule name, e.g. "BackupHourly". */
  name: string;
  /** Backup parameters. */
  backupParameters?: {
    /** "AzureBackupParams". */
    objectType: string;
    /** "Incremental" for AKS. */
    backupType: string;
  };
  /** Where backups go. */
  dataStore: DataStoreInfoBase;
  /** When backups run. */
  trigger: ScheduleBasedTriggerContext;
}

/** How data is copied between stores (`CopyOption`). */
export interface CopyOption {
  /** "CopyOnExpiryOption", "CustomCopyOption" or "ImmediateCopyOption". */
  objectType: "CopyOnExpiryOption" | "CustomCopyOption" | "ImmediateCopyOption";
  /** For CustomCopyOption: copy after this ISO 8601 duration. */
  duration?: string;
}

/** A retention lifecycle (`SourceLifeCycle`). */
export interface SourceLifeCycle {
  /** When data is deleted. */
  deleteAfter: {
    /** "AbsoluteDeleteOption". */
    objectType: string;
    /** ISO 8601 duration, e.g. "P7D". */
    duration: string;
  };
  /** The store the data is in. */
  sourceDataStore: DataStoreInfoBase;
  /** Copies to other stores. */
  targetDataStoreCopySettings?: Array<{
    /** When to copy. */
    copyAfter: CopyOption;
    /** Target store. */
    dataStore: DataStoreInfoBase;
  }>;
}

/** A retention rule (`AzureRetentionRule`). */
export interface AzureRetentionRule {
  /** "AzureRetentionRule". */
  objectType: "AzureRetentionRule";
  /** Rule name; matches a tag name ("Default", "Vault"). */
  name: string;
  /** Whether this is the default rule. */
  isDefault?: boolean;
  /** Lifecycles. */
  lifecycles: SourceLifeCycle[];
}

/** A policy rule (`BasePolicyRule`, discriminated by `objectType`). */
export type BasePolicyRule = AzureBackupRule | AzureRetentionRule;

/** A backup policy (`BackupPolicy`, the only `BaseBackupPolicy`). */
export interface BackupPolicy {
  /** "BackupPolicy". */
  objectType: "BackupPolicy";
  /** Datasource types, e.g. ["Microsoft.ContainerService/managedClusters"]. */
  datasourceTypes: string[];
  /** Rules. */
  policyRules: BasePolicyRule[];
}

/** A backup policy resource (`BaseBackupPolicyResource`). */
export interface BaseBackupPolicyResource extends ProxyResource {
  /** The policy. */
  properties: BackupPolicy;
}

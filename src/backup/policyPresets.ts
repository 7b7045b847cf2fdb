import { InputValidationError } from "../errors.js";
import { resourceTypes } from "../common/armId.js";
import type { AzureBackupRule, AzureRetentionRule, BackupPolicy, DataStoreInfoBase, TaggingCriteria } from "../dataProtection/models.js";
import type { AksBackupFrequency, AksPolicyPreset, AksPolicyPresetName } from "./models.js";

/** The named presets. */
export const aksPolicyPresets: Readonly<Record<AksPolicyPresetName, Readonly<AksPolicyPreset>>> = {
  every4Hours: { frequency: "PT4H", operationalRetentionDays: 7 },
  every6Hours: { frequency: "PT6H", operationalRetentionDays: 7 },
  every12Hours: { frequency: "PT12H", operationalRetentionDays: 7 },
  daily: { frequency: "P1D", operationalRetentionDays: 7 },
  dailyWithVaultTier: { frequency: "P1D", operationalRetentionDays: 7, vaultRetentionDays: 30 },
};

/** Frequencies Azure Backup offers for AKS. */
export const aksBackupFrequencies: readonly AksBackupFrequency[] = ["PT4H", "PT6H", "PT8H", "PT12H", "P1D"];

const store = (dataStoreType: DataStoreInfoBase["dataStoreType"]): DataStoreInfoBase => ({ dataStoreType, objectType: "DataStoreInfoBase" });
const startTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function days(value: number | undefined, fallback: number, max: number, parameter: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > max) throw new InputValidationError(parameter, `${String(v)} is not a whole number of days from 1 to ${max}`, `pass 1..${max}`);
  return v;
}

/** Resolves a preset name or object, checking every field. Throws {@link InputValidationError}. */
export function resolvePreset(preset: AksPolicyPreset | AksPolicyPresetName, parameter = "preset"): Required<Omit<AksPolicyPreset, "vaultRetentionDays">> & Pick<AksPolicyPreset, "vaultRetentionDays"> {
  const p = typeof preset === "string" ? aksPolicyPresets[preset] : preset;
  if (p === undefined || typeof p !== "object") {
    throw new InputValidationError(parameter, `'${typeof preset === "string" ? preset : typeof preset}' is not a preset`, `use one of ${Object.keys(aksPolicyPresets).join(", ")}, or a preset object`);
  }
  const frequency = p.frequency ?? "PT4H";
  if (!aksBackupFrequencies.includes(frequency)) {
    throw new InputValidationError(`${parameter}.frequency`, `'${String(frequency)}' is not a frequency Azure offers for AKS`, `use one of ${aksBackupFrequencies.join(", ")}`);
  }
  const startTime = p.startTime ?? "2024-01-01T09:00:00+00:00";
  if (!startTimePattern.test(startTime) || Number.isNaN(Date.parse(startTime))) {
    throw new InputValidationError(`${parameter}.startTime`, `'${startTime}' is not an ISO 8601 time with an offset`, 'use e.g. "2024-01-01T09:00:00+00:00"');
  }
  return {
    frequency,
    startTime,
    timeZone: p.timeZone ?? "UTC",
    operationalRetentionDays: days(p.operationalRetentionDays, 7, 360, `${parameter}.operationalRetentionDays`),
    ...(p.vaultRetentionDays !== undefined ? { vaultRetentionDays: days(p.vaultRetentionDays, 0, 3650, `${parameter}.vaultRetentionDays`) } : {}),
  };
}

/**
 * Builds an AKS backup policy: one incremental backup rule to the operational tier on the
 * preset's schedule, a "Default" retention rule, and with `vaultRetentionDays` a "Vault" rule
 * keeping the first backup of each day in the vault tier.
 */
export function buildAksPolicy(preset: AksPolicyPreset | AksPolicyPresetName): BackupPolicy {
  const p = resolvePreset(preset);
  const taggingCriteria: TaggingCriteria[] = [{ isDefault: true, taggingPriority: 99, tagInfo: { tagName: "Default" } }];
  const defaultRule: AzureRetentionRule = {
    objectType: "AzureRetentionRule",
    name: "Default",
    isDefault: true,
    lifecycles: [{
      deleteAfter: { objectType: "AbsoluteDeleteOption", duration: `P${p.operationalRetentionDays}D` },
      sourceDataStore: store("OperationalStore"),
      targetDataStoreCopySettings: [],
    }],
  };
  const rules: Array<AzureBackupRule | AzureRetentionRule> = [];
  if (p.vaultRetentionDays !== undefined) {
    taggingCriteria.push({
      isDefault: false,
      taggingPriority: 50,
      tagInfo: { tagName: "Vault" },
      criteria: [{ objectType: "ScheduleBasedBackupCriteria", absoluteCriteria: ["FirstOfDay"] }],
    });
    rules.push({
      objectType: "AzureRetentionRule",
      name: "Vault",
      isDefault: false,
      lifecycles: [{
        deleteAfter: { objectType: "AbsoluteDeleteOption", duration: `P${p.vaultRetentionDays}D` },
        sourceDataStore: store("VaultStore"),
        targetDataStoreCopySettings: [],
      }],
    });
    defaultRule.lifecycles[0]!.targetDataStoreCopySettings = [{ copyAfter: { objectType: "CustomCopyOption", duration: "P1D" }, dataStore: store("VaultStore") }];
  }
  const backupRule: AzureBackupRule = {
    objectType: "AzureBackupRule",
    name: "BackupHourly",
    backupParameters: { objectType: "AzureBackupParams", backupType: "Incremental" },
    dataStore: store("OperationalStore"),
    trigger: {
      objectType: "ScheduleBasedTriggerContext",
      schedule: { repeatingTimeIntervals: [`R/${p.startTime}/${p.frequency}`], timeZone: p.timeZone },
      taggingCriteria,
    },
  };
  return { objectType: "BackupPolicy", datasourceTypes: [resourceTypes.managedCluster], policyRules: [backupRule, defaultRule, ...rules] };
}

import { InputValidationError } from "../errors.js";
import type { BackupPolicy } from "../dataProtection/models.js";
import type { AksBackupFrequency, AksPolicyPreset, AksPolicyPresetName } from "./models.js";
import { buildPolicyFromDefinition, type AksPolicyDefinition, type VaultTierRetention } from "./policyBuilder.js";

/** The named presets. */
export const aksPolicyPresets: Readonly<Record<AksPolicyPresetName, Readonly<AksPolicyPreset>>> = {
  every4Hours: { frequency: "PT4H", operationalRetentionDays: 7 },
  every6Hours: { frequency: "PT6H", operationalRetentionDays: 7 },
  every12Hours: { frequency: "PT12H", operationalRetentionDays: 7 },
  daily: { frequency: "P1D", operationalRetentionDays: 7 },
  dailyWithVaultTier: { frequency: "P1D", operationalRetentionDays: 7, vaultRetentionDays: 30 },
  weeklyWithVaultTier: { frequency: "P1D", operationalRetentionDays: 7, weeklyVaultRetentionWeeks: 12 },
  monthlyWithVaultTier: { frequency: "P1D", operationalRetentionDays: 7, monthlyVaultRetentionMonths: 12 },
};

/** Frequencies Azure Backup offers for AKS (every 4, 6, 8 or 12 hours, daily; weekly as recorded from live Azure). */
export const aksBackupFrequencies: readonly AksBackupFrequency[] = ["PT4H", "PT6H", "PT8H", "PT12H", "P1D", "P1W"];

const startTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function whole(value: number | undefined, fallback: number, max: number, parameter: string, unit: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > max) throw new InputValidationError(parameter, `${String(v)} is not a whole number of ${unit} from 1 to ${max}`, `pass 1..${max}`);
  return v;
}

/** A preset, resolved: every field checked and defaulted. */
export type ResolvedPolicyPreset = Required<Pick<AksPolicyPreset, "frequency" | "startTime" | "timeZone" | "operationalRetentionDays">>
  & Pick<AksPolicyPreset, "vaultRetentionDays" | "weeklyVaultRetentionWeeks" | "monthlyVaultRetentionMonths">;

/** Resolves a preset name or object, checking every field. Throws {@link InputValidationError}. */
export function resolvePreset(preset: AksPolicyPreset | AksPolicyPresetName, parameter = "preset"): ResolvedPolicyPreset {
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
    operationalRetentionDays: whole(p.operationalRetentionDays, 7, 360, `${parameter}.operationalRetentionDays`, "days"),
    ...(p.vaultRetentionDays !== undefined ? { vaultRetentionDays: whole(p.vaultRetentionDays, 0, 3650, `${parameter}.vaultRetentionDays`, "days") } : {}),
    ...(p.weeklyVaultRetentionWeeks !== undefined ? { weeklyVaultRetentionWeeks: whole(p.weeklyVaultRetentionWeeks, 0, 520, `${parameter}.weeklyVaultRetentionWeeks`, "weeks") } : {}),
    ...(p.monthlyVaultRetentionMonths !== undefined ? { monthlyVaultRetentionMonths: whole(p.monthlyVaultRetentionMonths, 0, 120, `${parameter}.monthlyVaultRetentionMonths`, "months") } : {}),
  };
}

/** The checked definition of a preset: its schedule and its vault-tier retentions (daily, weekly, monthly). */
export function presetDefinition(preset: AksPolicyPreset | AksPolicyPresetName, parameter = "preset"): AksPolicyDefinition {
  const p = resolvePreset(preset, parameter);
  const vaultTier: VaultTierRetention[] = [];
  if (p.vaultRetentionDays !== undefined) vaultTier.push({ criterion: "FirstOfDay", duration: `P${p.vaultRetentionDays}D` });
  if (p.weeklyVaultRetentionWeeks !== undefined) vaultTier.push({ criterion: "FirstOfWeek", duration: `P${p.weeklyVaultRetentionWeeks}W` });
  if (p.monthlyVaultRetentionMonths !== undefined) vaultTier.push({ criterion: "FirstOfMonth", duration: `P${p.monthlyVaultRetentionMonths}M` });
  return { frequency: p.frequency, startTime: p.startTime, timeZone: p.timeZone, operationalRetentionDays: p.operationalRetentionDays, vaultTier };
}

/**
 * Builds an AKS backup policy: one incremental backup rule to the operational tier on the
 * preset's schedule, a "Default" retention rule, and for each vault-tier retention a tagged
 * rule that copies the first backup of each day ("Vault"), week ("Weekly") or month
 * ("Monthly") to the vault tier, in the body live Azure records (see `buildPolicyFromDefinition`).
 */
export function buildAksPolicy(preset: AksPolicyPreset | AksPolicyPresetName): BackupPolicy {
  return buildPolicyFromDefinition(presetDefinition(preset));
}

/** Schemas of what a backup includes and of policy presets. */
import { z } from "zod";
import { isoDateTimeWithOffset, namespaceName, nonEmptyText, realBoolean, rule, strictObject, timeZone, wholeDays } from "./primitives.js";

/** `BackupConfiguration`: what a backup of a cluster includes. */
export const backupConfiguration = strictObject({
  snapshotVolumes: realBoolean.optional(),
  includeClusterScopeResources: realBoolean.optional(),
  includedVolumeTypes: z.array(z.enum(["AzureDisk", "AzureFileShareSMB"])).optional(),
  includedNamespaces: z.array(namespaceName).min(1, rule("it is an empty list", "omit it to back up every namespace, or list at least one")).optional(),
  excludedNamespaces: z.array(namespaceName).optional(),
  includedResourceTypes: z.array(nonEmptyText).optional(),
  excludedResourceTypes: z.array(nonEmptyText).optional(),
  labelSelectors: z.array(nonEmptyText).optional(),
  backupHooks: z.array(strictObject({ name: nonEmptyText, namespace: namespaceName })).min(1, rule("it is an empty list", "pass [{ name, namespace }], or omit it")).optional(),
}).superRefine((v, ctx) => {
  // Azure Files (SMB) volumes: the share's secrets must be backed up with them, and volumes snapshotted.
  if (!v.includedVolumeTypes?.includes("AzureFileShareSMB")) return;
  const isSecrets = (t: string): boolean => t.trim().toLowerCase() === "secrets";
  const fix = "back up secrets with Azure Files volumes (they hold the share's credentials), or leave AzureFileShareSMB out of includedVolumeTypes";
  if (v.snapshotVolumes === false) ctx.addIssue({ code: "custom", path: ["snapshotVolumes"], message: "it is false while includedVolumeTypes has AzureFileShareSMB", params: { fix: "set snapshotVolumes to true (or omit it), or leave AzureFileShareSMB out" } });
  if (v.includedResourceTypes && !v.includedResourceTypes.some(isSecrets)) ctx.addIssue({ code: "custom", path: ["includedResourceTypes"], message: "it leaves out secrets while includedVolumeTypes has AzureFileShareSMB", params: { fix } });
  if (v.excludedResourceTypes?.some(isSecrets)) ctx.addIssue({ code: "custom", path: ["excludedResourceTypes"], message: "it excludes secrets while includedVolumeTypes has AzureFileShareSMB", params: { fix } });
});

/** The names of the policy presets. */
export const policyPresetName = z.enum(["every4Hours", "every6Hours", "every12Hours", "daily", "dailyWithVaultTier", "weeklyWithVaultTier", "monthlyWithVaultTier"]);

/** `AksPolicyPreset`: a policy from a few choices. */
export const policyPresetObject = strictObject({
  frequency: z.enum(["PT4H", "PT6H", "PT8H", "PT12H", "P1D", "P1W"]).optional(),
  operationalRetentionDays: wholeDays(1, 360).optional(),
  startTime: isoDateTimeWithOffset.optional(),
  timeZone: timeZone.optional(),
  vaultRetentionDays: wholeDays(1, 3650).optional(),
  weeklyVaultRetentionWeeks: wholeNumber(1, 520, "weeks").optional(),
  monthlyVaultRetentionMonths: wholeNumber(1, 120, "months").optional(),
});

/** A whole number of `unit` from `min` to `max`. */
function wholeNumber(min: number, max: number, unit: string): z.ZodType<number> {
  return z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, rule(`it is not a whole number of ${unit} from ${min} to ${max}`, `pass ${min}..${max}`));
}

/** A preset name or object. */
export const policyPreset = z.union([policyPresetName, policyPresetObject], {
  error: "it is neither a preset name nor a preset object",
});

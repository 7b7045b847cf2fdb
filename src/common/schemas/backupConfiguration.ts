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
});

/** The names of the policy presets. */
export const policyPresetName = z.enum(["every4Hours", "every6Hours", "every12Hours", "daily", "dailyWithVaultTier"]);

/** `AksPolicyPreset`: a policy from a few choices. */
export const policyPresetObject = strictObject({
  frequency: z.enum(["PT4H", "PT6H", "PT8H", "PT12H", "P1D"]).optional(),
  operationalRetentionDays: wholeDays(1, 360).optional(),
  startTime: isoDateTimeWithOffset.optional(),
  timeZone: timeZone.optional(),
  vaultRetentionDays: wholeDays(1, 3650).optional(),
});

/** A preset name or object. */
export const policyPreset = z.union([policyPresetName, policyPresetObject], {
  error: "it is neither a preset name nor a preset object",
});

/** Schemas of vault settings (only the settings the types declare: anything else is refused). */
import { z } from "zod";
import { clusterId, userAssignedIdentityId } from "./ids.js";
import { durationInMs, nonEmptyText, operationOptionsShape, realBoolean, strictObject, waitOptionsShape, wholeDays } from "./primitives.js";

/** Redundancy of a vault's store. */
export const storageRedundancy = z.enum(["LocallyRedundant", "GeoRedundant", "ZoneRedundant"]);

/** Soft delete settings: state and 14-180 days. */
export const softDelete = strictObject({
  state: z.enum(["Off", "On", "AlwaysOn"]),
  retentionDurationInDays: wholeDays(14, 180).optional(),
});

/** The vault's identity: its system-assigned one, or a user-assigned identity by ARM id. */
export const vaultIdentity = z.union([z.literal("SystemAssigned"), strictObject({ userAssignedIdentityId })], {
  error: "it is neither \"SystemAssigned\" nor { userAssignedIdentityId }",
});

/** The settings `ensureVault` and `EnableBackupRequest.vault` converge (`VaultSettings`). */
const vaultSettingsShape = {
  storageRedundancy: storageRedundancy.optional(),
  crossRegionRestore: realBoolean.optional(),
  crossSubscriptionRestore: z.enum(["Enabled", "Disabled", "PermanentlyDisabled"]).optional(),
  immutability: z.enum(["Disabled", "Unlocked", "Locked"]).optional(),
  softDelete: softDelete.optional(),
  alertsForAllJobFailures: z.enum(["Enabled", "Disabled"]).optional(),
  identity: vaultIdentity.optional(),
};

/** Cross-region restore needs a geo-redundant vault: refused at once when the same request asks for another redundancy. */
function crossRegionNeedsGeo(v: { crossRegionRestore?: boolean | undefined; storageRedundancy?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.crossRegionRestore === true && v.storageRedundancy !== undefined && v.storageRedundancy !== "GeoRedundant") {
    ctx.addIssue({ code: "custom", path: ["crossRegionRestore"], message: `cross-region restore needs a GeoRedundant vault, not ${v.storageRedundancy}`, params: { fix: "set storageRedundancy: \"GeoRedundant\", or leave crossRegionRestore out" } });
  }
}

/** Vault settings of `EnableBackupRequest.vault`. */
export const enableBackupVaultSettings = strictObject(vaultSettingsShape).superRefine(crossRegionNeedsGeo);

/** `EnsureVaultOptions`. */
export const ensureVaultOptions = strictObject({
  ...operationOptionsShape,
  ...vaultSettingsShape,
  location: nonEmptyText.optional(),
  clusterId: clusterId.optional(),
  tags: z.record(z.string(), z.string()).optional(),
  confirm: z.string().optional(),
  pollIntervalInMs: durationInMs.optional(),
  timeoutInMs: durationInMs.optional(),
  onProgress: waitOptionsShape.onProgress,
  restoreFrom: waitOptionsShape.restoreFrom,
}).superRefine(crossRegionNeedsGeo);

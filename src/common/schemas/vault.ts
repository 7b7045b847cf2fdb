/** Schemas of vault settings (only the settings the types declare: anything else is refused). */
import { z } from "zod";
import { clusterId } from "./ids.js";
import { durationInMs, nonEmptyText, operationOptionsShape, strictObject, waitOptionsShape, wholeDays } from "./primitives.js";

/** Redundancy of a vault's store. */
export const storageRedundancy = z.enum(["LocallyRedundant", "GeoRedundant", "ZoneRedundant"]);

/** Soft delete settings: state and 14-180 days. */
export const softDelete = strictObject({
  state: z.enum(["Off", "On", "AlwaysOn"]),
  retentionDurationInDays: wholeDays(14, 180).optional(),
});

/** Vault settings of `EnableBackupRequest.vault`. */
export const enableBackupVaultSettings = strictObject({
  storageRedundancy: storageRedundancy.optional(),
  softDelete: softDelete.optional(),
});

/** `EnsureVaultOptions`. */
export const ensureVaultOptions = strictObject({
  ...operationOptionsShape,
  location: nonEmptyText.optional(),
  clusterId: clusterId.optional(),
  storageRedundancy: storageRedundancy.optional(),
  softDelete: softDelete.optional(),
  tags: z.record(z.string(), z.string()).optional(),
  pollIntervalInMs: durationInMs.optional(),
  timeoutInMs: durationInMs.optional(),
  onProgress: waitOptionsShape.onProgress,
  restoreFrom: waitOptionsShape.restoreFrom,
});

/** Schemas of the facade's requests and options (`AksBackup`). */
import { z } from "zod";
import { backupConfiguration, policyPreset } from "./backupConfiguration.js";
import { extensionResources } from "./extension.js";
import { backupInstanceId, clusterId, nameOf, policyId, resourceGroupId, storageAccountId, vaultId } from "./ids.js";
import { restoreRequestShape } from "./backup.js";
import { callback, durationInMs, operationOptionsShape, positiveInt, realBoolean, strictObject, readOperationOptions } from "./primitives.js";
import { enableBackupVaultSettings } from "./vault.js";

/** `EnableBackupRequest`. */
export const enableBackupRequest = strictObject({
  clusterId,
  vaultId,
  storageAccountId,
  blobContainer: nameOf("blobContainer"),
  snapshotResourceGroupId: resourceGroupId,
  policyId: policyId.optional(),
  policyPreset: policyPreset.optional(),
  backupConfiguration: backupConfiguration.optional(),
  extensionResources: extensionResources.optional(),
  backupInstanceName: nameOf("backupInstance").optional(),
  vault: enableBackupVaultSettings.optional(),
  moveExtensionStorage: realBoolean.optional(),
  firstBackup: realBoolean.optional(),
  confirm: z.union([z.string(), z.array(z.string())]).optional(),
}).superRefine((v, ctx) => {
  const idOf = (x: unknown): string | undefined => (typeof x === "string" ? x : typeof x === "object" && x !== null && typeof (x as { id?: unknown }).id === "string" ? (x as { id: string }).id : undefined);
  const policy = idOf(v.policyId);
  const vault = idOf(v.vaultId)?.replace(/\/+$/, "");
  if (policy && vault && !policy.toLowerCase().startsWith(`${vault.toLowerCase()}/backuppolicies/`)) {
    ctx.addIssue({ code: "custom", path: ["policyId"], message: "the policy is not in the vault vaultId names", params: { fix: `pass a policy of that vault (${vault}/backupPolicies/<name>), or omit policyId` } });
  }
});

const enableBackupOptionsShape = {
  ...operationOptionsShape,
  onProgress: callback.optional(),
  concurrency: positiveInt.optional(),
  propagationTimeoutInMs: durationInMs.optional(),
  timeoutInMs: durationInMs.optional(),
};

/** `EnableBackupOptions`. */
export const enableBackupOptions = strictObject(enableBackupOptionsShape).optional();

/** `FleetOptions`. */
export const fleetOptions = strictObject({
  ...enableBackupOptionsShape,
  clusterConcurrency: positiveInt.optional(),
  writesPerHour: positiveInt.optional(),
  onClusterDone: callback.optional(),
}).optional();

/** The list of `enableBackupForFleet`. */
export const fleetRequests = z.array(z.unknown(), { error: "it is not a list" });

/** `DisableBackupRequest`. */
export const disableBackupRequest = strictObject({
  clusterId,
  vaultId,
  mode: z.enum(["retainForever", "retainAsPerPolicy", "deleteData"]),
  confirm: z.string().optional(),
});

/** Options of a facade read (`planBackup`, `disableBackup`). */
export const facadeOperationOptions = readOperationOptions;

/** `RestoreClusterRequest`: the backup instance, the tier and region, staging, and what to restore (as `BackupInstanceManager.restore` takes it). */
export const restoreClusterRequest = strictObject({
  ...restoreRequestShape,
  backupInstanceId,
  source: z.enum(["operational", "vault"]).optional(),
  fromSecondaryRegion: realBoolean.optional(),
  stagingResourceGroupId: resourceGroupId.optional(),
  stagingStorageAccountId: storageAccountId.optional(),
  targetExtension: strictObject({ storageAccountId, blobContainer: nameOf("blobContainer"), resources: extensionResources.optional() }).optional(),
}).superRefine((v, ctx) => {
  const fix = (path: string, message: string, f: string): void => void ctx.addIssue({ code: "custom", path: [path], message, params: { fix: f } });
  if (v.fromSecondaryRegion === true && v.source === "operational") fix("source", "a cross-region restore reads the vault tier, not the operational tier", 'set source: "vault" (or omit it)');
  const vault = v.source === "vault" || v.fromSecondaryRegion === true;
  if (vault && v.stagingResourceGroupId === undefined) fix("stagingResourceGroupId", "a restore from the vault tier needs a staging resource group", "pass a resource group id in the target's subscription (created in the target's region if missing)");
  if (vault && v.stagingStorageAccountId === undefined) fix("stagingStorageAccountId", "a restore from the vault tier needs a staging storage account", "pass a storage account in the target's region and subscription, with allowCrossTenantReplication and public network access");
  if (!vault && (v.stagingResourceGroupId !== undefined || v.stagingStorageAccountId !== undefined)) fix(v.stagingResourceGroupId !== undefined ? "stagingResourceGroupId" : "stagingStorageAccountId", "staging is only for restores from the vault tier", 'set source: "vault", or leave the staging ids out');
  if (v.fromSecondaryRegion === true && v.targetClusterId === undefined) fix("targetClusterId", "a cross-region restore needs a target cluster in the vault's secondary region", "pass the id of a cluster in the paired region");
});

/** `RestoreClusterOptions`. */
export const restoreClusterOptions = strictObject({
  ...operationOptionsShape,
  grantPermissions: realBoolean.optional(),
  onProgress: callback.optional(),
  pollIntervalInMs: durationInMs.optional(),
  timeoutInMs: durationInMs.optional(),
  propagationTimeoutInMs: durationInMs.optional(),
  waitForCompletion: realBoolean.optional(),
}).optional();

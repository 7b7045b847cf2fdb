/** Schemas of `BackupInstanceManager`'s requests and options. */
import { z } from "zod";
import { backupConfiguration, policyPreset } from "./backupConfiguration.js";
import { backupInstanceId, clusterId, nameOf, policyId, resourceGroupId, vaultId } from "./ids.js";
import { resourceGuardShape } from "./resourceGuards.js";
import { vaultIdentity } from "./vault.js";
import { dateLike, durationInMs, kubernetesObjectName, namespaceName, nonEmptyText, operationOptionsShape, realBoolean, rule, strictObject, waitOptionsShape, readOperationOptions } from "./primitives.js";

/** `ConfigureProtectionRequest`. */
export const configureProtectionRequest = strictObject({
  clusterId,
  vaultId,
  policyId,
  snapshotResourceGroupId: resourceGroupId,
  configuration: backupConfiguration.optional(),
  backupInstanceName: nameOf("backupInstance").optional(),
  friendlyName: nonEmptyText.optional(),
  vaultIdentity: vaultIdentity.optional(),
});

/** `ProtectionWaitOptions`. */
export const protectionWaitOptions = strictObject(waitOptionsShape).optional();

/** Options of `updateBackupConfiguration` and `configureProtection`: wait options and `confirm` when narrowing. */
export const narrowingWaitOptions = strictObject({ ...waitOptionsShape, ...resourceGuardShape, confirm: z.string().optional() }).optional();

/** `StopProtectionOptions`: `retain` and `confirm` (the instance's name). */
export const stopProtectionOptions = strictObject({
  ...waitOptionsShape,
  ...resourceGuardShape,
  retain: z.enum(["forever", "asPerPolicy"]),
  confirm: z.string().optional(),
});

/** `DeleteBackupInstanceOptions`. */
export const deleteBackupInstanceOptions = strictObject({ ...waitOptionsShape, ...resourceGuardShape, confirm: z.string().optional() }).optional();

const backupPolicy = z.custom<object>((v) => typeof v === "object" && v !== null && !Array.isArray(v), rule("it is not a policy object", "pass a full BackupPolicy, or use preset"));

/** `EnsurePolicyOptions`: a preset or a full policy (not both), and `confirm` when it overwrites a policy in use. */
export const ensurePolicyOptions = strictObject({
  ...operationOptionsShape,
  preset: policyPreset.optional(),
  policy: backupPolicy.optional(),
  confirm: z.string().optional(),
}).superRefine((v, ctx) => {
  if ((v.preset === undefined) === (v.policy === undefined)) {
    ctx.addIssue({ code: "custom", message: v.preset === undefined ? "neither preset nor policy is given" : "both preset and policy are given", params: { fix: "pass exactly one of preset and policy" } });
  }
});

/** `BackupNowOptions`. */
export const backupNowOptions = strictObject({
  ...waitOptionsShape,
  ruleName: nonEmptyText.optional(),
  retentionTag: nonEmptyText.optional(),
  pollIntervalInMs: durationInMs.optional(),
}).optional();

const jobOperation = z.enum(["backup", "onDemandBackup", "scheduledBackup", "restore", "tiering", "management"]);
const jobStatus = z.enum(["InProgress", "Completed", "CompletedWithWarnings", "Failed", "Cancelled", "Cancelling", "Paused", "Started"]);

/** `ListJobsOptions`. */
export const listJobsOptions = strictObject({
  ...operationOptionsShape,
  backupInstanceId: backupInstanceId.optional(),
  operation: z.union([jobOperation, z.array(jobOperation)]).optional(),
  status: z.union([jobStatus, z.array(jobStatus)]).optional(),
  since: dateLike.optional(),
  until: dateLike.optional(),
  includeDetails: realBoolean.optional(),
}).optional();

/** `WaitForJobOptions`. */
export const waitForJobOptions = strictObject({ ...waitOptionsShape, throwOnFailure: realBoolean.optional() }).optional();

/** The fields of `RestoreRequest`: what to restore, and where (`confirm`: the cluster's name for a Patch over it). */
export const restoreRequestShape = {
  recoveryPointId: nonEmptyText.optional(),
  targetClusterId: clusterId.optional(),
  includedNamespaces: z.array(namespaceName).min(1, rule("it is an empty list", "omit it to restore every namespace")).optional(),
  excludedNamespaces: z.array(namespaceName).optional(),
  namespaceMappings: z.record(namespaceName, namespaceName).optional(),
  conflictPolicy: z.enum(["Skip", "Patch"]).optional(),
  includeClusterScopeResources: realBoolean.optional(),
  restoreVolumeData: realBoolean.optional(),
  includedResourceTypes: z.array(nonEmptyText).optional(),
  excludedResourceTypes: z.array(nonEmptyText).optional(),
  labelSelectors: z.array(nonEmptyText).optional(),
  restoreHooks: z.array(strictObject({ name: nonEmptyText, namespace: namespaceName })).optional(),
  resourceModifier: strictObject({ name: kubernetesObjectName, namespace: namespaceName }).optional(),
  snapshotResourceGroupId: resourceGroupId.optional(),
  confirm: z.string().optional(),
};

/** `RestoreOptions`. */
export const restoreOptions = strictObject({
  ...waitOptionsShape,
  ...restoreRequestShape,
}).optional();

/** Options of reads (`get`, `list`, `getVault`, ...). */
export const readOptions = readOperationOptions;

/** Ids of the manager's methods, re-exported for one import. */
export const ids = { backupInstanceId, policyId, vaultId, clusterId };

import { parseArmId, resourceTypes, type ArmResourceId } from "../../common/armId.js";
import { InputValidationError } from "../../errors.js";
import { callAzure } from "../../common/azureCalls.js";
import type { OperationOptions } from "../../common/options.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import type { RestorePermissionsRequest } from "../../roles/models.js";
import { getJob, jobIdOf } from "../jobs/jobs.js";
import type { JobInfo } from "../jobs/models.js";
import { toInstanceInfo } from "../mappers.js";
import { readInstance } from "../protection.js";
import { getRecoveryPoint, latestRecoveryPoint } from "../recoveryPoints.js";
import type { RestoreOptions, RestoreValidation } from "./models.js";
import { buildRestoreRequest } from "./requestBuilder.js";
import { validateRestoreRequest } from "./validation.js";

/** What a restore needs beyond the DataProtection client; the manager provides these. */
export interface RestoreDependencies {
  /** The DataProtection client. */
  client: DataProtectionClient;
  /** Default interval between polls. */
  pollIntervalInMs: number;
  /** Region of a cluster; an {@link InputValidationError} naming `parameter` when it does not exist. */
  clusterLocation(cluster: ArmResourceId, parameter: string, o: OperationOptions): Promise<string>;
  /** Object id of the vault's identity. */
  vaultPrincipalId(vault: ArmResourceId, o: OperationOptions): Promise<string>;
  /** Grants the restore permission set (RoleGranter.grantForRestore). */
  grantForRestore(request: RestorePermissionsRequest, o: OperationOptions): Promise<unknown>;
  /** Binds the vault to a cluster with Trusted Access (TrustedAccessBinder.bind). */
  bindTrustedAccess(clusterId: string, vaultId: string, o: OperationOptions): Promise<unknown>;
}

const names = (bi: ArmResourceId): [string, string, string] => [bi.resourceGroupName!, bi.typeNames[0]!.name, bi.name];

/** Reads and checks everything the restore needs; no writes. */
async function prepare(deps: RestoreDependencies, bi: ArmResourceId, options: RestoreOptions): Promise<RestoreValidation & { snapshotResourceGroupId: string | undefined }> {
  const instance = await readInstance(deps.client, bi, options);
  if (!instance) throw new InputValidationError("backupInstanceId", `the backup instance '${bi.id}' does not exist`, "pass the id of an existing backup instance (list(vaultId))");
  const info = toInstanceInfo(instance);
  const recoveryPoint = options.recoveryPointId !== undefined
    ? await getRecoveryPoint(deps.client, bi, options.recoveryPointId, options)
    : await latestRecoveryPoint(deps.client, bi, options);
  if (!recoveryPoint) throw new InputValidationError("recoveryPointId", `the backup instance '${bi.name}' has no recovery point yet`, "take one with backupNow(backupInstanceId) and wait for the job, then restore");
  const source = parseArmId(info.clusterId, "backupInstance.clusterId", resourceTypes.managedCluster);
  const target = options.targetClusterId === undefined ? source : parseArmId(options.targetClusterId, "targetClusterId", resourceTypes.managedCluster);
  const targetLocation = await deps.clusterLocation(target, "targetClusterId", options);
  const sourceLocation = instance.properties?.dataSourceInfo.resourceLocation;
  if (sourceLocation && sourceLocation.toLowerCase() !== targetLocation.toLowerCase()) {
    throw new InputValidationError("targetClusterId", `the cluster '${target.name}' is in ${targetLocation}, but the recovery point's snapshots are in ${sourceLocation}; operational-tier restores stay in the backup's region`,
      `restore to a cluster in ${sourceLocation} (cross-region restore needs the vault tier with Cross Region Restore enabled on the vault)`);
  }
  return {
    backupInstanceId: bi.id,
    recoveryPoint,
    targetClusterId: target.id,
    targetLocation,
    request: buildRestoreRequest(recoveryPoint.name, source.id, { cluster: target, location: targetLocation }, options),
    snapshotResourceGroupId: options.snapshotResourceGroupId ?? info.snapshotResourceGroupId,
  };
}

/**
 * Checks a restore: the request (before any request to Azure), the instance, the recovery
 * point (it must be of this instance) and the target cluster (it must exist, in the backup's
 * region); then grants the restore permissions (unless `grantPermissions: false`) and runs
 * the service's validateForRestore. Returns the validated request.
 */
export async function validateRestore(deps: RestoreDependencies, backupInstanceId: string, options: RestoreOptions = {}): Promise<RestoreValidation> {
  const bi = parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance);
  validateRestoreRequest(options);
  const { snapshotResourceGroupId, ...validation } = await prepare(deps, bi, options);
  if (options.grantPermissions !== false) {
    const vault = parseArmId(bi.parentId, "backupInstanceId", resourceTypes.backupVault);
    if (!snapshotResourceGroupId) throw new InputValidationError("snapshotResourceGroupId", "the backup instance names no snapshot resource group", "pass the resource group of the disk snapshots");
    const vaultPrincipalId = await deps.vaultPrincipalId(vault, options);
    await deps.grantForRestore({ targetClusterId: validation.targetClusterId, snapshotResourceGroupId, vaultPrincipalId }, options);
    const source = validation.request.sourceResourceId ?? "";
    if (source.toLowerCase() !== validation.targetClusterId.toLowerCase()) await deps.bindTrustedAccess(validation.targetClusterId, vault.id, options);
  }
  const lro = { abortSignal: options.abortSignal, updateIntervalInMs: options.pollIntervalInMs ?? deps.pollIntervalInMs };
  await callAzure(`Validating the restore of ${bi.name} to ${validation.targetClusterId}`, () =>
    deps.client.backupInstances.beginValidateForRestore(...names(bi), { restoreRequestObject: validation.request }, lro).pollUntilDone({ abortSignal: options.abortSignal }));
  return validation;
}

/** Validates (see {@link validateRestore}) and starts a restore; returns the restore job. */
export async function restore(deps: RestoreDependencies, backupInstanceId: string, options: RestoreOptions = {}): Promise<JobInfo> {
  const validation = await validateRestore(deps, backupInstanceId, options);
  const bi = parseArmId(validation.backupInstanceId, "backupInstanceId", resourceTypes.backupInstance);
  const lro = { abortSignal: options.abortSignal, updateIntervalInMs: options.pollIntervalInMs ?? deps.pollIntervalInMs };
  const started = await callAzure(`Starting the restore of ${bi.name} to ${validation.targetClusterId}`, () =>
    deps.client.backupInstances.beginTriggerRestore(...names(bi), validation.request, lro).pollUntilDone({ abortSignal: options.abortSignal }));
  return getJob(deps.client, jobIdOf(bi, started.jobId), options);
}

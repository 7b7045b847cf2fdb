import { parseBackupInstanceId, parseClusterId, type BackupInstanceRef, type ClusterRef } from "../../common/references.js";
import { guardedRequestFor, withGuard, type GuardSettings } from "../resourceGuards.js";
import { InputValidationError } from "../../errors.js";
import type { PollerLike } from "@azure/core-lro";
import { callAzure } from "../../common/azureCalls.js";
import { followLro } from "../../common/lroWait.js";
import { createWaitPoller, type WaitMemo, type WaitState, callerWaitOptions } from "../../common/poller.js";
import type { AzureBackupRestoreRequest, BackupInstanceResource, OperationJobExtendedInfo } from "../../dataProtection/models.js";
import type { BackupInstanceInfo } from "../models.js";
import type { OperationOptions } from "../../common/options.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import { getJob, jobIdOf } from "../jobs/jobs.js";
import type { JobInfo } from "../jobs/models.js";
import { toInstanceInfo } from "../mappers.js";
import { readInstance } from "../protection.js";
import { getRecoveryPoint, latestRecoveryPoint } from "../recoveryPoints.js";
import type { RestoreCheck, RestoreOptions, RestoreValidation } from "./models.js";
import { buildRestoreRequest } from "./requestBuilder.js";
import { validateRestoreRequest } from "./validation.js";

/**
 * What a restore needs beyond its request. Granting the restore permissions and binding
 * Trusted Access are not here: they are the facade's (`AksBackup.restoreCluster`), which
 * runs them between {@link checkRestore} and {@link validateChecked}.
 */
export interface RestoreDependencies {
  /** The DataProtection client. */
  client: DataProtectionClient;
  /** Default interval between polls. */
  pollIntervalInMs: number;
  /** Region of a cluster; an {@link InputValidationError} naming `parameter` when it does not exist. */
  clusterLocation(cluster: ClusterRef, parameter: string, o: OperationOptions): Promise<string>;
  /** Who answers for the vault's resource guard (a restore is one of its critical operations). */
  guardSettings?: GuardSettings;
}

const names = (bi: BackupInstanceRef): [string, string, string] => [bi.resourceGroupName, bi.vault.name, bi.name];

/** Reads and checks everything the restore needs (the instance unless already read); no writes. */
async function prepare(deps: RestoreDependencies, bi: BackupInstanceRef, options: RestoreOptions, read?: { instance: BackupInstanceResource | undefined }): Promise<RestoreCheck> {
  const instance = read ? read.instance : await readInstance(deps.client, bi, options);
  if (!instance) throw new InputValidationError("backupInstanceId", `the backup instance '${bi.id}' does not exist`, "pass the id of an existing backup instance (list(vaultId))");
  const info = toInstanceInfo(instance);
  const recoveryPoint = options.recoveryPointId !== undefined
    ? await getRecoveryPoint(deps.client, bi, options.recoveryPointId, options)
    : await latestRecoveryPoint(deps.client, bi, options);
  if (!recoveryPoint) throw new InputValidationError("recoveryPointId", `the backup instance '${bi.name}' has no recovery point yet`, "take one with backupNow(backupInstanceId) and wait for the job, then restore");
  const source = parseClusterId(info.clusterId, "backupInstance.clusterId");
  const target = options.targetClusterId === undefined ? source : parseClusterId(options.targetClusterId, "targetClusterId");
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
    vaultId: info.vaultId,
  };
}

/**
 * Checks a restore with reads only: the request (before any request to Azure), the instance,
 * the recovery point (it must be of this instance) and the target cluster (it must exist, in
 * the backup's region).
 */
export async function checkRestore(deps: RestoreDependencies, backupInstanceId: string | BackupInstanceRef, options: RestoreOptions = {}): Promise<RestoreCheck> {
  const bi = parseBackupInstanceId(backupInstanceId, "backupInstanceId");
  validateRestoreRequest(options);
  return prepare(deps, bi, options);
}

/** Runs the service's validateForRestore on a checked restore. */
export async function validateChecked(deps: RestoreDependencies, check: RestoreCheck, options: RestoreOptions = {}): Promise<RestoreValidation> {
  const { snapshotResourceGroupId: _s, vaultId: _v, ...validation } = check;
  const bi = parseBackupInstanceId(validation.backupInstanceId, "backupInstanceId");
  const lro = { abortSignal: options.abortSignal, pollIntervalInMs: options.pollIntervalInMs ?? deps.pollIntervalInMs };
  await callAzure(`Validating the restore of ${bi.name} to ${validation.targetClusterId}`, () =>
    deps.client.backupInstances.beginValidateForRestore(...names(bi), { restoreRequestObject: validation.request }, lro).pollUntilDone({ abortSignal: options.abortSignal }));
  return validation;
}

/** Starts a validated restore; returns the restore job. */
export async function triggerRestore(deps: RestoreDependencies, validation: RestoreValidation, options: RestoreOptions = {}): Promise<JobInfo> {
  const bi = parseBackupInstanceId(validation.backupInstanceId, "backupInstanceId");
  const lro = { abortSignal: options.abortSignal, pollIntervalInMs: options.pollIntervalInMs ?? deps.pollIntervalInMs };
  const guard = await guardedRequestFor(deps.client, bi.vault, "restore", deps.guardSettings ?? {}, options);
  const request = guard.resourceGuardOperationRequests ? { ...validation.request, resourceGuardOperationRequests: guard.resourceGuardOperationRequests } : validation.request;
  const what = `Starting the restore of ${bi.name} to ${validation.targetClusterId}`;
  const started = await withGuard(what, guard, () => callAzure(what, () =>
    deps.client.backupInstances.beginTriggerRestore(...names(bi), request, { ...lro, ...(guard.auxiliaryToken ? { auxiliaryToken: guard.auxiliaryToken } : {}) }).pollUntilDone({ abortSignal: options.abortSignal })));
  return getJob(deps.client, jobIdOf(bi, started.jobId), options);
}

/**
 * Checks a restore ({@link checkRestore}) and runs the service's validateForRestore. The
 * restore permissions must be in place (`AksBackup.restoreCluster` grants them first).
 */
export async function validateRestore(deps: RestoreDependencies, backupInstanceId: string | BackupInstanceRef, options: RestoreOptions = {}): Promise<RestoreValidation> {
  return validateChecked(deps, await checkRestore(deps, backupInstanceId, options), options);
}

/** Validates (see {@link validateRestore}) and starts a restore; returns the restore job. */
export async function restore(deps: RestoreDependencies, backupInstanceId: string | BackupInstanceRef, options: RestoreOptions = {}): Promise<JobInfo> {
  return triggerRestore(deps, await validateRestore(deps, backupInstanceId, options), options);
}

const defaultStartTimeoutInMs = 10 * 60_000;

/**
 * {@link restore} as a resumable poller: its start checks, validates and sends the trigger; its
 * checks follow the trigger operation and resolve with the restore job. A state serialized
 * after the trigger was sent resumes by following it (`restoreFrom`), never by triggering again.
 * @param before - runs first in the start, with the instance as read (once, for both): e.g. a
 *   confirmation that depends on the protected cluster.
 */
export function beginRestore(deps: RestoreDependencies, backupInstanceId: string | BackupInstanceRef, options: RestoreOptions = {}, before?: (instance: BackupInstanceInfo | undefined, o: RestoreOptions) => Promise<void>): PollerLike<WaitState<JobInfo>, JobInfo> {
  const bi = parseBackupInstanceId(backupInstanceId, "backupInstanceId");
  validateRestoreRequest(options);
  const intervalInMs = options.pollIntervalInMs ?? deps.pollIntervalInMs;
  const memo: WaitMemo = { operation: null };
  let request: AzureBackupRestoreRequest | undefined;
  let auxiliaryToken: string | undefined;
  const trigger = followLro<OperationJobExtendedInfo>(`Starting the restore of ${bi.name}`, memo, "operation", (restoreFrom, abortSignal) =>
    deps.client.backupInstances.beginTriggerRestore(...names(bi), request ?? ({} as AzureBackupRestoreRequest), { abortSignal, pollIntervalInMs: intervalInMs, ...(restoreFrom ? { restoreFrom } : {}), ...(auxiliaryToken ? { auxiliaryToken } : {}) }));
  return createWaitPoller<JobInfo>({
    description: `the restore of ${bi.name} to start`,
    memo,
    intervalInMs,
    timeoutInMs: options.timeoutInMs ?? defaultStartTimeoutInMs,
    ...callerWaitOptions(options),
    start: async (abortSignal) => {
      const o = { ...options, ...(abortSignal ? { abortSignal } : {}) };
      const read = before ? { instance: await readInstance(deps.client, bi, o) } : undefined;
      if (before) await before(read!.instance && toInstanceInfo(read!.instance), o);
      const validation = await validateChecked(deps, await prepare(deps, bi, o, read), o);
      // A restore is a critical operation of the vault's resource guard: send its approval.
      const guard = await guardedRequestFor(deps.client, bi.vault, "restore", deps.guardSettings ?? {}, o);
      request = guard.resourceGuardOperationRequests ? { ...validation.request, resourceGuardOperationRequests: guard.resourceGuardOperationRequests } : validation.request;
      auxiliaryToken = guard.auxiliaryToken;
      await withGuard(`Starting the restore of ${bi.name}`, guard, () => trigger.start(abortSignal));
    },
    check: async (abortSignal) => {
      const p = await trigger.poll(abortSignal);
      if (!p.done) return { done: false, status: p.status };
      const job = await getJob(deps.client, jobIdOf(bi, p.result.jobId), { abortSignal });
      return { done: true, status: job.status, result: job };
    },
  });
}

import { parseBackupInstanceId, parseClusterId } from "../common/references.js";
import { AzureRequestError, InputValidationError, ResourceNotFoundError, PrerequisiteError } from "../errors.js";
import { checkRestore, triggerRestore, validateChecked, type RestoreDependencies } from "../backup/restore/restore.js";
import type { JobInfo } from "../backup/jobs/models.js";
import type { RestoreOptions } from "../backup/restore/models.js";
import { validateRestoreRequest } from "../backup/restore/validation.js";
import type { ClusterFacts } from "../clients/armReaders.js";
import type { RestoreClusterOptions, RestoreClusterRequest, RestoreClusterResult } from "./restoreModels.js";
import type { ServiceCache } from "./services.js";
import { runStepGraph, type Step, type StepOutcome } from "./stepGraph.js";

const unchanged = (detail: string): StepOutcome => ({ action: "unchanged", detail, wrote: false });

/**
 * Restore as a workflow over three services: reads and checks everything first (backup
 * instance, recovery point, target cluster and its region, the vault's identity), then grants
 * the restore permissions (roles) and binds Trusted Access to another target cluster, then
 * validates and triggers the restore (backup). Each resource is read once: the target
 * cluster's read gives both its region and its identity.
 */
export async function restoreCluster(services: ServiceCache, pollIntervalInMs: number, request: RestoreClusterRequest, options: RestoreClusterOptions = {}): Promise<RestoreClusterResult> {
  if (request === null || typeof request !== "object") throw new InputValidationError("request", "it is missing", "pass { backupInstanceId }");
  const { backupInstanceId, ...what } = request;
  const bi = parseBackupInstanceId(backupInstanceId, "backupInstanceId");
  validateRestoreRequest(what);
  const grant = options.grantPermissions !== false;
  const backup = services.backup(bi.subscriptionId);
  const restoreOptions: RestoreOptions = {
    ...what,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.pollIntervalInMs !== undefined ? { pollIntervalInMs: options.pollIntervalInMs } : {}),
  };
  let target: ClusterFacts | undefined;
  const deps: RestoreDependencies = {
    client: services.dataProtection(bi.subscriptionId),
    pollIntervalInMs,
    clusterLocation: async (cluster, parameter, o) => {
      try {
        target = await services.clusters.readCluster(parseClusterId(cluster, parameter), o.abortSignal);
      } catch (e) {
        if (e instanceof AzureRequestError && e.statusCode === 404) throw new ResourceNotFoundError(parameter, `the cluster '${cluster.id}' does not exist`, "check the cluster id", e);
        throw e;
      }
      return target.location;
    },
  };
  const vaultId = bi.vault.id;
  const [check, vault] = await Promise.all([
    checkRestore(deps, bi, restoreOptions),
    grant ? backup.getVault(bi.vault, restoreOptions) : Promise.resolve(undefined),
  ]);
  const targetCluster = target!;
  if (grant) {
    if (!vault?.principalId) throw new PrerequisiteError("backupInstanceId", `the vault '${vaultId}' has no managed identity`, "give the vault a system-assigned identity (ensureVault), or grant the restore permissions yourself and pass grantPermissions: false");
    if (!check.snapshotResourceGroupId) throw new PrerequisiteError("snapshotResourceGroupId", "the backup instance names no snapshot resource group", "pass the resource group of the disk snapshots");
  }
  const targetSub = parseClusterId(check.targetClusterId, "targetClusterId").subscriptionId;
  const otherCluster = (check.request.sourceResourceId ?? "").toLowerCase() !== check.targetClusterId.toLowerCase();
  let job: JobInfo | undefined;
  const steps: Step[] = [
    {
      name: "roles",
      dependsOn: [],
      run: async (ctx) => {
        if (!grant) return unchanged("grantPermissions is false: the restore permissions are an administrator's");
        const granted = await services.roles(targetSub).grantForRestore({
          targetClusterId: check.targetClusterId,
          snapshotResourceGroupId: check.snapshotResourceGroupId!,
          vaultPrincipalId: vault!.principalId!,
          ...(targetCluster.principalId ? { clusterPrincipalId: targetCluster.principalId } : {}),
        }, { abortSignal: ctx.abortSignal });
        const created = granted.filter((g) => g.created);
        return created.length
          ? { action: "granted", detail: `granted ${created.map((g) => g.role).join(", ")}`, wrote: true }
          : unchanged(`the ${granted.length} restore role assignment(s) exist`);
      },
    },
    {
      name: "trustedAccess",
      dependsOn: [],
      run: async (ctx) => {
        if (!grant) return unchanged("grantPermissions is false");
        if (!otherCluster) return unchanged("the target is the protected cluster: its binding exists");
        const bound = await services.trustedAccess(targetSub).bind(check.targetClusterId, vaultId, { abortSignal: ctx.abortSignal });
        return bound.created ? { action: "created", detail: `bound the vault as ${bound.name}`, wrote: true } : unchanged(`binding ${bound.name} exists`);
      },
    },
    {
      name: "validate",
      dependsOn: ["roles", "trustedAccess"],
      run: async (ctx) => {
        await validateChecked(deps, check, { ...restoreOptions, abortSignal: ctx.abortSignal });
        return unchanged(`the service accepts the restore of ${check.recoveryPoint.name} to ${targetCluster.id}`);
      },
    },
    {
      name: "restore",
      dependsOn: ["validate"],
      run: async (ctx) => {
        job = await triggerRestore(deps, check, { ...restoreOptions, abortSignal: ctx.abortSignal });
        return { action: "started", detail: `restore job ${job.name} started`, wrote: true };
      },
    },
  ];
  const results = await runStepGraph(steps, {
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    jobId: job!.id,
    jobStatus: job!.status,
    targetClusterId: check.targetClusterId,
    recoveryPointId: check.recoveryPoint.id,
    steps: results,
    writeSteps: results.filter((s) => s.wrote).length,
  };
}

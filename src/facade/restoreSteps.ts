import type { AbortSignalLike } from "@azure/abort-controller";
import { defaultPropagationTimeoutInMs, propagationRetry, waitOutPropagation } from "./propagation.js";
import type { OperationJobExtendedInfo } from "../dataProtection/models.js";
import { guardedRequestFor, withGuard } from "../backup/resourceGuards.js";
import { callAzure } from "../common/azureCalls.js";
import { createWaitPoller, type WaitState } from "../common/poller.js";
import { countRequests } from "../common/writeCounter.js";
import { beginWaitForJob, defaultJobTimeoutInMs, getJob, jobIdOf } from "../backup/jobs/jobs.js";
import { toJobInfo } from "../backup/jobs/mapping.js";
import type { JobInfo } from "../backup/jobs/models.js";
import { buildRestoreRequest } from "../backup/restore/requestBuilder.js";
import type { RestoreRequest } from "../backup/restore/models.js";
import type { AzureBackupRestoreRequest } from "../dataProtection/models.js";
import { parseClusterId } from "../common/references.js";
import type { RoleRequirement } from "../roles/models.js";
import { backupOperatorRole } from "../trustedAccess/models.js";
import type { ResolvedRestore, RestoreFacts } from "./restoreObserve.js";
import { restoreRequirementsFor } from "./restoreObserve.js";
import type { RestoreClusterOptions, RestoreJobProgress } from "./restoreModels.js";
import type { ServiceCache } from "./services.js";
import type { Step, StepContext, StepOutcome } from "./stepGraph.js";


/** What the restore steps learn as they run, for the result. */
export interface RestoreRun {
  /** The extension's identity (installed now or found). */
  extensionPrincipalId?: string;
  /** The restore job, once started. */
  jobId?: string;
  /** The job as last read. */
  job?: JobInfo;
  /** The job's progress at its last poll (read by the progress forwarder). */
  jobProgress?: RestoreJobProgress;
}

const unchanged = (detail: string): StepOutcome => ({ action: "unchanged", detail, wrote: false });

/** What to restore: the request's selection fields only. */
function selection(r: ResolvedRestore): RestoreRequest {
  const { backupInstanceId: _b, source: _s, fromSecondaryRegion: _f, stagingResourceGroupId: _g, stagingStorageAccountId: _a, targetExtension: _t, ...what } = r.request;
  return what;
}

/** The restore body the service validates and runs. */
export function restoreBody(r: ResolvedRestore, f: RestoreFacts): AzureBackupRestoreRequest {
  const staging = r.source === "vault" && r.stagingGroup && r.stagingAccount
    ? { stagingResourceGroupId: r.stagingGroup.id, stagingStorageAccountId: r.stagingAccount.id } : undefined;
  return buildRestoreRequest(f.recoveryPoint!.name, parseClusterId(f.instance!.clusterId, "backupInstance.clusterId").id, { cluster: f.target!, location: f.targetCluster!.location }, selection(r), staging);
}

/** The restore as a dependency graph of idempotent steps (each converges one thing; only real writes count). */
export function buildRestoreSteps(r: ResolvedRestore, f: RestoreFacts, services: ServiceCache, options: RestoreClusterOptions, pollIntervalInMs: number, run: RestoreRun): Step[] {
  const grant = options.grantPermissions !== false;
  const target = f.target!;
  const targetSub = target.subscriptionId;
  const vaultSub = r.bi.subscriptionId;
  const client = services.dataProtection(vaultSub);
  const interval = options.pollIntervalInMs ?? pollIntervalInMs;
  const propagationTimeoutInMs = options.propagationTimeoutInMs ?? defaultPropagationTimeoutInMs;
  const body = restoreBody(r, f);
  const vaultRegion = f.vault!.location;
  const region = f.region!;
  const crr = { sourceRegion: vaultRegion, sourceBackupInstanceId: r.bi.id };
  const lro = (ctx: StepContext): { abortSignal: AbortSignalLike | undefined; pollIntervalInMs: number } => ({ abortSignal: ctx.abortSignal, pollIntervalInMs: interval });
  /** A restore in the vault's region, with its resource guard's approval when the vault has a guard. */
  const guardedRestore = async (ctx: StepContext): Promise<OperationJobExtendedInfo> => {
    const guard = await guardedRequestFor(client, r.bi.vault, "restore", services.guardSettings(), { abortSignal: ctx.abortSignal });
    const request = guard.resourceGuardOperationRequests ? { ...body, resourceGuardOperationRequests: guard.resourceGuardOperationRequests } : body;
    const what = `Starting the restore of ${r.bi.name} into ${target.name}`;
    return withGuard(what, guard, () => callAzure(what, () =>
      client.backupInstances.beginTriggerRestore(r.bi.resourceGroupName, r.bi.vault.name, r.bi.name, request, { ...lro(ctx), ...(guard.auxiliaryToken ? { auxiliaryToken: guard.auxiliaryToken } : {}) }).pollUntilDone({ abortSignal: ctx.abortSignal })));
  };

  const grantMissing = async (ctx: StepContext, wanted: readonly RoleRequirement[], who: string): Promise<StepOutcome> => {
    const missing = wanted.filter((q) => !f.roles.some((p) => p.existingId !== undefined && p.identity === q.identity && p.principalId === q.principalId && p.role === q.role && p.scope.toLowerCase() === q.scope.toLowerCase()));
    if (missing.length === 0) return unchanged(`the ${who} has its ${wanted.length} restore role(s)`);
    const granted = await services.roles(targetSub).grantAll(missing, {
      abortSignal: ctx.abortSignal,
      propagationTimeoutInMs,
      onProgress: (p) => ctx.waiting(`identity ${p.principalId} not visible to RBAC yet (attempt ${p.attempt}); retrying in ${p.nextRetryInMs} ms`),
    });
    const created = granted.filter((g) => g.created);
    return created.length ? { action: "granted", detail: `granted ${created.map((g) => `${g.role} (${g.identity})`).join(", ")}`, wrote: true } : unchanged(`the ${who} has its ${wanted.length} restore role(s)`);
  };

  const steps: Array<Omit<Step, "name"> & { name: string }> = [
    {
      name: "extension",
      dependsOn: [],
      run: async (ctx) => {
        const e = f.extension;
        if (e && e.provisioningState === "Succeeded") {
          run.extensionPrincipalId = e.principalId;
          return unchanged(`${e.name} is installed`);
        }
        const storage = r.extensionStorage!;
        const container = r.request.targetExtension!.blobContainer;
        if (!f.extensionContainerExists) {
          await callAzure(`Creating blob container ${container}`, async () =>
            (await services.storage(storage.subscriptionId)).blobContainers.create(storage.resourceGroupName, storage.name, container, {}, { abortSignal: ctx.abortSignal }));
        }
        ctx.waiting("the Backup Extension to install");
        const resources = r.request.targetExtension!.resources;
        const info = await services.extension(targetSub).install(target, { storageAccountId: storage.id, blobContainer: container, ...(resources ? { resources } : {}), ...(e ? { confirm: e.name } : {}) }, {
          abortSignal: ctx.abortSignal,
          ...(options.timeoutInMs !== undefined ? { timeoutInMs: options.timeoutInMs } : {}),
          onProgress: (s) => ctx.waiting(`Backup Extension ${s.lastStatus ?? "pending"}`),
        });
        run.extensionPrincipalId = info.principalId;
        return { action: "installed", detail: `${info.name} is ${info.provisioningState}`, wrote: true };
      },
    },
    {
      name: "stagingResourceGroup",
      dependsOn: [],
      run: async (ctx) => {
        const g = r.stagingGroup;
        if (!g) return unchanged("no staging (operational tier)");
        if (f.stagingGroupLocation !== undefined) return unchanged(`${g.name} exists`);
        const location = f.targetCluster!.location;
        await callAzure(`Creating resource group ${g.name}`, async () =>
          (await services.resources(g.subscriptionId)).resourceGroups.createOrUpdate(g.name, { location }, { abortSignal: ctx.abortSignal }));
        return { action: "created", detail: `created ${g.name} in ${location}`, wrote: true };
      },
    },
    {
      name: "trustedAccess",
      dependsOn: [],
      run: async (ctx) => {
        if (!grant) return unchanged("grantPermissions is false: the binding is an administrator's");
        const b = f.binding;
        if (b && b.provisioningState === "Succeeded" && b.roles.includes(backupOperatorRole)) return unchanged(`binding ${b.name} exists`);
        const bound = await services.trustedAccess(targetSub).bind(target, r.bi.vault, { abortSignal: ctx.abortSignal, onProgress: (s) => ctx.waiting(`Trusted Access binding ${s.lastStatus ?? "pending"}`) });
        return bound.created ? { action: "created", detail: `bound the vault as ${bound.name}`, wrote: true } : unchanged(`binding ${bound.name} exists`);
      },
    },
    {
      name: "roles",
      dependsOn: ["stagingResourceGroup"],
      run: async (ctx) => {
        if (!grant) return unchanged("grantPermissions is false: the restore permissions are an administrator's");
        return grantMissing(ctx, restoreRequirementsFor(r, f, undefined).filter((q) => q.identity !== "extension"), "vault and target cluster");
      },
    },
    {
      name: "roles.extension",
      dependsOn: ["extension"],
      run: async (ctx) => {
        if (!grant) return unchanged("grantPermissions is false");
        const principal = run.extensionPrincipalId;
        if (!principal) throw new Error("the extension identity is unknown");
        // Its own storage account (the one installed now, or the one it has), and the staging account.
        const wanted = restoreRequirementsFor(r, f, principal).filter((q) => q.identity === "extension");
        if (wanted.length === 0) return unchanged("the extension needs no restore role");
        return grantMissing(ctx, wanted, "extension identity");
      },
    },
    {
      name: "validate",
      dependsOn: ["extension", "trustedAccess", "roles", "roles.extension"],
      // A validation changes nothing: its POST is not counted as a write.
      run: (ctx) => countRequests({ requests: 0, writes: 0 }, () => (f.inFlightJob ? Promise.resolve(unchanged(`restore job ${f.inFlightJob.name} is already running: nothing to validate`)) : validate(ctx))),
    },
    {
      name: "restore",
      dependsOn: ["validate"],
      run: async (ctx) => {
        if (f.inFlightJob) {
          // A rerun after an abort or a crash: the restore already runs; follow it, do not start another.
          run.jobId = f.inFlightJob.id;
          return unchanged(`restore job ${f.inFlightJob.name} (started ${f.inFlightJob.startTime.toISOString()}) is already running: followed, not started again`);
        }
        const started = r.crossRegion
          ? await callAzure(`Starting the cross-region restore of ${r.bi.name} into ${target.name}`, () =>
            client.crossRegionRestore.beginTriggerCrossRegionRestore(r.bi.resourceGroupName, region, { restoreRequestObject: body, crossRegionRestoreDetails: crr }, lro(ctx)).pollUntilDone({ abortSignal: ctx.abortSignal }))
          : await guardedRestore(ctx);
        run.jobId = jobIdOf(r.bi, started.jobId);
        return { action: "started", detail: `restore job ${run.jobId.split("/").at(-1)!} started`, wrote: true };
      },
    },
    {
      name: "job",
      dependsOn: ["restore"],
      // Reading the job changes nothing (a cross-region job is read with a POST): not counted as a write.
      run: (ctx) => countRequests({ requests: 0, writes: 0 }, async () => {
        const job = options.waitForCompletion === false ? await readJob(ctx.abortSignal) : await followJob(ctx);
        run.job = job;
        return unchanged(`job ${job.name} is ${job.status}`);
      }),
    },
  ];

  async function validate(ctx: StepContext): Promise<StepOutcome> {
    const deadline = Date.now() + propagationTimeoutInMs;
    for (let attempt = 1, wait = Math.max(interval, propagationRetry.firstInMs); ; attempt += 1, wait = Math.min(wait * 2, propagationRetry.maxInMs)) {
      try {
        if (r.crossRegion) {
          await callAzure(`Validating the cross-region restore of ${r.bi.name} into ${target.name}`, () =>
            client.crossRegionRestore.beginValidateCrossRegionRestore(r.bi.resourceGroupName, region, { objectType: "ValidateRestoreRequestObject", restoreRequestObject: body, crossRegionRestoreDetails: crr }, lro(ctx)).pollUntilDone({ abortSignal: ctx.abortSignal }));
        } else {
          await callAzure(`Validating the restore of ${r.bi.name} into ${target.name}`, () =>
            client.backupInstances.beginValidateForRestore(r.bi.resourceGroupName, r.bi.vault.name, r.bi.name, { restoreRequestObject: body }, lro(ctx)).pollUntilDone({ abortSignal: ctx.abortSignal }));
        }
        return unchanged(`the service accepts the restore of ${f.recoveryPoint!.name} into ${target.name}`);
      } catch (e) {
        // Grants and bindings made just now may not be visible yet: validate again until the propagation timeout.
        if (!grant) throw e;
        await waitOutPropagation(ctx, e, wait, deadline, attempt);
      }
    }
  }

  async function readJob(abortSignal: AbortSignalLike | undefined): Promise<JobInfo> {
    const jobId = run.jobId!;
    if (!r.crossRegion) return getJob(client, jobId, { abortSignal });
    const raw = await callAzure(`Reading cross-region restore job ${jobId}`, () =>
      client.fetchCrossRegionRestoreJob.get(r.bi.resourceGroupName, region, { sourceRegion: vaultRegion, sourceBackupVaultId: r.bi.vault.id, jobId: jobId.split("/").at(-1)! }, { abortSignal }));
    return toJobInfo(raw);
  }

  async function followJob(ctx: StepContext): Promise<JobInfo> {
    const jobId = run.jobId!;
    const onProgress = (s: WaitState<JobInfo>): void => {
      run.jobProgress = { jobId, status: s.lastStatus ?? "pending", polls: s.polls };
      ctx.waiting(`restore job ${jobId.split("/").at(-1)!} ${s.lastStatus ?? "pending"}`);
    };
    const wait = { abortSignal: ctx.abortSignal, timeoutInMs: options.timeoutInMs ?? defaultJobTimeoutInMs, pollIntervalInMs: interval, onProgress };
    if (!r.crossRegion) return beginWaitForJob(client, jobId, interval, wait).pollUntilDone();
    return createWaitPoller<JobInfo>({
      description: `cross-region restore job ${jobId.split("/").at(-1)!} to end`,
      check: async (abortSignal) => {
        const info = await readJob(abortSignal);
        return info.isTerminal ? { done: true, status: info.status, result: info } : { done: false, status: info.status };
      },
      intervalInMs: interval,
      timeoutInMs: wait.timeoutInMs,
      onProgress,
      ...(ctx.abortSignal ? { abortSignal: ctx.abortSignal } : {}),
    }).pollUntilDone();
  }

  return steps;
}

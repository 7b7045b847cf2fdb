import type { AbortSignalLike } from "@azure/abort-controller";
import { ReadMemo, withReadMemo } from "../common/readMemo.js";
import { ConfirmationRequiredError, PreflightError } from "../errors.js";
import { observeRestore, resolveRestore, type ResolvedRestore, type RestoreFacts } from "./restoreObserve.js";
import { asPreflightProblems, planRestoreActions, restoreConfirmation } from "./restorePlan.js";
import { buildRestoreSteps, type RestoreRun } from "./restoreSteps.js";
import type { RestoreClusterOptions, RestoreClusterRequest, RestoreClusterResult, RestorePlan, RestorePlanProblem, RestoreProgressEvent } from "./restoreModels.js";
import { backupOperatorRole } from "../trustedAccess/models.js";
import type { ServiceCache } from "./services.js";
import { runStepGraph } from "./stepGraph.js";

function planOf(r: ResolvedRestore, f: RestoreFacts): RestorePlan {
  const rp = f.recoveryPoint;
  return {
    actions: f.problems.length ? [] : planRestoreActions(r, f),
    problems: f.problems,
    source: r.source,
    crossRegion: r.crossRegion,
    targetClusterId: f.target?.id,
    recoveryPoint: rp ? { id: rp.id, name: rp.name, time: rp.time, ageInHours: Math.round(((f.serverNow - rp.time.getTime()) / 3_600_000) * 10) / 10 } : undefined,
  };
}

/**
 * With `grantPermissions: false` an administrator grants the restore permissions and binds
 * Trusted Access: what is still missing now stops the restore before any write (the service's
 * validation would refuse it after the extension was installed).
 */
function ungrantedProblems(r: ResolvedRestore, f: RestoreFacts): RestorePlanProblem[] {
  if (f.inFlightJob) return [];
  const fix = "an administrator grants it (RoleGranter.grantForRestore), or run restoreCluster with grantPermissions true";
  const out: RestorePlanProblem[] = f.roles.filter((q) => q.existingId === undefined)
    .map((q) => ({ subject: "grantPermissions", message: `the ${q.identity} identity has no ${q.role} on ${q.scope} (${q.reason})`, fix }));
  const b = f.binding;
  if (!b || b.provisioningState !== "Succeeded" || !b.roles.includes(backupOperatorRole)) {
    out.push({ subject: "grantPermissions", message: `the vault ${r.bi.vault.name} has no Trusted Access binding to ${f.target?.name ?? "the target"}`, fix: "an administrator binds it (TrustedAccessBinder.bind), or run restoreCluster with grantPermissions true" });
  }
  if ((!f.extension || f.extension.provisioningState === "Failed") && r.extensionStorage) {
    out.push({ subject: "grantPermissions", message: "the Backup Extension installed now gets a new identity, which needs Storage Blob Data Contributor on its storage account before the restore", fix: "install the extension and grant its role first (enableBackup or ExtensionManager.install with RoleGranter), or run restoreCluster with grantPermissions true" });
  }
  return out;
}

/**
 * What a restore would do and what would stop it (reads only): the actions in step order (the
 * restore action marked with the `confirm` it needs), and every problem. The request is checked
 * first (schema and ids); input errors throw `InputValidationError` before any request.
 */
export async function planRestore(services: ServiceCache, pollIntervalInMs: number, request: RestoreClusterRequest, abortSignal: AbortSignalLike | undefined): Promise<RestorePlan> {
  const r = resolveRestore(request);
  return planOf(r, await observeRestore(r, services, pollIntervalInMs, abortSignal));
}

/**
 * Restores a recovery point as one workflow: observe everything (in parallel), refuse on any
 * problem before the first write (`PreflightError` listing them all), ask `confirm` for a Patch
 * restore (`ConfirmationRequiredError`, before any write), then run the step graph: the target's
 * Backup Extension, the staging resource group, Trusted Access, the restore roles, validation,
 * the trigger, and the job followed to its end with typed progress. Idempotent: a second run
 * grants and binds nothing; only the restore itself writes.
 */
export async function restoreCluster(services: ServiceCache, pollIntervalInMs: number, request: RestoreClusterRequest, options: RestoreClusterOptions = {}): Promise<RestoreClusterResult> {
  const r = resolveRestore(request);
  // What the observation reads is handed to the steps' services (read once; see readMemo.ts).
  const memo = new ReadMemo();
  return withReadMemo(memo, async () => {
    const f = await observeRestore(r, services, pollIntervalInMs, options.abortSignal);
    const confirm = restoreConfirmation(r, f);
    if (confirm && r.request.confirm !== confirm.expected) throw new ConfirmationRequiredError(confirm.action, confirm.resource, confirm.expected, r.request.confirm);
    if (options.grantPermissions === false) f.problems.push(...ungrantedProblems(r, f));
    if (f.problems.length) throw new PreflightError(asPreflightProblems(f.problems), "The restore cannot start");
    memo.endObservation();
    const run: RestoreRun = {};
    const steps = buildRestoreSteps(r, f, services, options, pollIntervalInMs, run);
    const onProgress = options.onProgress;
    const forward = onProgress
      ? (e: RestoreProgressEvent): void => onProgress(e.step === "job" && e.type === "waiting" && run.jobProgress ? { ...e, job: { ...run.jobProgress } } : e)
      : undefined;
    const results = await runStepGraph(steps, {
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...(forward ? { onProgress: forward } : {}),
    });
    const job = run.job!;
    return {
      jobId: job.id,
      jobStatus: job.status,
      job,
      targetClusterId: f.target!.id,
      recoveryPointId: f.recoveryPoint!.id,
      source: r.source,
      crossRegion: r.crossRegion,
      steps: results,
      writeSteps: results.filter((s) => s.wrote).length,
    };
  });
}

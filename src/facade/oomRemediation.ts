import type { BackupInstanceManager } from "../backup/backupInstanceManager.js";
import type { JobInfo } from "../backup/jobs/models.js";
import { parseBackupInstanceId } from "../common/references.js";
import { ResourceNotFoundError } from "../errors.js";
import type { OperationOptions } from "../common/options.js";
import { formatMebibytes, formatMilliCores, parseQuantity } from "../common/quantity.js";
import type { ExtensionManager } from "../extension/extensionManager.js";
import type { ExtensionResources, ResourceQuantities } from "../extension/models.js";
import { defaultExtensionResources, recommendExtensionResources, type FullExtensionResources } from "../extension/sizing.js";
import { checkOomOptions, type ExtensionResourcesStep, type OomRemediationOptions, type OomRemediationResult, type OomRemediationStep } from "./oomRemediationModels.js";

export type * from "./oomRemediationModels.js";

const mi = 2 ** 20;
/** Memory limits are raised in multiples of this. */
const memoryStep = 256 * mi;
/** CPU limits are raised in multiples of this (cores). */
const cpuStep = 0.5;

/** Full limits and requests: the given values, the chart's defaults for the rest. */
export function effectiveResources(r: ExtensionResources | undefined): FullExtensionResources {
  return { limits: { ...defaultExtensionResources.limits, ...r?.limits }, requests: { ...defaultExtensionResources.requests, ...r?.requests } };
}

function requestsFor(memLimit: number, cpuLimit: number, current: Required<ResourceQuantities>): Required<ResourceQuantities> {
  // Half the limit (as recommendExtensionResources), never below the current request, never above the limit.
  const mem = Math.min(memLimit, Math.max(parseQuantity(current.memory)!, memLimit / 2));
  const cpu = Math.min(cpuLimit, Math.max(parseQuantity(current.cpu)!, cpuLimit / 2));
  return { cpu: formatMilliCores(cpu), memory: formatMebibytes(mem) };
}

/**
 * The next step up from `current`: memory limit x`factor` (rounded up to 256Mi) until
 * `maxMemory`, then CPU limit x`factor` (rounded up to 500m) until `maxCpu`; requests are set
 * to half the new limits so the pod still fits on a node. Undefined when both are at their bounds.
 */
export function nextExtensionResources(current: ExtensionResources | undefined, bounds: { maxMemory: string; maxCpu: string; factor: number; atLeast?: ExtensionResources }): ExtensionResourcesStep | undefined {
  const now = effectiveResources(current);
  const [memMax, cpuMax] = [parseQuantity(bounds.maxMemory)!, parseQuantity(bounds.maxCpu)!];
  let mem = parseQuantity(now.limits.memory)!;
  let cpu = parseQuantity(now.limits.cpu)!;
  let raised: "memory" | "cpu";
  if (mem < memMax) {
    const floor = bounds.atLeast?.limits?.memory ? parseQuantity(bounds.atLeast.limits.memory)! : 0;
    mem = Math.min(memMax, Math.max(floor, Math.ceil((mem * bounds.factor) / memoryStep) * memoryStep));
    raised = "memory";
  } else if (cpu < cpuMax) {
    cpu = Math.min(cpuMax, Math.ceil((cpu * bounds.factor) / cpuStep) * cpuStep);
    raised = "cpu";
  } else {
    return undefined;
  }
  return { raised, resources: { limits: { cpu: formatMilliCores(cpu), memory: formatMebibytes(mem) }, requests: requestsFor(mem, cpu, now.requests) } };
}

/** The out-of-memory failures among the latest jobs of an instance: those newer than its last successful backup or restore. */
export async function findOomFailures(backups: BackupInstanceManager, backupInstanceId: string, options: Pick<OomRemediationOptions, "since" | "abortSignal">): Promise<JobInfo[]> {
  const vaultId = parseBackupInstanceId(backupInstanceId, "backupInstanceId").vault;
  const found: JobInfo[] = [];
  const jobs = backups.listJobs(vaultId, { backupInstanceId, operation: ["backup", "restore"], ...(options.since ? { since: options.since } : {}), ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) });
  for await (const job of jobs) {
    if (job.status === "Completed" || job.status === "CompletedWithWarnings") break;
    if (job.outOfMemory) found.push(job);
  }
  return found;
}

/**
 * Fixes out-of-memory failures of the Backup Extension (`UserErrorBackupPluginPodRestartedDuringBackup`
 * / `...DuringRestore`, clusters with more than about 1000 objects): finds them in the
 * instance's recent jobs, then raises the extension's memory limit (then CPU) one step,
 * requests with it. With `verify`, runs a backup after each step and keeps stepping while it
 * fails for lack of memory, up to the bounds. Each step is reported through `onProgress`.
 */
export async function remediateExtensionOom(managers: { extension: ExtensionManager; backupInstances: BackupInstanceManager }, options: OomRemediationOptions): Promise<OomRemediationResult> {
  return runOomRemediation(managers.backupInstances, () => managers.extension, options);
}

/**
 * {@link remediateExtensionOom} with the extension manager chosen from the protected cluster's
 * id (the facade passes the manager of the cluster's subscription).
 */
export async function runOomRemediation(backupInstances: BackupInstanceManager, extensionFor: (clusterId: string) => ExtensionManager, options: OomRemediationOptions): Promise<OomRemediationResult> {
  const bounds = checkOomOptions(options);
  const op: OperationOptions = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const instance = await backupInstances.get(options.backupInstanceId, op);
  if (!instance) throw new ResourceNotFoundError("backupInstanceId", `the backup instance '${options.backupInstanceId}' does not exist`, "pass the id of a protected cluster's backup instance");
  const detected = await findOomFailures(backupInstances, instance.id, options);
  const steps: OomRemediationStep[] = [];
  const result = (outcome: OomRemediationResult["outcome"], resources: ExtensionResources): OomRemediationResult => ({ clusterId: instance.clusterId, detected, steps, resources, outcome });
  const extension = extensionFor(instance.clusterId);
  const ext = await extension.get(instance.clusterId, op);
  if (!ext) throw new ResourceNotFoundError("backupInstanceId", `the Backup Extension is not installed on '${instance.clusterId}'`, "install it with ExtensionManager.install()");
  let current: ExtensionResources = effectiveResources(ext.resources);
  if (detected.length === 0 && !options.force) return result("noOomFound", current);
  const atLeast = options.resourceCount === undefined ? undefined : recommendExtensionResources(options.resourceCount);
  for (;;) {
    const next = nextExtensionResources(current, { ...bounds, ...(steps.length === 0 && atLeast ? { atLeast } : {}) });
    if (!next) return result("boundReached", current);
    const updated = await extension.update(instance.clusterId, { resources: next.resources }, { ...op, ...(options.pollIntervalInMs !== undefined ? { pollIntervalInMs: options.pollIntervalInMs } : {}) });
    const step: OomRemediationStep = { step: steps.length + 1, raised: next.raised, from: current, to: effectiveResources(updated.resources), verificationJob: undefined };
    current = step.to;
    steps.push(step);
    if (!options.verify) {
      options.onProgress?.(step);
      return result("raised", current);
    }
    const started = await backupInstances.backupNow(instance.id, op);
    step.verificationJob = await backupInstances.waitForJob(started.id, { ...op, ...(options.pollIntervalInMs !== undefined ? { pollIntervalInMs: options.pollIntervalInMs } : {}), ...(options.jobTimeoutInMs !== undefined ? { timeoutInMs: options.jobTimeoutInMs } : {}) });
    options.onProgress?.(step);
    if (step.verificationJob.producedRecoveryPoint) return result("verified", current);
    if (!step.verificationJob.outOfMemory) return result("verificationFailed", current);
  }
}

import type { JobInfo } from "../backup/jobs/models.js";
import { InputValidationError } from "../errors.js";
import type { OperationOptions } from "../common/options.js";
import { isKubernetesQuantity, parseQuantity } from "../common/quantity.js";
import type { ExtensionResources } from "../extension/models.js";

/** Options of `remediateExtensionOom`. */
export interface OomRemediationOptions extends OperationOptions {
  /** ARM id of the backup instance whose jobs failed. */
  backupInstanceId: string;
  /** Look for failures in jobs started since then (Date or ISO 8601). Default: the last 7 days. */
  since?: Date | string;
  /** Highest memory limit to set (a Kubernetes quantity). Default: "8Gi". */
  maxMemory?: string;
  /** Highest CPU limit to set (a Kubernetes quantity). Default: "4". */
  maxCpu?: string;
  /** Growth of a step (1.1-4). Default: 1.5. */
  factor?: number;
  /** Number of Kubernetes objects in the cluster, if known: the first step goes at least to `recommendExtensionResources(resourceCount)`. */
  resourceCount?: number;
  /** Run an on-demand backup after each step, and step again while it fails for lack of memory. Default: false (one step). */
  verify?: boolean;
  /** Raise one step even when no out-of-memory failure is found. Default: false. */
  force?: boolean;
  /** Called after each step (with its verification job, when `verify`). */
  onProgress?: (step: OomRemediationStep) => void;
  /** Interval between polls of the extension update and the verification job. */
  pollIntervalInMs?: number;
  /** Longest wait for each verification job. Default: `waitForJob`'s (6 hours). */
  jobTimeoutInMs?: number;
}

/** The limits and requests of the next step up, and what it raises. */
export interface ExtensionResourcesStep {
  /** The new limits and requests. */
  resources: ExtensionResources;
  /** "memory", or "cpu" once memory is at its bound. */
  raised: "memory" | "cpu";
}

/** One step of a remediation. */
export interface OomRemediationStep {
  /** 1 for the first step. */
  step: number;
  /** What was raised: the memory limit, or (once memory is at its bound) the CPU limit. */
  raised: "memory" | "cpu";
  /** Limits and requests before the step. */
  from: ExtensionResources;
  /** Limits and requests after the step, as the extension reports them. */
  to: ExtensionResources;
  /** The verification backup's job, when `verify`. */
  verificationJob: JobInfo | undefined;
}

/** What a remediation found and did. */
export interface OomRemediationResult {
  /** ARM id of the cluster. */
  clusterId: string;
  /** The out-of-memory failures found (newest first), since the last successful backup or restore. */
  detected: JobInfo[];
  /** The steps taken, in order. */
  steps: OomRemediationStep[];
  /** The extension's limits and requests at the end. */
  resources: ExtensionResources;
  /**
   * "noOomFound": nothing done; "raised": one step taken (no verification); "verified": a
   * verification backup succeeded; "verificationFailed": it failed for another reason (see the
   * last step's job); "boundReached": memory and CPU are at their bounds.
   */
  outcome: "noOomFound" | "raised" | "verified" | "verificationFailed" | "boundReached";
}

/** Checks the options before any request; returns the bounds. */
export function checkOomOptions(options: OomRemediationOptions): { maxMemory: string; maxCpu: string; factor: number } {
  if (typeof options !== "object" || options === null) throw new InputValidationError("options", "they are missing", "pass { backupInstanceId }");
  const maxMemory = options.maxMemory ?? "8Gi";
  const maxCpu = options.maxCpu ?? "4";
  for (const [name, value, min] of [["maxMemory", maxMemory, 256 * 2 ** 20], ["maxCpu", maxCpu, 0.5]] as const) {
    if (typeof value !== "string" || !isKubernetesQuantity(value)) throw new InputValidationError(name, `'${String(value)}' is not a Kubernetes quantity`, name === "maxMemory" ? 'pass e.g. "8Gi" or "6144Mi"' : 'pass e.g. "4" or "2500m"');
    if (parseQuantity(value)! < min) throw new InputValidationError(name, `'${value}' is below the chart's defaults`, "pass a higher bound");
  }
  const factor = options.factor ?? 1.5;
  if (typeof factor !== "number" || !(factor >= 1.1 && factor <= 4)) throw new InputValidationError("factor", `${String(factor)} is not between 1.1 and 4`, "pass e.g. 1.5");
  if (options.since !== undefined && Number.isNaN(new Date(options.since).getTime())) throw new InputValidationError("since", `'${String(options.since)}' is not a date`, "pass a Date or an ISO 8601 string");
  return { maxMemory, maxCpu, factor };
}

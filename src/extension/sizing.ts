import { InputValidationError } from "../errors.js";
import { formatMebibytes, formatMilliCores, parseQuantity } from "../common/quantity.js";
import type { ExtensionResources } from "./models.js";

/** Limits and requests with every value set. */
export interface FullExtensionResources {
  /** CPU and memory limits. */
  limits: Required<NonNullable<ExtensionResources["limits"]>>;
  /** CPU and memory requests. */
  requests: Required<NonNullable<ExtensionResources["requests"]>>;
}

/** The Backup Extension chart's defaults: requests 500m CPU / 256Mi, limits 1000m / 1280Mi. */
export const defaultExtensionResources: Readonly<FullExtensionResources> = {
  limits: { cpu: "1000m", memory: "1280Mi" },
  requests: { cpu: "500m", memory: "256Mi" },
};

const mi = 2 ** 20;
/**
 * Sizing model (an estimate, documented as such): the backup plugin holds about 256Mi plus
 * about 1Mi per Kubernetes object it backs up, which is why the default 1280Mi limit fails
 * (`UserErrorBackupPluginPodRestartedDuringBackup`) beyond about 1000 objects, and why the
 * documented fix for large clusters is a limit such as 4400Mi.
 */
const baseMi = 256;
const perObjectMi = 1;
/** Headroom over the estimate, for growth between backups. */
const headroom = 1.25;
/** Memory limits are rounded up to this step. */
const stepMi = 256;

/** Estimated memory the backup plugin needs for a cluster with `resourceCount` objects, in bytes. */
export function estimateExtensionMemoryBytes(resourceCount: number): number {
  return (baseMi + perObjectMi * resourceCount) * mi;
}

/**
 * CPU and memory limits and requests for the Backup Extension on a cluster with
 * `resourceCount` Kubernetes objects: never below the chart's defaults; memory limit with 25%
 * headroom over the estimate, rounded up to 256Mi; requests at half the limits (so the pod
 * still fits on a node); one more CPU core per 5000 objects.
 */
export function recommendExtensionResources(resourceCount: number): ExtensionResources {
  if (!Number.isFinite(resourceCount) || resourceCount < 0) {
    throw new InputValidationError("resourceCount", `${resourceCount} is not a count of objects`, "pass the number of Kubernetes objects in the cluster (>= 0)");
  }
  const memLimitMi = Math.max(
    parseQuantity(defaultExtensionResources.limits.memory)! / mi,
    Math.ceil((estimateExtensionMemoryBytes(resourceCount) * headroom) / mi / stepMi) * stepMi,
  );
  const cpuLimit = Math.max(1, 1 + Math.floor(resourceCount / 5000));
  return {
    limits: { cpu: formatMilliCores(cpuLimit), memory: formatMebibytes(memLimitMi * mi) },
    requests: {
      cpu: formatMilliCores(Math.max(0.5, cpuLimit / 2)),
      memory: formatMebibytes(Math.max(256, memLimitMi / 2) * mi),
    },
  };
}

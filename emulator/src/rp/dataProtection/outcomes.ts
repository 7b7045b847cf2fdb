import type { ClusterConditions, ClusterRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { backupExtensionType, extensionMemoryLimitBytes } from "../backupExtensionSettings.js";
import { isObject, userFacingError, type Json } from "./common.js";

const mi = 2 ** 20;

/**
 * The memory the backup plugin (the Velero pod of the Backup Extension) needs to back up or
 * restore a cluster.
 * Guess (a documented model, not a measured one): about 256 MiB of base load plus 1 MiB per
 * Kubernetes object (`ClusterRecord.resourceCount`). Below it the pod is OOMKilled and the job
 * fails with `UserErrorBackupPluginPodRestartedDuringBackup` (or `...DuringRestore`).
 */
export function backupPluginMemoryNeededBytes(resourceCount: number): number {
  return (256 + resourceCount) * mi;
}

/** What a job ends with: its status and, for Failed, its errors; for CompletedWithWarnings, its warnings. */
export interface JobOutcome {
  /** `Completed`, `CompletedWithWarnings` or `Failed`. */
  status: "Completed" | "CompletedWithWarnings" | "Failed";
  /** `UserFacingError`s of a failed job. */
  errors: Json[];
  /** `UserFacingWarningDetail`s (`{resourceName, warning}`) of a job with warnings. */
  warnings: Json[];
}

/** The memory limit of the Backup Extension on a cluster, or undefined when it has none. */
export function clusterExtensionMemoryLimit(state: EmulatorState, cluster: ClusterRecord): number | undefined {
  const ext = state.extensions.under(`${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions`)
    .find((e) => String(e.body.properties["extensionType"]).toLowerCase() === backupExtensionType);
  if (!ext) return undefined;
  const settings = ext.body.properties["configurationSettings"];
  return extensionMemoryLimitBytes(isObject(settings) ? (settings as Record<string, string>) : {});
}

function oom(kind: "Backup" | "Restore", limit: number, needed: number, count: number): Json {
  // As the issue names it (Guess for the restore variant): the plugin pod restarted, as OOMKilled pods do.
  const code = `UserErrorBackupPluginPodRestartedDuring${kind}`;
  const toMi = (b: number): string => `${Math.ceil(b / mi)}Mi`;
  return userFacingError(code,
    `The backup extension's plugin pod restarted during the ${kind.toLowerCase()}: it was OOMKilled. It has a memory limit of ${toMi(limit)}, but ${count} Kubernetes resources need about ${toMi(needed)}.`,
    [`Raise the Backup Extension's memory limit (configuration setting 'resources.limits.memory', e.g. to ${toMi(needed * 1.25)}) and retry the ${kind.toLowerCase()}.`]);
}

function warning(resourceName: string, code: string, message: string, action: string): Json {
  return { resourceName, warning: userFacingError(code, message, [action]) };
}

/** What a backup or restore covers, from the backup instance's or the restore's parameters. */
export interface JobScope {
  /** `includedNamespaces`, or null for all. */
  includedNamespaces: string[] | null;
  /** Whether volumes are snapshotted (backup) or restored with data (restore). */
  volumes: boolean;
  /** Names of the hooks the job runs. */
  hooks: string[];
}

/** Reads a string list (null when absent). */
export function stringList(v: unknown): string[] | null {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null;
}

function backupWarnings(c: ClusterConditions, scope: JobScope, snapshotRg: string): Json[] {
  const out: Json[] = [];
  // Guess: the codes below follow the AKS backup troubleshooting docs in spirit; none is recorded.
  for (const ns of c.missingNamespaces ?? []) {
    if (scope.includedNamespaces?.includes(ns)) out.push(warning(ns, "UserErrorNamespaceNotFound", `The namespace '${ns}' included in the backup does not exist in the cluster.`, "Remove the namespace from the backup configuration or create it."));
  }
  if (!scope.volumes) return out;
  for (const pvc of c.pvcsWithoutStorageClass ?? []) out.push(warning(pvc, "UserErrorPVCHasNoVolumeOrStorageClass", `The persistent volume claim '${pvc}' has no bound volume or storage class, so its data was not backed up.`, "Bind the PVC to a volume with a CSI storage class (disk.csi.azure.com)."));
  if (c.snapshotPolicyDisallowed) out.push(warning(snapshotRg, "UserErrorDiskSnapshotNotAllowedByPolicy", `An Azure Policy denies creating disk snapshots in '${snapshotRg}'.`, "Exempt the snapshot resource group from the policy or choose another one."));
  if (c.snapshotLimitReached) out.push(warning(snapshotRg, "UserErrorDiskSnapshotLimitReached", "The limit of disk snapshots for the subscription was reached; some volumes were not snapshotted.", "Delete old snapshots or lower the retention, then retry."));
  if (c.csiSnapshotTimeout) out.push(warning(snapshotRg, "UserErrorCSISnapshotReadyTimeout", "A CSI volume snapshot did not become ready in time.", "Check the CSI snapshot controller in the cluster and retry."));
  return out;
}

function restoreWarnings(c: ClusterConditions): Json[] {
  return (c.crdVersionMismatch ?? []).map((crd) => warning(crd, "UserErrorCRDVersionMismatch",
    `The custom resource definition '${crd}' has another version in the target cluster; its resources were skipped.`, "Install the CRD version of the source cluster in the target cluster and restore again."));
}

/**
 * The end state of a backup (of `cluster`) or restore (into `cluster`, of `resourceCount`
 * objects): Failed when the extension's memory cannot hold the job, else CompletedWithWarnings
 * when a configured condition applies, else Completed.
 */
export function jobOutcome(state: EmulatorState, kind: "Backup" | "Restore", cluster: ClusterRecord | undefined, scope: JobScope, resourceCount: number, snapshotRg = ""): JobOutcome {
  if (!cluster) {
    // Guess: the job's error when its cluster disappeared while it ran.
    return { status: "Failed", errors: [userFacingError("UserErrorDatasourceNotFound", "The Kubernetes cluster was not found.", ["Check that the cluster exists and retry."])], warnings: [] };
  }
  const limit = clusterExtensionMemoryLimit(state, cluster);
  if (limit === undefined) {
    return { status: "Failed", errors: [userFacingError("UserErrorKubernetesBackupExtensionNotFoundError", `The Backup extension is not installed on cluster '${cluster.name}'.`, ["Install the Backup extension on the cluster and retry."])], warnings: [] };
  }
  const needed = backupPluginMemoryNeededBytes(resourceCount);
  if (limit < needed) return { status: "Failed", errors: [oom(kind, limit, needed, resourceCount)], warnings: [] };
  const c = state.clusterConditions.get(cluster.id.toLowerCase()) ?? {};
  const warnings = kind === "Backup" ? backupWarnings(c, scope, snapshotRg) : restoreWarnings(c);
  for (const hook of scope.hooks) {
    if (c.failingHooks?.includes(hook)) warnings.push(warning(hook, `UserError${kind}HookExecutionFailed`, `The ${kind.toLowerCase()} hook '${hook}' failed.`, "Check the hook's commands and the pods it runs in."));
  }
  return { status: warnings.length > 0 ? "CompletedWithWarnings" : "Completed", errors: [], warnings };
}

import type { AbortSignalLike } from "@azure/abort-controller";
import type { BackupInstanceInfo } from "../backup/models.js";
import type { ClusterRef } from "../common/references.js";
import { runClusterCommand } from "./clusterCommand.js";
import type { RestoreClusterRequest } from "./restoreModels.js";
import type { ServiceCache } from "./services.js";

/**
 * Which namespaces of the target cluster a restore writes into, for the `confirm` rule of a
 * Patch restore into another cluster (issue 13: "into a namespace that exists"), and whether a
 * resource-modifier ConfigMap exists there: both read from the cluster with AKS run command.
 */

/** What the library learnt of the target's namespaces. */
export type TargetNamespaces =
  | { readonly known: true; readonly names: readonly string[] }
  | { readonly known: false; readonly reason: string };

/** The command sent: the namespace names, space-separated. */
export const listNamespacesCommand = "kubectl get namespaces -o jsonpath={.items[*].metadata.name}";

/**
 * The namespaces a restore writes into the target (after `namespaceMappings`), when they can be
 * known without the backup's contents: the request's `includedNamespaces`, else the backup
 * instance's own `includedNamespaces`, less `excludedNamespaces`. Undefined when the restore
 * writes every namespace of the backup (which ARM does not list).
 */
export function namespacesWritten(request: RestoreClusterRequest, instance: BackupInstanceInfo | undefined): string[] | undefined {
  const included = request.includedNamespaces ?? instance?.configuration.includedNamespaces;
  if (!included) return undefined;
  const excluded = new Set(request.excludedNamespaces ?? []);
  const mappings = request.namespaceMappings ?? {};
  return [...new Set(included.filter((n) => !excluded.has(n)).map((n) => mappings[n] ?? n))];
}

/** Lists the target's namespaces (`kubectl get namespaces`); unknown, with why, when that fails. */
export async function readTargetNamespaces(services: ServiceCache, target: ClusterRef, pollIntervalInMs: number, abortSignal: AbortSignalLike | undefined): Promise<TargetNamespaces> {
  const run = await runClusterCommand(services, target, listNamespacesCommand, pollIntervalInMs, abortSignal);
  if (!run.ran) return { known: false, reason: run.reason };
  if (run.exitCode !== 0) return { known: false, reason: `kubectl get namespaces exited ${run.exitCode}: ${run.logs.trim().split("\n")[0] ?? ""}` };
  return { known: true, names: run.logs.split(/\s+/).filter((n) => n !== "") };
}

/**
 * Whether the resource-modifier ConfigMap exists in the target (`kubectl get configmap <name>
 * -n <namespace> -o name`): false only on kubectl's NotFound; undefined when it cannot be told
 * (the restore job then reports a missing ConfigMap itself). Names are validated Kubernetes names.
 */
export async function resourceModifierExists(services: ServiceCache, target: ClusterRef, ref: { name: string; namespace: string }, pollIntervalInMs: number, abortSignal: AbortSignalLike | undefined): Promise<boolean | undefined> {
  const run = await runClusterCommand(services, target, `kubectl get configmap ${ref.name} -n ${ref.namespace} -o name`, pollIntervalInMs, abortSignal);
  if (!run.ran) return undefined;
  if (run.exitCode === 0) return true;
  return /NotFound/.test(run.logs) ? false : undefined;
}

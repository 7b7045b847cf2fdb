import type { AbortSignalLike } from "@azure/abort-controller";
import type { AzureClients } from "../clients/clientCache.js";
import { isManagedCluster, runClusterCommand } from "./clusterCommand.js";
import type { ClusterRef } from "./referenceTypes.js";

/**
 * Which namespaces of the target cluster a restore writes into, for the `confirm` rule of a
 * Patch restore (issue 13: over the protected cluster, or "into a namespace that exists"), and
 * whether a resource-modifier ConfigMap exists there: both read from the cluster with AKS run
 * command. Shared by `BackupInstanceManager.restore` and `AksBackup.restoreCluster`.
 */

/** What a restore writes where: the fields of a restore request the rule reads. */
export interface NamespaceSelection {
  /** Namespaces restored (default: every namespace of the backup). */
  includedNamespaces?: string[] | undefined;
  /** Namespaces left out. */
  excludedNamespaces?: string[] | undefined;
  /** Source namespace -> target namespace. */
  namespaceMappings?: Record<string, string> | undefined;
}

/** What the library learnt of the target's namespaces. */
export type TargetNamespaces =
  | { readonly known: true; readonly names: readonly string[] }
  | { readonly known: false; readonly reason: string };

/** The command sent: the namespace names, space-separated. */
export const listNamespacesCommand = "kubectl get namespaces -o 'jsonpath={.items[*].metadata.name}'";

/**
 * The namespaces a restore writes into the target (after `namespaceMappings`), when they can be
 * known without the backup's contents: the request's `includedNamespaces`, else the backup
 * instance's own `includedNamespaces`, less `excludedNamespaces`. Undefined when the restore
 * writes every namespace of the backup (which ARM does not list).
 */
export function namespacesWritten(request: NamespaceSelection, instance: { configuration: { includedNamespaces?: string[] | undefined } } | undefined): string[] | undefined {
  const included = request.includedNamespaces ?? instance?.configuration.includedNamespaces;
  if (!included) return undefined;
  const excluded = new Set(request.excludedNamespaces ?? []);
  const mappings = request.namespaceMappings ?? {};
  return [...new Set(included.filter((n) => !excluded.has(n)).map((n) => mappings[n] ?? n))];
}

/** Lists the target's namespaces (`kubectl get namespaces`); unknown, with why, when that fails. */
export async function readTargetNamespaces(clients: AzureClients, target: ClusterRef, pollIntervalInMs: number, abortSignal: AbortSignalLike | undefined): Promise<TargetNamespaces> {
  const run = await runClusterCommand(clients, target, listNamespacesCommand, pollIntervalInMs, abortSignal);
  if (!run.ran) return { known: false, reason: run.reason };
  if (run.exitCode !== 0) return { known: false, reason: `kubectl get namespaces exited ${run.exitCode}: ${run.logs.trim().split("\n")[0] ?? ""}` };
  return { known: true, names: run.logs.split(/\s+/).filter((n) => n !== "") };
}

/**
 * Whether the resource-modifier ConfigMap exists in the target (`kubectl get configmap <name>
 * -n <namespace> -o name`): false only on kubectl's NotFound; undefined when it cannot be told
 * (the restore job then reports a missing ConfigMap itself). Names are validated Kubernetes names.
 */
export async function resourceModifierExists(clients: AzureClients, target: ClusterRef, ref: { name: string; namespace: string }, pollIntervalInMs: number, abortSignal: AbortSignalLike | undefined): Promise<boolean | undefined> {
  const run = await runClusterCommand(clients, target, `kubectl get configmap ${ref.name} -n ${ref.namespace} -o name`, pollIntervalInMs, abortSignal);
  if (!run.ran) return undefined;
  if (run.exitCode === 0) return true;
  return /NotFound/.test(run.logs) ? false : undefined;
}

/**
 * Why a Patch restore needs `confirm` (pure), or undefined when it does not: over the protected
 * cluster, always (its live objects); into another cluster, when a namespace it writes exists
 * there, or when that cannot be told (every namespace of the backup, which ARM does not list;
 * the namespaces could not be listed). `targetName` names the target in the reason.
 */
export function patchConfirmationReason(targetIsSource: boolean, targetName: string, written: readonly string[] | undefined, listed: TargetNamespaces | undefined): string | undefined {
  if (targetIsSource) return "over the protected cluster (its live objects are overwritten)";
  if (!written) return `into ${targetName}: it writes every namespace of the backup, which ARM does not list, so objects that exist there may be overwritten (name includedNamespaces to have them checked)`;
  if (!listed?.known) return `into the namespaces ${written.join(", ")} of ${targetName}, which could not be listed (${listed?.reason ?? "not an AKS cluster"}): objects that exist there are overwritten`;
  const existing = written.filter((n) => listed.names.includes(n));
  return existing.length ? `into namespaces that exist in ${targetName}: ${existing.join(", ")} (their objects are overwritten)` : undefined;
}

/** Lists the target's namespaces when the rule needs them (another AKS cluster, known namespaces); undefined otherwise. */
export async function namespacesForPatch(clients: AzureClients, target: ClusterRef, targetIsSource: boolean, written: readonly string[] | undefined, pollIntervalInMs: number, abortSignal: AbortSignalLike | undefined): Promise<TargetNamespaces | undefined> {
  return !targetIsSource && written && isManagedCluster(target) ? readTargetNamespaces(clients, target, pollIntervalInMs, abortSignal) : undefined;
}

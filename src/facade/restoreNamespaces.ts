import type { AbortSignalLike } from "@azure/abort-controller";
import { AbortError } from "@azure/abort-controller";
import type { BackupInstanceInfo } from "../backup/models.js";
import type { ClusterRef } from "../common/references.js";
import { logger } from "../common/logger.js";
import type { RestoreClusterRequest } from "./restoreModels.js";
import type { ServiceCache } from "./services.js";

/**
 * Which namespaces of the target cluster a restore writes into, for the `confirm` rule of a
 * Patch restore into another cluster (issue 13: "into a namespace that exists"). ARM shows no
 * namespaces, so the library asks the cluster through AKS run command (`kubectl get
 * namespaces`, what `az aks command invoke` runs): one POST that changes no Azure resource.
 */

/** What the library learnt of the target's namespaces. */
export type TargetNamespaces =
  | { readonly known: true; readonly names: readonly string[] }
  | { readonly known: false; readonly reason: string };

/** The command sent: the namespace names, space-separated. */
export const listNamespacesCommand = "kubectl get namespaces -o jsonpath={.items[*].metadata.name}";

/** How long the run command may take before the library gives up and asks `confirm` instead. */
const runCommandTimeoutInMs = 120_000;

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

/** Whether the cluster is an AKS managed cluster (run command is an AKS API; Azure Arc clusters have none). */
export function isManagedCluster(cluster: ClusterRef): boolean {
  return /\/providers\/Microsoft\.ContainerService\/managedClusters\//i.test(cluster.id);
}

/**
 * Lists the target's namespaces with AKS run command, waiting at most 2 minutes (the SDK's
 * poller follows the command's Location at `pollIntervalInMs`). A refusal (run command
 * disabled, no permission), a failed command or no answer in time is "unknown", with why: the
 * caller is then asked to `confirm`. Aborting stops the wait (the command runs on in AKS).
 */
export async function readTargetNamespaces(services: ServiceCache, target: ClusterRef, pollIntervalInMs: number, abortSignal: AbortSignalLike | undefined): Promise<TargetNamespaces> {
  const client = await services.clients.containerService(target.subscriptionId);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), runCommandTimeoutInMs);
  const onAbort = (): void => timeout.abort();
  abortSignal?.addEventListener("abort", onAbort);
  try {
    const poller = client.managedClusters.runCommand(target.resourceGroupName, target.name, { command: listNamespacesCommand }, { abortSignal: timeout.signal, updateIntervalInMs: pollIntervalInMs });
    const result = await poller.pollUntilDone({ abortSignal: timeout.signal });
    if (result.provisioningState !== "Succeeded" || result.exitCode !== 0) {
      return { known: false, reason: `kubectl get namespaces ended ${result.provisioningState ?? "?"} with exit code ${String(result.exitCode ?? "?")}${result.reason ? ` (${result.reason})` : ""}` };
    }
    return { known: true, names: (result.logs ?? "").split(/\s+/).filter((n) => n !== "") };
  } catch (e) {
    if (abortSignal?.aborted) throw new AbortError("The restore was aborted while listing the target's namespaces.");
    const reason = timeout.signal.aborted ? `run command gave no answer within ${runCommandTimeoutInMs / 1000} s` : `run command was refused: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    logger.warning(`Listing the namespaces of ${target.id}: ${reason}`);
    return { known: false, reason };
  } finally {
    clearTimeout(timer);
    abortSignal?.removeEventListener("abort", onAbort);
  }
}

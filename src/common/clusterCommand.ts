import type { AbortSignalLike } from "@azure/abort-controller";
import { AbortError } from "@azure/abort-controller";
import type { AzureClients } from "../clients/clientCache.js";
import type { ClusterRef } from "./referenceTypes.js";
import { logger } from "./logger.js";

/**
 * A read of a cluster's Kubernetes objects through ARM: AKS run command (what `az aks command
 * invoke` sends), one POST that changes no Azure resource. ARM itself shows no namespaces or
 * ConfigMaps, so the restore checks that need them ask the cluster this way. Commands are built
 * from validated Kubernetes names only (no shell metacharacters can reach them).
 */

/** What a command gave: its exit code and output, or why it did not run. */
export type ClusterCommandResult =
  | { readonly ran: true; readonly exitCode: number; readonly logs: string }
  | { readonly ran: false; readonly reason: string };

/** How long a command may take before the library gives up on its answer. */
export const clusterCommandTimeoutInMs = 120_000;

/** Whether the cluster is an AKS managed cluster (run command is an AKS API; Azure Arc clusters have none). */
export function isManagedCluster(cluster: ClusterRef): boolean {
  return cluster.resourceType.toLowerCase() === "microsoft.containerservice/managedclusters";
}

/**
 * Runs `command` in the cluster and waits at most 2 minutes (the SDK's poller follows the
 * command's Location every `pollIntervalInMs`). A refusal (run command disabled, no
 * permission), a command that did not succeed or no answer in time is `ran: false` with why.
 * Aborting stops the wait (the command runs on in AKS) and throws `AbortError`.
 */
export async function runClusterCommand(clients: AzureClients, cluster: ClusterRef, command: string, pollIntervalInMs: number, abortSignal: AbortSignalLike | undefined): Promise<ClusterCommandResult> {
  const client = await clients.containerService(cluster.subscriptionId);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), clusterCommandTimeoutInMs);
  const onAbort = (): void => timeout.abort();
  abortSignal?.addEventListener("abort", onAbort);
  try {
    const poller = client.managedClusters.runCommand(cluster.resourceGroupName, cluster.name, { command }, { abortSignal: timeout.signal, updateIntervalInMs: pollIntervalInMs });
    const result = await poller.pollUntilDone({ abortSignal: timeout.signal });
    // The spec's examples write "succeeded", the Azure CLI compares "Succeeded": either case.
    if (result.provisioningState?.toLowerCase() !== "succeeded") {
      return { ran: false, reason: `run command ended ${result.provisioningState ?? "?"}${result.reason ? ` (${result.reason})` : ""}` };
    }
    return { ran: true, exitCode: result.exitCode ?? 0, logs: result.logs ?? "" };
  } catch (e) {
    if (abortSignal?.aborted) throw new AbortError(`Aborted while waiting for '${command}' in ${cluster.name}.`);
    const reason = timeout.signal.aborted ? `run command gave no answer within ${clusterCommandTimeoutInMs / 1000} s` : `run command was refused: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    logger.warning(`Running '${command}' in ${cluster.id}: ${reason}`);
    return { ran: false, reason };
  } finally {
    clearTimeout(timer);
    abortSignal?.removeEventListener("abort", onAbort);
  }
}

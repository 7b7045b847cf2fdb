import type { AbortSignalLike } from "@azure/abort-controller";
import type { AzureClients } from "../../clients/clientCache.js";
import { requireConfirmation } from "../../common/schemas/confirm.js";
import { parseClusterId } from "../../common/references.js";
import { namespacesForPatch, namespacesWritten, patchConfirmationReason } from "../../common/targetNamespaces.js";
import type { BackupInstanceInfo } from "../models.js";
import type { RestoreRequest } from "./models.js";

/** What the Patch rule needs besides the instance: for another cluster, a way to list its namespaces. */
export interface PatchConfirmationDeps {
  /** The clients (AKS run command lists the target's namespaces). */
  clients: AzureClients;
  /** Poll interval of the run command's wait. */
  pollIntervalInMs: number;
}

/**
 * A restore with `conflictPolicy: "Patch"` overwrites objects that exist in the target: it needs
 * `confirm` = the target cluster's name over the protected cluster, and into another cluster
 * when a namespace it writes exists there or that cannot be told (see `patchConfirmationReason`).
 * Given the instance as read, lists another AKS cluster's namespaces when the rule needs them;
 * before any write.
 */
export async function requirePatchConfirmation(deps: PatchConfirmationDeps, bi: BackupInstanceInfo | undefined, request: RestoreRequest, abortSignal: AbortSignalLike | undefined): Promise<void> {
  if (request.conflictPolicy !== "Patch" || !bi?.clusterId) return;
  const target = parseClusterId(request.targetClusterId ?? bi.clusterId, "targetClusterId");
  const targetIsSource = target.id.toLowerCase() === bi.clusterId.toLowerCase();
  const written = namespacesWritten(request, bi);
  const listed = await namespacesForPatch(deps.clients, target, targetIsSource, written, deps.pollIntervalInMs, abortSignal);
  const why = patchConfirmationReason(targetIsSource, target.name, written, listed);
  if (why) requireConfirmation(`restoring with conflictPolicy "Patch" ${why}`, target.id, target.name, request.confirm);
}

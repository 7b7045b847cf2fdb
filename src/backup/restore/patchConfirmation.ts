import type { AbortSignalLike } from "@azure/abort-controller";
import { requireConfirmation } from "../../common/schemas/confirm.js";
import type { BackupInstanceInfo } from "../models.js";
import type { RestoreRequest } from "./models.js";

/**
 * A restore with `conflictPolicy: "Patch"` over the protected cluster overwrites its live
 * objects: it needs `confirm` = the cluster's name. Reads the instance (one GET, before any
 * write) to know which cluster it protects.
 */
export async function requirePatchConfirmation(
  readInstance: (backupInstanceId: string, options: { abortSignal?: AbortSignalLike }) => Promise<BackupInstanceInfo | undefined>,
  backupInstanceId: string,
  request: RestoreRequest,
  abortSignal: AbortSignalLike | undefined,
): Promise<void> {
  if (request.conflictPolicy !== "Patch") return;
  const bi = await readInstance(backupInstanceId, abortSignal ? { abortSignal } : {});
  const original = bi?.clusterId;
  if (!original) return;
  if (request.targetClusterId !== undefined && String(request.targetClusterId).toLowerCase() !== original.toLowerCase()) return;
  requireConfirmation('restoring with conflictPolicy "Patch" over the protected cluster (its live objects are overwritten)', original, original.split("/").at(-1) ?? "", request.confirm);
}

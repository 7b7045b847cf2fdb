/**
 * The facade's fleet and restore-plan operations the command uses (`discover`, `doctor`,
 * `planRestore`), looked up when called: a library without one gives a clear error (exit 1).
 */
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { AksBackup } from "../facade/aksBackup.js";
import type { ClusterBackupStatus, DiscoverOptions } from "../facade/discover/models.js";
import type { DoctorOptions, DoctorReport } from "../facade/doctor/models.js";
import type { RestoreClusterRequest } from "../facade/restoreModels.js";
import type { OperationOptions } from "../common/options.js";

/** What `planRestore` returns (API.md). */
export interface RestorePlanShape {
  /** What the restore would do. */
  actions: Array<{ step: string; action: string; reason: string }>;
  /** What would stop it. */
  problems: Array<{ subject: string; message?: string; problem?: string; fix: string }>;
}

/** The operations, as API.md names them. */
export interface LibraryOperations {
  discover(options?: DiscoverOptions): PagedAsyncIterableIterator<ClusterBackupStatus>;
  doctor(clusterId: string, options?: DoctorOptions): Promise<DoctorReport>;
  planRestore(request: RestoreClusterRequest, options?: OperationOptions): Promise<RestorePlanShape>;
}

/** `aks[name]`, bound; an error saying so when this build of the library lacks it. */
export function operation<K extends keyof LibraryOperations>(aks: AksBackup, name: K): LibraryOperations[K] {
  const method = (aks as unknown as Partial<LibraryOperations>)[name];
  if (typeof method !== "function") throw new Error(`This version of aks-backup has no AksBackup.${name}: the command needs a library with it`);
  return method.bind(aks) as LibraryOperations[K];
}

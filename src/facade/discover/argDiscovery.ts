import type { AbortSignalLike } from "@azure/abort-controller";
import type { AzureClients } from "../../clients/clientCache.js";
import { toInstanceInfo } from "../../backup/mappers.js";
import type { BackupInstanceResource } from "../../dataProtection/models.js";
import type { ClusterBackupStatus } from "./models.js";
import { backupExtensionsQuery, backupInstancesQuery, clustersQuery, lastBackupJobsQuery, withClusterIds } from "./queries.js";
import { queryAll, queryPage } from "./resourceGraph.js";
import { clusterStatus, type ExtensionView, type InstanceView, type LastBackupView } from "./status.js";

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Groups rows by their lower-case `clusterId` column. */
function byCluster<T>(rows: Array<Record<string, unknown>>, map: (row: Record<string, unknown>) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = str(row["clusterId"]).toLowerCase();
    out.set(k, [...(out.get(k) ?? []), map(row)]);
  }
  return out;
}

/**
 * One page of discover through Resource Graph: a page of clusters, then (in parallel) the
 * Backup Extensions, backup instances and last backup jobs of those clusters only.
 */
export async function argStatusPage(clients: AzureClients, subscriptions: readonly string[], top: number | undefined, skipToken: string | undefined, abortSignal: AbortSignalLike | undefined): Promise<{ items: ClusterBackupStatus[]; skipToken: string | undefined }> {
  const page = await queryPage(clients, clustersQuery, subscriptions, { top, skipToken }, abortSignal);
  const clusters = page.rows.map((r) => ({ id: str(r["id"]), location: str(r["location"]) }));
  if (clusters.length === 0) return { items: [], skipToken: page.skipToken };
  const ids = clusters.map((c) => c.id);
  const [extensions, instances, jobs] = await Promise.all([
    queryAll(clients, withClusterIds(backupExtensionsQuery, ids), subscriptions, abortSignal),
    queryAll(clients, withClusterIds(backupInstancesQuery, ids), subscriptions, abortSignal),
    queryAll(clients, withClusterIds(lastBackupJobsQuery, ids), subscriptions, abortSignal),
  ]);
  const extOf = byCluster<ExtensionView>(extensions, (r) => ({ provisioningState: str((r["properties"] as Record<string, unknown> | undefined)?.["ProvisioningState"]) || "Unknown" }));
  const instOf = byCluster<InstanceView>(instances, (r) => {
    const info = toInstanceInfo({ id: str(r["id"]), name: str(r["name"]), properties: r["properties"] } as BackupInstanceResource);
    return { id: info.id, protectionState: info.protectionState, protectionError: info.protectionError };
  });
  const last = new Map<string, LastBackupView>(jobs.map((r) => [str(r["backupInstanceId"]).toLowerCase(), { status: str(r["status"]), endTime: new Date(str(r["endTime"])) }]));
  return {
    items: clusters.map((c) => clusterStatus(c, extOf.get(c.id.toLowerCase())?.[0], instOf.get(c.id.toLowerCase()) ?? [], last)),
    skipToken: page.skipToken,
  };
}

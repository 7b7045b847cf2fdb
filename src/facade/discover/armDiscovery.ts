import type { AbortSignalLike } from "@azure/abort-controller";
import { toInstanceInfo } from "../../backup/mappers.js";
import { callAzure } from "../../common/azureCalls.js";
import { parseClusterId } from "../../common/references.js";
import type { ServiceCache } from "../services.js";
import type { ClusterBackupStatus } from "./models.js";
import { chooseInstance, clusterStatus, vaultOf, type LastBackupView } from "./status.js";

/** Where an ARM listing stands: the index of the subscription, and the SDK's token within it. */
interface ArmToken {
  s: number;
  t?: string;
}

/** Tokens of the ARM fallback start with this (Resource Graph's own never do). */
export const armTokenPrefix = "arm:";

function readToken(token: string | undefined): ArmToken {
  if (!token) return { s: 0 };
  try {
    const t = JSON.parse(Buffer.from(token.slice(armTokenPrefix.length), "base64url").toString("utf8")) as ArmToken;
    return typeof t.s === "number" ? t : { s: 0 };
  } catch {
    return { s: 0 };
  }
}

const writeToken = (t: ArmToken): string => armTokenPrefix + Buffer.from(JSON.stringify(t)).toString("base64url");

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

/** The status of one cluster read with ARM calls: its extension, instances, and the chosen instance's last backup. */
async function armStatus(services: ServiceCache, cluster: { id: string; location: string }, abortSignal: AbortSignalLike | undefined): Promise<ClusterBackupStatus> {
  const ref = parseClusterId(cluster.id, "clusterId");
  const o = abortSignal ? { abortSignal } : {};
  const [ext, raw] = await Promise.all([
    services.extension(ref.subscriptionId).get(ref, o),
    callAzure("Listing the backup instances of the cluster", () => collect(services.dataProtection(ref.subscriptionId).backupInstances.listForResource(ref, o))),
  ]);
  const instances = raw.map(toInstanceInfo);
  const bi = chooseInstance(instances);
  const last = new Map<string, LastBackupView>();
  if (bi) {
    let latest: LastBackupView | undefined;
    for await (const job of services.backup(ref.subscriptionId).listJobs(vaultOf(bi.id), { backupInstanceId: bi.id, operation: "backup", ...o })) {
      if (job.endTime && (!latest || job.endTime > latest.endTime)) latest = { status: job.status, endTime: job.endTime };
    }
    if (latest) last.set(bi.id.toLowerCase(), latest);
  }
  return clusterStatus(cluster, ext, instances, last);
}

/**
 * One page of discover with ARM list calls (when Resource Graph cannot be used): a page of the
 * managed clusters of one subscription, then each cluster's extension, backup instances and
 * last backup job, clusters in parallel. The token walks the subscriptions in order.
 */
export async function armStatusPage(services: ServiceCache, subscriptions: readonly string[], maxPageSize: number | undefined, token: string | undefined, abortSignal: AbortSignalLike | undefined): Promise<{ items: ClusterBackupStatus[]; token: string | undefined }> {
  const at = readToken(token);
  const sub = subscriptions[at.s];
  if (sub === undefined) return { items: [], token: undefined };
  const client = await services.clients.containerService(sub);
  const pages = client.managedClusters.list(abortSignal ? { abortSignal } : {}).byPage({ ...(at.t ? { continuationToken: at.t } : {}), ...(maxPageSize ? { maxPageSize } : {}) });
  const first = await callAzure("Listing the AKS clusters of the subscription", () => pages.next());
  const page = first.done ? [] : first.value;
  const sdkToken = first.done ? undefined : (first.value as { continuationToken?: string }).continuationToken;
  const clusters = page.map((c) => ({ id: c.id ?? "", location: c.location }));
  const items = await Promise.all(clusters.map((c) => armStatus(services, c, abortSignal)));
  const next = sdkToken ? { s: at.s, t: sdkToken } : at.s + 1 < subscriptions.length ? { s: at.s + 1 } : undefined;
  return { items, token: next && writeToken(next) };
}

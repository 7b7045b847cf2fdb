import pLimit from "p-limit";
import type { EnableBackupOptions, EnableBackupRequest, EnableBackupResult, FleetClusterResult, FleetOptions } from "./models.js";

/**
 * Enables backup for many clusters with bounded concurrency: one result per cluster, in the
 * order of `requests`; a failing cluster does not stop the others. Throttling (429 with
 * `Retry-After`) is ridden out by the clients' retry policy.
 */
export async function runFleet(
  requests: readonly EnableBackupRequest[],
  enable: (request: EnableBackupRequest, options: EnableBackupOptions) => Promise<EnableBackupResult>,
  options: FleetOptions = {},
): Promise<FleetClusterResult[]> {
  const { clusterConcurrency = 8, onProgress, onClusterDone, ...setupOptions } = options;
  const limit = pLimit(clusterConcurrency);
  return Promise.all(
    requests.map((request) =>
      limit(async (): Promise<FleetClusterResult> => {
        const clusterId = typeof request?.clusterId === "string" ? request.clusterId : "(no clusterId)";
        let outcome: FleetClusterResult;
        try {
          const result = await enable(request, { ...setupOptions, ...(onProgress ? { onProgress: (e) => onProgress(clusterId, e) } : {}) });
          outcome = { clusterId, ok: true, result };
        } catch (e) {
          if (e instanceof Error && e.name === "AbortError") throw e;
          outcome = { clusterId, ok: false, error: e instanceof Error ? e : new Error(String(e)) };
        }
        onClusterDone?.(outcome);
        return outcome;
      }),
    ),
  );
}

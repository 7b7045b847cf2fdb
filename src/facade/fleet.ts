import pLimit from "p-limit";
import { PreflightError } from "../errors.js";
import { FleetSharedResources, type SharedObservation } from "./fleetShared.js";
import type { EnableBackupOptions, EnableBackupRequest, EnableBackupResult, FleetClusterResult, FleetOptions } from "./models.js";
import type { KnownFacts } from "./preflight.js";
import { resolveRequest, type ResolvedRequest } from "./request.js";
import type { ServiceCache } from "./services.js";

/** ARM's documented default write budget of a subscription (requests per hour). */
export const defaultSubscriptionWritesPerHour = 1200;
/** ARM writes of one cluster's setup once the fleet's shared resources are in place (extension, binding, 3 roles, validate, instance). */
export const writesPerClusterSetup = 7;
/** Typical length of one setup in Azure (providers 60 s, extension 180 s, RBAC 10 s, protection 130 s, and reads). */
export const typicalSetupSeconds = 400;

/**
 * Clusters set up at once per subscription, sized from the throttle (Little's law): the
 * clusters per hour the write budget allows (`writesPerHour / 7`) times how long one setup
 * takes (about 400 s), doubled because a setup's writes come in bursts between long waits
 * (extension install, protection) and queue behind the other clusters' at the ceiling: 39 for
 * ARM's default budget. Measured (bench/fleet.ts): 25 leaves the write budget idle while
 * every cluster waits on an install (0.85 of the ceiling); 40 keeps it busy (0.91).
 */
export function defaultClusterConcurrency(writesPerHour: number = defaultSubscriptionWritesPerHour): number {
  return Math.max(1, Math.ceil((writesPerHour / writesPerClusterSetup) * (typicalSetupSeconds / 3600) * 2));
}

/** What the fleet needs from the facade: its service cache, and one cluster's setup given the facts already known. */
export interface FleetRunner {
  /** The facade's services (one client cache, one throttle). */
  services: ServiceCache;
  /** One cluster's setup, skipping the reads of `known`. */
  enable(request: EnableBackupRequest, options: EnableBackupOptions, known: KnownFacts): Promise<EnableBackupResult>;
}

/** Reads the resources the clusters of a fleet share and checks them (quota); no write. */
export async function observeFleet(requests: readonly EnableBackupRequest[], services: ServiceCache, options: FleetOptions = {}): Promise<{ shared: FleetSharedResources; observation: SharedObservation; resolved: Array<ResolvedRequest | undefined> }> {
  const resolved = requests.map((r) => resolveRequest(r).resolved);
  const shared = new FleetSharedResources(resolved.filter((r): r is ResolvedRequest => r !== undefined), services, options.abortSignal);
  return { shared, observation: await shared.observe(), resolved };
}

/**
 * Enables backup for many clusters: first the resources several clusters share (vault,
 * policy, snapshot resource group, blob container, providers, the vault's role assignments on
 * shared scopes) are read once, checked (role-assignment quota: a problem fails the fleet with
 * {@link PreflightError} before any write) and converged once; then each cluster's setup runs,
 * `clusterConcurrency` at a time per subscription (default sized from the throttle, see
 * {@link defaultClusterConcurrency}), with the shared facts so it neither reads nor writes
 * them again. One result per cluster, in the order of `requests`; a failing cluster does not
 * stop the others. Throttling is ridden out by the shared throttle policy.
 */
export async function runFleet(requests: readonly EnableBackupRequest[], runner: FleetRunner, options: FleetOptions = {}): Promise<FleetClusterResult[]> {
  const { clusterConcurrency, writesPerHour, onProgress, onClusterDone, ...setupOptions } = options;
  const { shared, observation, resolved } = await observeFleet(requests, runner.services, options);
  if (observation.problems.length) throw new PreflightError(observation.problems);
  const convergence = shared.start();
  const perSubscription = clusterConcurrency ?? defaultClusterConcurrency(writesPerHour);
  const limits = new Map<string, ReturnType<typeof pLimit>>();
  const limitOf = (r: ResolvedRequest | undefined): ReturnType<typeof pLimit> => {
    const sub = r?.cluster.subscriptionId.toLowerCase() ?? "";
    let limit = limits.get(sub);
    if (!limit) limits.set(sub, (limit = pLimit(perSubscription)));
    return limit;
  };
  return Promise.all(
    requests.map((request, i) =>
      limitOf(resolved[i])(async (): Promise<FleetClusterResult> => {
        const clusterId = typeof request?.clusterId === "string" ? request.clusterId : "(no clusterId)";
        let outcome: FleetClusterResult;
        try {
          const r = resolved[i];
          const known = r ? await convergence.knownFor(r) : {};
          const result = await runner.enable(request, { ...setupOptions, ...(onProgress ? { onProgress: (e) => onProgress(clusterId, e) } : {}) }, known);
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

import type { AbortSignalLike } from "@azure/abort-controller";
import { readOrUndefined } from "../common/azureCalls.js";
import { limits } from "./doctor/backupChecks.js";
import { countRoleAssignments, roleAssignmentQuotaProblems } from "./fleetQuota.js";
import type { PreflightProblem } from "./models.js";
import type { Observation } from "./preflight.js";
import type { ResolvedRequest } from "./request.js";
import type { ServiceCache } from "./services.js";

const lower = (s: string): string => s.toLowerCase();

/** Counts a vault's backup instances, stopping once `limit` is reached (enough to tell). */
async function countInstances(services: ServiceCache, r: ResolvedRequest, limit: number, abortSignal: AbortSignalLike | undefined): Promise<number> {
  let n = 0;
  for await (const _ of services.backup(r.vault.subscriptionId).list(r.vault, abortSignal ? { abortSignal } : {})) {
    if (++n >= limit) break;
  }
  return n;
}

/**
 * The limits that bite at scale, for `planBackup` (reads only; `enableBackup` does not pay for
 * them): the role assignments the setup adds against the 4,000 of each subscription (one
 * paged list per subscription of a scope), and a vault's 5,000 backup instances (counted up
 * to the limit) when the cluster is not protected in it yet.
 */
export async function limitProblems(r: ResolvedRequest, services: ServiceCache, observation: Observation, abortSignal: AbortSignalLike | undefined): Promise<PreflightProblem[]> {
  const subs = [...new Set([r.cluster.subscriptionId, r.storage.subscriptionId, r.snapshotResourceGroup.subscriptionId].map(lower))];
  const inVault = observation.instances.some((i) => lower(i.vaultId) === lower(r.vault.id));
  const [counts, instances] = await Promise.all([
    Promise.all(subs.map((sub) => countRoleAssignments(services.roles(sub), sub, abortSignal))),
    observation.vault && !inVault ? readOrUndefined(`Counting the backup instances of ${r.vault.id}`, () => countInstances(services, r, limits.instancesPerVault, abortSignal)) : Promise.resolve(undefined),
  ]);
  const problems = [...roleAssignmentQuotaProblems([r], counts, [observation.vault]).problems];
  if (instances !== undefined && instances >= limits.instancesPerVault) {
    problems.push({
      subject: "vaultId",
      problem: `the vault holds ${limits.instancesPerVault} backup instances, the most a Backup vault can hold`,
      fix: "protect this cluster in another vault (a vault per region and team scales further)",
    });
  }
  return problems;
}

import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { pagedList, type TokenPage } from "../../common/paging.js";
import { AzureRequestError } from "../../errors.js";
import type { ServiceCache } from "../services.js";
import { argStatusPage } from "./argDiscovery.js";
import { armStatusPage, armTokenPrefix } from "./armDiscovery.js";
import type { ClusterBackupStatus, DiscoverOptions } from "./models.js";

/** Whether Resource Graph is unavailable to the caller (not found, forbidden): discover uses ARM lists then. */
function argUnavailable(e: unknown): boolean {
  return e instanceof AzureRequestError && (e.statusCode === 403 || e.statusCode === 404);
}

/**
 * Every AKS cluster of the subscriptions with its backup status, a page at a time: through
 * Azure Resource Graph (one query for a page of clusters, then three for their extensions,
 * backup instances and last backup jobs), or ARM list calls when Resource Graph answers 403
 * or 404. `byPage({ maxPageSize })` sets the clusters per page (Resource Graph's `$top`,
 * default 100); `continuationToken` resumes (a Resource Graph `$skipToken`, or the ARM
 * fallback's own token).
 */
export function discoverClusters(services: ServiceCache, subscriptions: readonly string[], options: DiscoverOptions): PagedAsyncIterableIterator<ClusterBackupStatus, TokenPage<ClusterBackupStatus>> {
  const { abortSignal } = options;
  let viaArm = false;
  return pagedList(async (token, maxPageSize) => {
    if (viaArm || token?.startsWith(armTokenPrefix)) {
      const page = await armStatusPage(services, subscriptions, maxPageSize, token, abortSignal);
      return { items: page.items, continuationToken: page.token };
    }
    try {
      const page = await argStatusPage(services.clients, subscriptions, maxPageSize, token, abortSignal);
      return { items: page.items, continuationToken: page.skipToken };
    } catch (e) {
      if (token !== undefined || !argUnavailable(e)) throw e;
      viaArm = true;
      const page = await armStatusPage(services, subscriptions, maxPageSize, undefined, abortSignal);
      return { items: page.items, continuationToken: page.token };
    }
  });
}

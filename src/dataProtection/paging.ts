import type { AbortSignalLike } from "@azure/abort-controller";
import { getPagedAsyncIterator, type PagedAsyncIterableIterator } from "@azure/core-paging";
import type { DataProtectionContext } from "./transport.js";

/**
 * A lazy paged list over `{ value, nextLink }` pages: iterate items, or call `byPage()`
 * (`continuationToken` is a `nextLink`). Nothing is sent until the first item is read.
 */
export function listPages<T>(ctx: DataProtectionContext, firstUrl: string, abortSignal?: AbortSignalLike): PagedAsyncIterableIterator<T> {
  return getPagedAsyncIterator<T, T[]>({
    firstPageLink: firstUrl,
    getPage: async (link) => {
      const { flatResponse } = await ctx.send<{ value?: T[]; nextLink?: string | null } | undefined>("GET", link, { abortSignal });
      return { page: flatResponse?.value ?? [], ...(flatResponse?.nextLink ? { nextPageLink: flatResponse.nextLink } : {}) };
    },
  });
}

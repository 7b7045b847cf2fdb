import type { AbortSignalLike } from "@azure/abort-controller";
import { getPagedAsyncIterator, type PageSettings, type PagedAsyncIterableIterator } from "@azure/core-paging";
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

/** The same paged list with every item mapped (lazily, page by page). */
export function mapPaged<T, U>(source: PagedAsyncIterableIterator<T>, map: (item: T) => U): PagedAsyncIterableIterator<U> {
  const byPage = (settings?: PageSettings): AsyncIterableIterator<U[]> => {
    const pages = source.byPage(settings);
    return (async function* () {
      for await (const page of pages) yield page.map(map);
    })();
  };
  const items = (async function* () {
    for await (const page of byPage()) yield* page;
  })();
  const iterator: PagedAsyncIterableIterator<U> = {
    next: () => items.next(),
    [Symbol.asyncIterator]: () => iterator,
    byPage,
  };
  return iterator;
}

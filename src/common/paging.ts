import type { PagedAsyncIterableIterator, PageSettings } from "@azure/core-paging";
import { isRestError } from "@azure/core-rest-pipeline";
import { AzureRequestError } from "../errors.js";

/** The part of an Azure SDK pager that {@link mapPaged} needs (classic and modular pagers both fit). */
export interface SdkPager<T> {
  /** Pages of items; `continuationToken` resumes. */
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[] & { continuationToken?: string }>;
}

/**
 * An SDK pager with its items `map`ped, on {@link pagedList}: lazy, resumable with
 * `byPage({ continuationToken })`, each page carrying its token. Errors pass through as the
 * SDK threw them (for the thin clients, which stay raw).
 */
export function mapPages<TIn, TOut>(source: SdkPager<TIn>, map: (item: TIn) => TOut): PagedAsyncIterableIterator<TOut, TokenPage<TOut>> {
  return pagedList<TOut>(async (token) => {
    const pages = source.byPage(token === undefined ? undefined : { continuationToken: token });
    const first = await pages.next();
    await pages.return?.();
    const page = first.done ? [] : first.value;
    return { items: page.map(map), continuationToken: page.continuationToken };
  });
}

/**
 * {@link mapPages}, with a `RestError` turned into an {@link AzureRequestError} that says
 * `what` failed: the services' lists over SDK pagers.
 */
export function mapPaged<TIn, TOut>(source: SdkPager<TIn>, map: (item: TIn) => TOut, what: string): PagedAsyncIterableIterator<TOut, TokenPage<TOut>> {
  const wrapped: SdkPager<TIn> = {
    byPage: (settings) => {
      const pages = source.byPage(settings);
      return {
        next: async () => {
          try {
            return await pages.next();
          } catch (e) {
            if (isRestError(e)) throw new AzureRequestError(what, e);
            throw e;
          }
        },
        return: async () => (await pages.return?.()) ?? { done: true, value: undefined },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
  return mapPages(wrapped, map);
}

/** One page of a {@link pagedList}: its items, and the token of the next page (none on the last). */
export interface ListPage<T> {
  /** The page's items. */
  items: T[];
  /** Resumes the listing after this page; undefined on the last page. */
  continuationToken?: string | undefined;
}

/** A page of items as `byPage()` yields it: always with its `continuationToken` (undefined on the last page). */
export type TokenPage<T> = T[] & {
  /** Resumes the listing after this page (`byPage({ continuationToken })`); undefined on the last page. */
  continuationToken?: string;
};

/**
 * The one paging helper of the library's own lists: lazy (nothing is sent until the first
 * item or page is read), every page of `byPage()` carries `continuationToken` (undefined on the
 * last), and `byPage({ continuationToken })` resumes from it, in this listing or a new one.
 * `getPage` gets the token (undefined for the first page) and `maxPageSize`, and is called
 * once per page, in order, within one iteration.
 */
export function pagedList<T>(getPage: (continuationToken: string | undefined, maxPageSize: number | undefined) => Promise<ListPage<T>>): PagedAsyncIterableIterator<T, TokenPage<T>> {
  async function* pages(settings?: PageSettings): AsyncIterableIterator<TokenPage<T>> {
    let token = settings?.continuationToken;
    for (;;) {
      const page = await getPage(token, settings?.maxPageSize);
      const out: TokenPage<T> = Object.assign(page.items, { continuationToken: page.continuationToken });
      yield out;
      if (!page.continuationToken) return;
      token = page.continuationToken;
    }
  }
  async function* items(): AsyncIterableIterator<T> {
    for await (const page of pages()) yield* page;
  }
  const iterator = items();
  const paged: PagedAsyncIterableIterator<T, TokenPage<T>> = {
    next: () => iterator.next(),
    [Symbol.asyncIterator]: () => paged,
    byPage: (settings?: PageSettings) => pages(settings),
  };
  return paged;
}

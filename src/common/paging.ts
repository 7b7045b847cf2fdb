import type { PagedAsyncIterableIterator, PageSettings } from "@azure/core-paging";
import { isRestError } from "@azure/core-rest-pipeline";
import { AzureRequestError } from "../errors.js";

/** The part of an Azure SDK pager that {@link mapPaged} needs (classic and modular pagers both fit). */
export interface SdkPager<T> {
  /** Pages of items; `continuationToken` resumes. */
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[] & { continuationToken?: string }>;
}

/**
 * A pager whose items are `map`ped SDK items: lazy (nothing is sent until the first item is
 * read), resumable with `byPage({ continuationToken })`, and with a `RestError` turned into an
 * {@link AzureRequestError} that says `what` failed.
 */
export function mapPaged<TIn, TOut>(source: SdkPager<TIn>, map: (item: TIn) => TOut, what: string): PagedAsyncIterableIterator<TOut> {
  async function* pages(settings?: PageSettings): AsyncIterableIterator<TOut[]> {
    const it = source.byPage(settings?.continuationToken ? { continuationToken: settings.continuationToken } : undefined);
    try {
      for await (const page of it) {
        yield Object.assign(page.map(map), page.continuationToken ? { continuationToken: page.continuationToken } : {});
      }
    } catch (e) {
      if (isRestError(e)) throw new AzureRequestError(what, e);
      throw e;
    }
  }
  async function* items(): AsyncIterableIterator<TOut> {
    for await (const page of pages()) yield* page;
  }
  const iterator = items();
  const paged: PagedAsyncIterableIterator<TOut> = {
    next: () => iterator.next(),
    [Symbol.asyncIterator]: () => paged,
    byPage: (settings?: PageSettings) => pages(settings),
  };
  return paged;
}

import type { AbortSignalLike } from "@azure/abort-controller";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { pagedList, type TokenPage } from "../common/paging.js";
import { InputValidationError } from "../errors.js";
import type { DataProtectionContext } from "./transport.js";

/**
 * A lazy paged list over `{ value, nextLink }` pages (the common {@link pagedList}): iterate
 * items, or call `byPage()`; each page's `continuationToken` is the service's `nextLink` and
 * `byPage({ continuationToken })` resumes from it. A token must point at this client's endpoint
 * (so a token from elsewhere never carries the credential to another host).
 */
export function listPages<T>(ctx: DataProtectionContext, firstUrl: string, abortSignal?: AbortSignalLike): PagedAsyncIterableIterator<T, TokenPage<T>> {
  return pagedList<T>(async (token) => {
    if (token !== undefined && !token.toLowerCase().startsWith(`${ctx.endpoint.toLowerCase()}/`)) {
      throw new InputValidationError("continuationToken", "it is not a token from a page of this listing", "pass the continuationToken of a page of the same listing, or none to start over");
    }
    const { flatResponse } = await ctx.send<{ value?: T[]; nextLink?: string | null } | undefined>("GET", token ?? firstUrl, { abortSignal });
    return { items: flatResponse?.value ?? [], continuationToken: flatResponse?.nextLink ?? undefined };
  });
}

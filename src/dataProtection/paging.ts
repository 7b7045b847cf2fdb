import type { AbortSignalLike } from "@azure/abort-controller";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { TokenPage } from "../common/paging.js";
import { readOperationOptions } from "../common/schemas/primitives.js";
import { validateInputs } from "../common/schemas/validate.js";
import type { DataProtectionContext } from "./transport.js";

/**
 * A lazy paged list over `{ value, nextLink }` pages (the shared transport's, on the common
 * `pagedList`): iterate items, or call `byPage()`; each page's `continuationToken` is the
 * service's `nextLink` and `byPage({ continuationToken })` resumes from it. A token must point
 * at this client's endpoint (so a token from elsewhere never carries the credential to another host).
 */
export function listPages<T>(ctx: DataProtectionContext, firstUrl: string, abortSignal?: AbortSignalLike): PagedAsyncIterableIterator<T, TokenPage<T>> {
  validateInputs([readOperationOptions, { abortSignal }, "(options)"]);
  return ctx.transport.list<T>(firstUrl, abortSignal);
}

import type { AbortSignalLike } from "@azure/abort-controller";
import { getPagedAsyncIterator, type PagedAsyncIterableIterator } from "@azure/core-paging";
import { callAzure, InputValidationError } from "../../common/errors.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import type { JobFilter } from "./filter.js";
import { toJobInfo } from "./mapping.js";
import type { JobInfo } from "./models.js";

/**
 * Where a filtered listing stands: the service page (its link; none for the first), how many of
 * its jobs were already read, and what was learnt of the service's order so far.
 */
interface Position {
  /** Link of the service page. */
  l?: string;
  /** Jobs of that page already read. */
  s: number;
  /** Start time (epoch ms) of the last job read. */
  t?: number;
  /** Order seen: 0 unknown, 1 newest first so far, 2 not newest first. */
  o: 0 | 1 | 2;
}

function encode(p: Position): string {
  return Buffer.from(JSON.stringify(p)).toString("base64url");
}

function decode(token: string): Position {
  if (token === "") return { s: 0, o: 0 };
  try {
    const p = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Position;
    if (typeof p.s === "number" && [0, 1, 2].includes(p.o)) return p;
  } catch {
    // reported below
  }
  throw new InputValidationError("continuationToken", "it is not a token from an earlier page of listJobs", "pass the continuationToken of a page of the same listing, or none to start over");
}

const tokenKey = Symbol.for("aks-backup.continuationToken");

/** Keeps the token to resume after `page` on the page itself (not enumerable, so it stays out of JSON and spreads). */
function withToken(page: JobInfo[], next: Position | undefined): { page: JobInfo[]; nextPageLink?: string } {
  const token = next ? encode(next) : undefined;
  Object.defineProperty(page, tokenKey, { value: token, enumerable: false });
  return token ? { page, nextPageLink: token } : { page };
}

/**
 * The `continuationToken` to resume a listing after a page of `listJobs(...).byPage()`:
 * pass it as `byPage({ continuationToken })` to a new listing with the same filter. Undefined
 * after the last page.
 */
export function continuationTokenOf(page: readonly JobInfo[]): string | undefined {
  return (page as unknown as Record<symbol, string | undefined>)[tokenKey];
}

/**
 * The jobs of a vault that pass `filter`, lazily, in the service's order (newest first), a
 * service page at a time: nothing is kept beyond one page. `byPage({ maxPageSize })` regroups
 * the matches into pages of that size, each with a `continuationToken` to resume from. Once
 * the service's order is seen to be newest first, paging stops at the first job older than
 * the window; with any other order every page is read.
 */
export function listJobs(client: DataProtectionClient, filter: JobFilter, abortSignal: AbortSignalLike | undefined): PagedAsyncIterableIterator<JobInfo> {
  const { vault } = filter;
  const readPage = (link: string | undefined) => callAzure(`Listing the jobs of ${vault.id}`, () => client.jobs.listPage(vault.resourceGroupName!, vault.name, link, { abortSignal }));
  return getPagedAsyncIterator<JobInfo, JobInfo[], { continuationToken?: string; maxPageSize?: number }, string>({
    firstPageLink: "",
    getPage: async (token, maxPageSize) => {
      if (maxPageSize !== undefined && !(Number.isInteger(maxPageSize) && maxPageSize > 0)) {
        throw new InputValidationError("maxPageSize", `${maxPageSize} is not a page size`, "pass a whole number >= 1");
      }
      const pos = decode(token);
      const out: JobInfo[] = [];
      for (;;) {
        const page = await readPage(pos.l);
        for (let i = pos.s; i < page.value.length; i++) {
          const job = toJobInfo(page.value[i]!);
          const t = job.startTime.getTime();
          if (pos.t !== undefined && t > pos.t) pos.o = 2;
          else if (pos.t !== undefined && t < pos.t && pos.o === 0) pos.o = 1;
          pos.t = t;
          if (filter.matches(job)) out.push(job);
          if (pos.o === 1 && t < filter.sinceMs) return withToken(out, undefined);
          if (maxPageSize !== undefined && out.length >= maxPageSize) {
            const next: Position | undefined = i + 1 < page.value.length ? { ...pos, s: i + 1 } : page.nextLink ? { ...pos, l: page.nextLink, s: 0 } : undefined;
            return withToken(out, next);
          }
        }
        if (!page.nextLink) return withToken(out, undefined);
        Object.assign(pos, { l: page.nextLink, s: 0 });
        if (maxPageSize === undefined && out.length > 0) return withToken(out, pos);
      }
    },
  });
}

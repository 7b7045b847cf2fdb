import type { AbortSignalLike } from "@azure/abort-controller";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { pagedList, type TokenPage } from "../../common/paging.js";
import { InputValidationError } from "../../errors.js";
import { callAzure } from "../../common/azureCalls.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import type { AzureBackupJobResource } from "../../dataProtection/models.js";
import type { JobFilter } from "./filter.js";
import { crossRegionRestoreJobs, type CrossRegionRestoreJobs } from "./crossRegion.js";
import { getJob } from "./jobs.js";
import { toJobInfo } from "./mapping.js";
import type { JobInfo } from "./models.js";

/** The last job a page ended with: the listing resumes with the jobs after it, newest first. */
interface Position {
  /** Its start time (epoch ms). */
  t: number;
  /** Its name (ties on start time are ordered by name). */
  n: string;
}

/** Newest first; ties by name. */
function newestFirst(a: JobInfo, b: JobInfo): number {
  return b.startTime.getTime() - a.startTime.getTime() || a.name.localeCompare(b.name);
}

function isAfter(job: JobInfo, p: Position | undefined): boolean {
  if (!p) return true;
  const t = job.startTime.getTime();
  return t < p.t || (t === p.t && job.name.localeCompare(p.n) > 0);
}

function encode(p: Position): string {
  return Buffer.from(JSON.stringify(p)).toString("base64url");
}

function decode(token: string): Position | undefined {
  if (token === "") return undefined;
  try {
    const p = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Position;
    if (typeof p.t === "number" && typeof p.n === "string") return p;
  } catch {
    // reported below
  }
  throw new InputValidationError("continuationToken", "it is not a token from an earlier page of listJobs", "pass the continuationToken of a page of the same listing, or none to start over");
}

/**
 * The `continuationToken` to resume a listing after a page of `listJobs(...).byPage()` (the
 * same as `page.continuationToken`): pass it as `byPage({ continuationToken })` to a listing
 * with the same filter. Undefined after the last page.
 */
export function continuationTokenOf(page: readonly JobInfo[]): string | undefined {
  return (page as readonly JobInfo[] & { continuationToken?: string }).continuationToken;
}

/**
 * Reads the vault's job pages and keeps the jobs that pass the filter and come after `after`.
 * The service has no server-side filter, and lists jobs oldest first (as recorded), so every
 * page is read; only the matches are kept. If the service turns out to list newest first,
 * reading stops at the first job older than the window.
 */
async function matches(read: (link: string | undefined) => Promise<{ value: AzureBackupJobResource[]; nextLink: string | undefined }>, filter: JobFilter, after: Position | undefined, crossRegion: Promise<AzureBackupJobResource[]>): Promise<JobInfo[]> {
  const kept: JobInfo[] = [];
  for (const raw of await crossRegion) {
    const job = { ...toJobInfo(raw), isCrossRegionRestore: true };
    if (filter.matches(job) && isAfter(job, after)) kept.push(job);
  }
  let seen = 0;
  let previous = Number.POSITIVE_INFINITY;
  let newestFirstSoFar = true;
  for (let link: string | undefined, first = true; first || link; first = false) {
    const page = await read(link);
    for (const raw of page.value) {
      const job = toJobInfo(raw);
      const t = job.startTime.getTime();
      newestFirstSoFar &&= t <= previous;
      previous = t;
      seen += 1;
      if (newestFirstSoFar && seen > 1 && t < filter.sinceMs) return kept;
      if (filter.matches(job) && isAfter(job, after)) kept.push(job);
    }
    link = page.nextLink;
  }
  return kept;
}

/**
 * The jobs of a vault that pass `filter`, newest first, with its cross-region restore jobs
 * (kept in the secondary region) when the vault has cross-region restore. Memory holds the matching jobs only
 * (the time window bounds them: 7 days by default), never the vault's whole job list.
 * `byPage({ maxPageSize })` returns pages of that size, each with a `continuationToken` to
 * resume from.
 */
export function listJobs(client: DataProtectionClient, filter: JobFilter, abortSignal: AbortSignalLike | undefined): PagedAsyncIterableIterator<JobInfo, TokenPage<JobInfo>> {
  const { vault } = filter;
  const read = (link: string | undefined) => callAzure(`Listing the jobs of ${vault.id}`, () => client.jobs.listPage(vault.resourceGroupName, vault.name, link, { abortSignal }));
  // The matches of one iteration, read once (the vault's pages are not read again for each page).
  let cached: { after: string | undefined; sorted: JobInfo[] } | undefined;
  let crossRegion: Promise<CrossRegionRestoreJobs> | undefined;
  // A job's details: its GET in the vault, or for a cross-region restore job, the secondary region's read.
  const detail = async (j: JobInfo): Promise<JobInfo> => {
    if (j.hasDetails) return j;
    if (!j.isCrossRegionRestore) return getJob(client, j.id, { abortSignal });
    return { ...toJobInfo(await (await crossRegion!).read(j.name, abortSignal)), isCrossRegionRestore: true };
  };
  return pagedList<JobInfo>(async (token, maxPageSize) => {
    if (maxPageSize !== undefined && !(Number.isInteger(maxPageSize) && maxPageSize > 0)) {
      throw new InputValidationError("maxPageSize", `${maxPageSize} is not a page size`, "pass a whole number >= 1");
    }
    const after = token === undefined ? undefined : decode(token);
    let sorted: JobInfo[];
    if (cached && token !== undefined && after) {
      sorted = cached.sorted.filter((j) => isAfter(j, after));
    } else {
      crossRegion = crossRegionRestoreJobs(client, vault, abortSignal);
      sorted = (await matches(read, filter, after, crossRegion.then((c) => c.jobs))).sort(newestFirst);
      cached = { after: token, sorted };
    }
    const whole = maxPageSize === undefined || sorted.length <= maxPageSize;
    const page = whole ? sorted : sorted.slice(0, maxPageSize);
    const last = page[page.length - 1];
    const detailed = filter.includeDetails ? await Promise.all(page.map(detail)) : [...page];
    return { items: detailed, continuationToken: whole || !last ? undefined : encode({ t: last.startTime.getTime(), n: last.name }) };
  });
}

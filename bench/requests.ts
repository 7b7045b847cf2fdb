import type { RequestLogEntry } from "aks-backup-emulator";

/** Request counts of one stretch of the emulator's log. */
export interface RequestCounts {
  writes: number;
  reads: number;
  polls: number;
  throttled: number;
}

const monitor = /\/(operations|operationStatus|operationResults|operationresults)\/[^/]+$/i;

/**
 * Classifies requests: writes (any method but GET/HEAD), polls (GETs of an operation monitor,
 * and repeated GETs of the same resource while waiting), reads (other GETs). 429s are counted
 * apart and not as work.
 */
export function countRequests(log: readonly RequestLogEntry[]): RequestCounts {
  const seen = new Set<string>();
  const counts: RequestCounts = { writes: 0, reads: 0, polls: 0, throttled: 0 };
  for (const r of log) {
    if (r.status === 429) {
      counts.throttled += 1;
      continue;
    }
    if (r.method !== "GET" && r.method !== "HEAD") counts.writes += 1;
    else if (monitor.test(r.path) || seen.has(r.path)) counts.polls += 1;
    else counts.reads += 1;
    if (r.method === "GET") seen.add(r.path);
  }
  return counts;
}

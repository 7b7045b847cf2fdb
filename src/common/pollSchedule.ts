import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { defaultPollIntervalInMs } from "./options.js";

/**
 * How long the operations this library waits for typically take in Azure, in seconds. A wait
 * with no `Retry-After` from the service polls first near this time, then tighter.
 */
export const typicalOperationSeconds = {
  /** Resource provider registration, `Registering` -> `Registered`. */
  providerRegistration: 60,
  /** Backup Extension install. */
  extensionInstall: 180,
  /** Backup Extension update (PATCH). */
  extensionUpdate: 90,
  /** Backup Extension delete. */
  extensionDelete: 60,
  /** Trusted Access role binding, `Updating` -> `Succeeded`. */
  trustedAccessBinding: 150,
  /** Trusted Access role binding delete. */
  trustedAccessUnbinding: 60,
  /**
   * Backup instance from its PUT until `ProtectionConfigured`: created in about 30 s, then
   * configured in about 60 s (with validateForBackup before it, about 130 s in all).
   */
  backupInstanceConfiguration: 90,
  /** A change of an existing backup instance (update, stop, suspend, resume). */
  backupInstanceAction: 40,
  /** A backup instance delete. */
  backupInstanceDelete: 60,
  /** A new identity's visibility to Azure RBAC for an assignment sent with `principalType`. */
  rolePropagation: 10,
  /** A backup job. */
  backupJob: 190,
  /** A restore job. */
  restoreJob: 220,
  /** Backup vault create. */
  backupVaultCreate: 10,
  /** `validateForBackup` and `validateRestore`. */
  backupValidate: 40,
} as const;

/** An operation of {@link typicalOperationSeconds}. */
export type KnownOperation = keyof typeof typicalOperationSeconds;

/** Longest gap between two polls of one wait, in multiples of the poll interval (30 s at the default 2 s). */
const maxDelayInIntervals = 15;

/**
 * The scale of the caller's clock: 1 at the default `pollIntervalInMs` (2000 ms); a caller that
 * polls every 20 ms (tests against a fast emulator) gets every duration 100 times shorter.
 */
export function timeScaleOf(intervalInMs: number): number {
  return Math.max(0, intervalInMs) / defaultPollIntervalInMs;
}

/** The typical duration of an operation in the caller's clock (see {@link timeScaleOf}). */
export function expectedDurationInMs(operation: KnownOperation, intervalInMs: number): number {
  return typicalOperationSeconds[operation] * 1000 * timeScaleOf(intervalInMs);
}

/** What {@link nextPollDelayInMs} decides from. */
export interface PollScheduleInput {
  /** The caller's poll interval: the floor of every scheduled gap and the clock's scale. */
  intervalInMs: number;
  /** Time since the operation was started (the request that started it was sent). */
  elapsedInMs: number;
  /** The operation waited for, when known. */
  operation?: KnownOperation | undefined;
  /** The service's last `Retry-After` in ms, when it sent one; never polled sooner. */
  retryAfterInMs?: number | undefined;
}

/**
 * Milliseconds until the next poll of a wait. The service's `Retry-After` is a minimum.
 * A known operation that should still be running is next polled just after its typical end (a
 * quarter interval late, so one poll usually finds it done). Past that end polls get tighter
 * first: one interval, then half the time overdue (so a slightly late operation costs one
 * interval, and a much later one at most ~50% more waiting). An operation of unknown duration
 * is polled at a tenth of the time waited so far. Gaps are never under the interval nor over
 * 15 intervals (30 s at the default 2 s).
 */
export function nextPollDelayInMs(input: PollScheduleInput): number {
  const interval = Math.max(0, input.intervalInMs);
  const cap = interval * maxDelayInIntervals;
  let scheduled: number;
  const expected = input.operation ? expectedDurationInMs(input.operation, interval) : undefined;
  if (expected !== undefined && input.elapsedInMs < expected) {
    scheduled = expected - input.elapsedInMs + interval / 4;
  } else if (expected !== undefined) {
    scheduled = Math.min(cap, Math.max(interval, (input.elapsedInMs - expected) / 2));
  } else {
    scheduled = Math.min(cap, Math.max(interval, input.elapsedInMs / 10));
  }
  const retryAfter = input.retryAfterInMs;
  return Math.ceil(retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter > scheduled ? retryAfter : scheduled);
}

/**
 * The wait a response asks for, in ms: `retry-after-ms`, `x-ms-retry-after-ms`, then
 * `Retry-After` (seconds or an HTTP date). Undefined when it asks for none.
 */
export function retryAfterFromHeaders(get: (name: string) => string | undefined): number | undefined {
  for (const [name, factor] of [["retry-after-ms", 1], ["x-ms-retry-after-ms", 1], ["retry-after", 1000]] as const) {
    const value = get(name)?.trim();
    if (value === undefined || value === "") continue;
    if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * factor;
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}

/** {@link retryAfterFromHeaders} of a pipeline response. */
export function retryAfterOf(response: Pick<PipelineResponse, "headers">): number | undefined {
  return retryAfterFromHeaders((name) => response.headers.get(name));
}

/**
 * Milliseconds until the next try of a role assignment whose new principal is not visible to
 * Azure RBAC yet (`PrincipalNotFound`), fitted to the propagation window W
 * ({@link typicalOperationSeconds}.rolePropagation in the caller's clock): the first retry at
 * 0.4 W after the first failure, then every 0.2 W until 1.4 W, so a principal created just
 * before the first try is granted as it becomes visible after 4 failed tries, and an older one
 * within 0.2-0.4 W; past that (a slow directory) the gaps grow with the time waited (a tenth of it),
 * capped at 15 poll intervals.
 */
export function propagationRetryDelayInMs(sinceFirstFailureInMs: number, intervalInMs: number): number {
  const window = expectedDurationInMs("rolePropagation", intervalInMs);
  if (sinceFirstFailureInMs <= 0) return Math.ceil(window * 0.4);
  if (sinceFirstFailureInMs < window * 1.4) return Math.ceil(window * 0.2);
  return Math.ceil(Math.min(intervalInMs * maxDelayInIntervals, Math.max(window * 0.2, sinceFirstFailureInMs / 10)));
}

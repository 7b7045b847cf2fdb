import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { delay } from "@azure/core-util";
import { logger } from "./logger.js";

/** Name of {@link armThrottlingPolicy}. */
export const armThrottlingPolicyName = "aksBackupArmThrottlingPolicy";

/** Options of {@link armThrottlingPolicy}. */
export interface ArmThrottlingOptions {
  /** Most time one request may spend waiting out throttling before its 429 is returned. Default: 15 minutes. */
  maxWaitInMs?: number;
}

/** Milliseconds a throttled response asks to wait (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After`). */
export function retryAfterInMs(response: PipelineResponse): number {
  for (const [name, factor] of [["retry-after-ms", 1], ["x-ms-retry-after-ms", 1], ["retry-after", 1000]] as const) {
    const value = response.headers.get(name);
    if (value === undefined) continue;
    const n = Number(value);
    if (Number.isFinite(n) && n >= 0) return n * factor;
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return 1000;
}

function gateKey(request: PipelineRequest): string {
  const sub = /\/subscriptions\/([^/?]+)/i.exec(request.url)?.[1]?.toLowerCase() ?? "";
  return `${sub}:${request.method === "GET" || request.method === "HEAD" ? "reads" : "writes"}`;
}

/** Pacing state of one subscription and kind. */
interface Pace {
  /** Earliest real time the next request may be sent. */
  next: number;
  /** Spacing between requests while throttled, learned from Retry-After. */
  interval: number;
}

/**
 * Rides out ARM subscription throttling (429) for a whole fleet at once. Requests of the same
 * subscription and kind (reads or writes) share a pace: a 429 sets the spacing between
 * requests to the wait the service asked for (the time one token takes to refill) and holds
 * every request back until then, so that concurrent setups take turns instead of stampeding
 * into the limit; each success shortens the spacing by 10%, so the pace follows the limit
 * back up. A request gives up (returning its 429) only after `maxWaitInMs` of waiting in all.
 * Place it per retry, before the standard retry policy.
 */
export function armThrottlingPolicy(options: ArmThrottlingOptions = {}): PipelinePolicy {
  const maxWaitInMs = options.maxWaitInMs ?? 15 * 60_000;
  const paces = new Map<string, Pace>();
  return {
    name: armThrottlingPolicyName,
    async sendRequest(request, next) {
      const key = gateKey(request);
      let pace = paces.get(key);
      if (!pace) paces.set(key, (pace = { next: 0, interval: 0 }));
      let waited = 0;
      for (;;) {
        const now = Date.now();
        const slot = Math.max(now, pace.next);
        pace.next = slot + pace.interval;
        if (slot > now) {
          waited += slot - now;
          await delay(slot - now, { abortSignal: request.abortSignal });
        }
        const response = await next(request);
        if (response.status !== 429) {
          pace.interval = pace.interval < 1 ? 0 : pace.interval * 0.9;
          return response;
        }
        if (waited >= maxWaitInMs) return response;
        const wait = retryAfterInMs(response);
        pace.interval = Math.max(pace.interval, wait);
        pace.next = Math.max(pace.next, Date.now() + wait);
        logger.info(`ARM throttled ${key.split(":")[1]} of subscription ${key.split(":")[0]}; pacing requests ${Math.round(pace.interval)} ms apart`);
      }
    },
  };
}

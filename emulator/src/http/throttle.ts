import type { SimClock } from "../clock.js";
import { ArmError } from "./armError.js";
import { retryAfterHeaders } from "./retryAfter.js";

/** Subscription request limits, as ARM enforces them (per subscription, reads and writes apart). */
export interface ThrottleOptions {
  /** Writes (PUT, PATCH, POST, DELETE) refilled per simulated hour. ARM's classic limit: 1200. */
  writesPerHour: number;
  /** Reads (GET, HEAD) refilled per simulated hour. ARM's classic limit: 12000. */
  readsPerHour: number;
  /** Writes that can be spent at once. Default: 5% of writesPerHour (at least 1). */
  writeBurst?: number;
  /** Reads that can be spent at once. Default: 5% of readsPerHour (at least 1). */
  readBurst?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per subscription on the simulated clock. A request that finds its bucket empty
 * gets 429 `SubscriptionRequestsThrottled` with the time until the next token, as
 * `Retry-After` (seconds, rounded up) and `retry-after-ms` / `x-ms-retry-after-ms` (real ms).
 * Guess: ARM's current limits are per region and per principal; one bucket per subscription
 * and kind is the classic model the docs describe.
 */
export class SubscriptionThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly clock: SimClock,
  ) {
    for (const k of ["writesPerHour", "readsPerHour"] as const) {
      if (!(options[k] > 0)) throw new RangeError(`throttle.${k} must be > 0`);
    }
  }

  private limits(write: boolean): { perSecond: number; burst: number } {
    const perHour = write ? this.options.writesPerHour : this.options.readsPerHour;
    const burst = (write ? this.options.writeBurst : this.options.readBurst) ?? Math.max(1, Math.floor(perHour * 0.05));
    return { perSecond: perHour / 3600, burst };
  }

  /**
   * Spends a token. Answers the `x-ms-ratelimit-remaining-subscription-{reads|writes}` header
   * ARM sends on every answer and, when the bucket is empty, the 429 to answer instead (with
   * the header at 0, and `Retry-After` / `retry-after-ms` / `x-ms-retry-after-ms` for the
   * simulated time until the next token, scaled by the clock).
   */
  take(subscriptionId: string, write: boolean): { headers: Record<string, string>; error?: ArmError } {
    const kind = write ? "writes" : "reads";
    const { perSecond, burst } = this.limits(write);
    const key = `${subscriptionId.toLowerCase()}:${kind}`;
    const now = this.clock.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    const header = `x-ms-ratelimit-remaining-subscription-${kind}`;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { headers: { [header]: String(Math.floor(b.tokens)) } };
    }
    const waitSim = (1 - b.tokens) / perSecond;
    const retry = retryAfterHeaders(this.clock, waitSim);
    const headers = { [header]: "0" };
    const error = new ArmError(429, "SubscriptionRequestsThrottled",
      `Number of '${write ? "write" : "read"}' requests for subscription '${subscriptionId}' exceeded. Please try again after '${Math.ceil(waitSim)}' seconds after additional tokens are available.`,
      {}, { ...retry, "x-ms-retry-after-ms": retry["retry-after-ms"]!, ...headers });
    return { headers, error };
  }
}

import type { SimClock } from "../clock.js";
import { ArmError } from "./armError.js";

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
 * `Retry-After` (seconds, rounded up) and `x-ms-retry-after-ms` (exact, real milliseconds).
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

  /** Spends a token or throws the 429; returns the remaining-requests header otherwise. */
  take(subscriptionId: string, write: boolean): Record<string, string> {
    const kind = write ? "writes" : "reads";
    const { perSecond, burst } = this.limits(write);
    const key = `${subscriptionId.toLowerCase()}:${kind}`;
    const now = this.clock.now();
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.buckets.set(key, b);
    const header = `x-ms-ratelimit-remaining-subscription-${kind}`;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { [header]: String(Math.floor(b.tokens)) };
    }
    const waitSim = (1 - b.tokens) / perSecond;
    const realMs = Math.max(1, Math.ceil(this.clock.toRealMs(waitSim)));
    throw new ArmError(429, "SubscriptionRequestsThrottled",
      `Number of '${write ? "write" : "read"}' requests for subscription '${subscriptionId}' exceeded. Please try again after '${Math.ceil(waitSim)}' seconds after additional tokens are available.`,
      {}, { "Retry-After": String(Math.ceil(realMs / 1000)), "x-ms-retry-after-ms": String(realMs), [header]: "0" });
  }
}

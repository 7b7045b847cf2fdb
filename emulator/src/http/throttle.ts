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

/** A request bucket of ARM's rate limits, as its headers name it. */
type BucketKind = "reads" | "writes" | "deletes";

interface Limit {
  /** Tokens refilled per simulated second. */
  perSecond: number;
  /** Tokens the bucket holds when full. */
  burst: number;
}

/**
 * ARM's documented default limits (Microsoft Learn, "Understand how Azure Resource Manager
 * throttles requests", https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling,
 * "Regional throttling and token bucket algorithm", in force since 2024): per subscription (and
 * per tenant), a bucket of 250 reads refilled at 25/s, 200 writes at 10/s, 200 deletes at 10/s;
 * a global subscription limit 15 times the per-principal one. The answers of live ARM carry them
 * as `x-ms-ratelimit-remaining-subscription-writes: 199` with
 * `x-ms-ratelimit-remaining-subscription-global-writes: 2999` after one write.
 * (The classic 12,000 reads / 1,200 writes per hour this replaced is what {@link ThrottleOptions}
 * configures.)
 */
export const armDefaultRateLimits: Readonly<Record<BucketKind, Limit>> = {
  reads: { burst: 250, perSecond: 25 },
  writes: { burst: 200, perSecond: 10 },
  deletes: { burst: 200, perSecond: 10 },
};

/** How many times the per-principal limit the global subscription limit is (same source). */
const globalFactor = 15;

interface Bucket {
  tokens: number;
  at: number;
}

function kindOf(method: string): BucketKind {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return "reads";
  return m === "DELETE" ? "deletes" : "writes";
}

/**
 * Token buckets per subscription on the simulated clock, and the
 * `x-ms-ratelimit-remaining-*` headers ARM sends on every answer.
 *
 * - Without throttle options the buckets follow {@link armDefaultRateLimits} and only report:
 *   every answer carries `x-ms-ratelimit-remaining-subscription-{reads|writes|deletes}` and
 *   `...-subscription-global-{kind}` (tenant-level requests: `x-ms-ratelimit-remaining-tenant-{kind}`),
 *   and no request is ever refused, however empty the bucket (the header then says 0).
 * - With {@link ThrottleOptions} the subscription buckets are enforced: a request that finds
 *   its bucket empty gets 429 `SubscriptionRequestsThrottled` with the time until the next
 *   token, as `Retry-After` (seconds, rounded up) and `retry-after-ms` / `x-ms-retry-after-ms`
 *   (real ms). Deletes count as writes there (the classic model); only the spent bucket's
 *   header is sent.
 *
 * Guess: ARM's limits are per region and per principal; one bucket per subscription and kind
 * (for all principals and regions) is what the emulator keeps. Guess: the tenant buckets have
 * the subscription sizes (the same table lists them) and no global header.
 */
export class SubscriptionThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: ThrottleOptions | undefined,
    private readonly clock: SimClock,
  ) {
    if (!options) return;
    for (const k of ["writesPerHour", "readsPerHour"] as const) {
      if (!(options[k] > 0)) throw new RangeError(`throttle.${k} must be > 0`);
    }
  }

  private configured(write: boolean, options: ThrottleOptions): Limit {
    const perHour = write ? options.writesPerHour : options.readsPerHour;
    const burst = (write ? options.writeBurst : options.readBurst) ?? Math.max(1, Math.floor(perHour * 0.05));
    return { perSecond: perHour / 3600, burst };
  }

  /** Refills the bucket to now and spends one token if there is one; answers whether it could. */
  private spend(key: string, limit: Limit, now: number): { spent: boolean; bucket: Bucket } {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: limit.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
    if (b.tokens < 1) return { spent: false, bucket: b };
    b.tokens -= 1;
    return { spent: true, bucket: b };
  }

  /**
   * Counts one request of `method` against the subscription's buckets (or the tenant's, when
   * the request names no subscription). Answers the rate-limit headers to send and, when a
   * configured throttle's bucket is empty, the 429 to answer instead.
   */
  take(subscriptionId: string | undefined, method: string): { headers: Record<string, string>; error?: ArmError } {
    const now = this.clock.now();
    const kind = kindOf(method);
    if (subscriptionId === undefined) {
      // Guess: tenant requests are reported, never refused (a configured throttle is per subscription).
      const { bucket } = this.spend(`tenant:${kind}`, armDefaultRateLimits[kind], now);
      return { headers: { [`x-ms-ratelimit-remaining-tenant-${kind}`]: String(Math.floor(bucket.tokens)) } };
    }
    const sub = subscriptionId.toLowerCase();
    if (!this.options) {
      const limit = armDefaultRateLimits[kind];
      const own = this.spend(`${sub}:${kind}`, limit, now).bucket;
      const global = this.spend(`${sub}:global-${kind}`, { burst: limit.burst * globalFactor, perSecond: limit.perSecond * globalFactor }, now).bucket;
      return {
        headers: {
          [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(Math.floor(own.tokens)),
          [`x-ms-ratelimit-remaining-subscription-global-${kind}`]: String(Math.floor(global.tokens)),
        },
      };
    }
    const write = kind !== "reads";
    const bucketName = write ? "writes" : "reads";
    const limit = this.configured(write, this.options);
    const header = `x-ms-ratelimit-remaining-subscription-${bucketName}`;
    const { spent, bucket } = this.spend(`${sub}:${bucketName}`, limit, now);
    if (spent) return { headers: { [header]: String(Math.floor(bucket.tokens)) } };
    const waitSim = (1 - bucket.tokens) / limit.perSecond;
    const retry = retryAfterHeaders(this.clock, waitSim);
    const headers = { [header]: "0" };
    const error = new ArmError(429, "SubscriptionRequestsThrottled",
      `Number of '${write ? "write" : "read"}' requests for subscription '${subscriptionId}' exceeded. Please try again after '${Math.ceil(waitSim)}' seconds after additional tokens are available.`,
      {}, { ...retry, "x-ms-retry-after-ms": retry["retry-after-ms"]!, ...headers });
    return { headers, error };
  }
}

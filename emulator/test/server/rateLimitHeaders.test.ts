import { describe, expect, it } from "vitest";
import { SimClock } from "../../src/clock.js";
import { SubscriptionThrottle } from "../../src/http/throttle.js";
import { armRequest } from "../support/replay.js";
import { useEmulator } from "../support/emulator.js";

const sub = "00000000-0000-0000-0000-0000000000aa";
const remaining = (headers: Record<string, string>, name: string): number => Number(headers[`x-ms-ratelimit-remaining-${name}`]);

describe("x-ms-ratelimit-remaining-* without a configured throttle (ARM's documented token buckets)", () => {
  const emu = useEmulator();

  it("sends the bucket of the request's kind, and its global bucket, on every answer, errors included", async () => {
    const e = emu.current;
    const s = e.subscriptionId;
    const read = await armRequest(e, "GET", `/subscriptions/${s}/resourcegroups?api-version=2021-04-01`);
    const missing = await armRequest(e, "GET", `/subscriptions/${s}/resourcegroups/missing?api-version=2021-04-01`);
    const write = await armRequest(e, "PUT", `/subscriptions/${s}/resourcegroups/rg-rlh?api-version=2021-04-01`, { body: { location: "westus" } });
    const del = await armRequest(e, "DELETE", `/subscriptions/${s}/resourcegroups/rg-rlh-absent?api-version=2021-04-01`);
    const tenant = await armRequest(e, "GET", `/providers/Microsoft.DataProtection/operations?api-version=2025-07-01`);
    expect([read.status, missing.status, write.status]).toEqual([200, 404, 201]);
    // Buckets of 250 reads (global 3750), 200 writes and 200 deletes (global 3000).
    expect(remaining(read.headers, "subscription-reads")).toBeLessThanOrEqual(249);
    expect(remaining(read.headers, "subscription-reads")).toBeGreaterThan(240);
    expect(remaining(read.headers, "subscription-global-reads")).toBeGreaterThan(3740);
    expect(remaining(missing.headers, "subscription-reads")).toBeLessThan(remaining(read.headers, "subscription-reads"));
    expect(write.headers["x-ms-ratelimit-remaining-subscription-writes"]).toBe("199");
    expect(write.headers["x-ms-ratelimit-remaining-subscription-global-writes"]).toBe("2999");
    expect(write.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBeUndefined();
    expect(del.headers["x-ms-ratelimit-remaining-subscription-deletes"]).toBe("199");
    expect(del.headers["x-ms-ratelimit-remaining-subscription-global-deletes"]).toBe("2999");
    expect(del.headers["x-ms-ratelimit-remaining-subscription-writes"]).toBeUndefined();
    expect(remaining(tenant.headers, "tenant-reads")).toBeLessThanOrEqual(249);
  });

  it("never answers 429, however empty the bucket: the header says 0", () => {
    const clock = new SimClock(1000);
    const t = new SubscriptionThrottle(undefined, clock);
    let last: Record<string, string> = {};
    for (let i = 0; i < 260; i++) {
      const taken = t.take(sub, "PUT");
      expect(taken.error).toBeUndefined();
      last = taken.headers;
    }
    expect(last["x-ms-ratelimit-remaining-subscription-writes"]).toBe("0");
    expect(Number(last["x-ms-ratelimit-remaining-subscription-global-writes"])).toBeGreaterThan(2700);
    clock.advance(2); // 10 writes a second come back
    expect(t.take(sub, "PATCH").headers["x-ms-ratelimit-remaining-subscription-writes"]).toBe("19");
  });
});

describe("x-ms-ratelimit-remaining-* with a configured throttle", () => {
  it("reports the configured bucket and refuses past it", () => {
    const clock = new SimClock(1000);
    const t = new SubscriptionThrottle({ writesPerHour: 3600, writeBurst: 2, readsPerHour: 36_000 }, clock);
    expect(t.take(sub, "PUT").headers).toEqual({ "x-ms-ratelimit-remaining-subscription-writes": "1" });
    expect(t.take(sub, "DELETE").headers).toEqual({ "x-ms-ratelimit-remaining-subscription-writes": "0" });
    const refused = t.take(sub, "POST");
    expect(refused.error?.status).toBe(429);
    expect(refused.error?.code).toBe("SubscriptionRequestsThrottled");
    expect(Number(t.take(sub, "GET").headers["x-ms-ratelimit-remaining-subscription-reads"])).toBe(1799);
    expect(t.take(undefined, "GET").headers["x-ms-ratelimit-remaining-tenant-reads"]).toBe("249");
  });
});

import { describe, expect, it } from "vitest";
import { SimClock } from "../../src/clock.js";
import { operationRetryAfterHeaders, retryAfterHeaders } from "../../src/http/retryAfter.js";
import { armRequest } from "../support/replay.js";
import { useEmulator } from "../support/emulator.js";

describe("Retry-After in simulated seconds", () => {
  it("scales by the clock, rounds Retry-After up to whole seconds and keeps the exact value in retry-after-ms", () => {
    const bench = new SimClock(10); // 10 real ms per simulated second
    expect(retryAfterHeaders(bench, 60)).toEqual({ "Retry-After": "1", "retry-after-ms": "600" });
    expect(retryAfterHeaders(bench, 10)).toEqual({ "Retry-After": "1", "retry-after-ms": "100" });
    expect(retryAfterHeaders(bench, 0.05)).toEqual({ "Retry-After": "1", "retry-after-ms": "1" });
    expect(retryAfterHeaders(new SimClock(1000), 30)).toEqual({ "Retry-After": "30", "retry-after-ms": "30000" });
    expect(retryAfterHeaders(new SimClock(250), 7)).toEqual({ "Retry-After": "2", "retry-after-ms": "1750" });
    expect(retryAfterHeaders(bench, 0)).toEqual({ "Retry-After": "0", "retry-after-ms": "0" });
  });

  it("never asks past an operation's end", () => {
    const clock = new SimClock(1000);
    expect(operationRetryAfterHeaders(clock, 60, 12.5)).toEqual({ "Retry-After": "13", "retry-after-ms": "12500" });
    expect(operationRetryAfterHeaders(clock, 60, -3)).toEqual({ "Retry-After": "0", "retry-after-ms": "0" });
  });
});

describe("x-ms-ratelimit-remaining-subscription-* on every answer", () => {
  const emu = useEmulator({ throttle: { readsPerHour: 12000, writesPerHour: 1200 } });

  it("sends the reads bucket on GETs, the writes bucket on writes, errors included", async () => {
    const e = emu.current;
    const sub = e.subscriptionId;
    const ok = await armRequest(e, "GET", `/subscriptions/${sub}/resourcegroups?api-version=2021-04-01`);
    const notFound = await armRequest(e, "GET", `/subscriptions/${sub}/resourcegroups/missing?api-version=2021-04-01`);
    const badVersion = await armRequest(e, "GET", `/subscriptions/${sub}/resourcegroups?api-version=1999-01-01`);
    const write = await armRequest(e, "PUT", `/subscriptions/${sub}/resourcegroups/rg-rl?api-version=2021-04-01`, { body: { location: "westus" } });
    const reads = [ok, notFound, badVersion].map((r) => Number(r.headers["x-ms-ratelimit-remaining-subscription-reads"]));
    expect([ok.status, notFound.status, badVersion.status]).toEqual([200, 404, 400]);
    // Burst 600 (5% of 12000): each read spends one token.
    expect(reads[0]).toBeGreaterThan(reads[2]!);
    expect(reads[2]).toBeGreaterThanOrEqual(596);
    expect(write.headers["x-ms-ratelimit-remaining-subscription-writes"]).toBe("59");
    expect(write.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { StorageManagementClient } from "@azure/arm-storage";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

// 1 write per simulated second, 2 at once; reads plentiful. Real time (instant profile).
const emu = useEmulator({ throttle: { writesPerHour: 3600, writeBurst: 2, readsPerHour: 360_000 } });

describe("subscription throttling", () => {
  it("answers 429 SubscriptionRequestsThrottled with the wait until the next token, and refills over time", async () => {
    const e = emu.current;
    const sa = e.addStorageAccount({ resourceGroup: "rg-thr", name: "sathr", location: "westeurope" });
    const put = (name: string) => armRequest(e, "PUT", `${sa}/blobServices/default/containers/${name}?api-version=2024-01-01`, { body: {} });
    const first = await put("ctr1");
    expect(first.status).toBe(201);
    expect(first.headers["x-ms-ratelimit-remaining-subscription-writes"]).toBe("1");
    expect((await put("ctr2")).status).toBe(201);
    const throttled = await put("ctr3");
    expect(throttled.status).toBe(429);
    expect((throttled.body as { error: { code: string } }).error.code).toBe("SubscriptionRequestsThrottled");
    const waitMs = Number(throttled.headers["x-ms-retry-after-ms"]);
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(1000);
    expect(throttled.headers["retry-after"]).toBe("1");
    e.advanceTime(1);
    expect((await put("ctr3")).status).toBe(201);
    const read = await armRequest(e, "GET", `${sa}?api-version=2024-01-01`);
    expect(Number(read.headers["x-ms-ratelimit-remaining-subscription-reads"])).toBeGreaterThan(100);
  });

  it("is ridden out by the SDK's retry policy, which honours the wait", async () => {
    const e = emu.current;
    const sa = e.addStorageAccount({ resourceGroup: "rg-thr2", name: "sathr2", location: "westeurope" });
    const client = new StorageManagementClient(e.credential, e.subscriptionId, { ...e.clientOptions, retryOptions: { maxRetries: 10 } });
    const from = e.requests.length;
    for (const name of ["dd1", "dd2", "dd3", "dd4"]) await client.blobContainers.create("rg-thr2", "sathr2", name, {});
    const statuses = e.requests.slice(from).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    expect(statuses).toContain(429);
    expect(sa).toContain("sathr2");
  });
});

import { describe, expect, it } from "vitest";
import { StorageManagementClient } from "@azure/arm-storage";
import { createHttpHeaders, createPipelineRequest, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { armThrottlingPolicy, asPoll, type ArmThrottlingOptions } from "../../src/common/throttlePolicy.js";
import { ThrottledError } from "../../src/errors.js";
import type { ArmEmulator } from "aks-backup-emulator";
import { useEmulator } from "../support/emulator.js";

// Scaled clock: 10 ms per simulated second; 1 write per simulated second, 1 at once.
const throttled = useEmulator({ profile: "realistic", timeScale: 10, throttle: { writesPerHour: 3600, writeBurst: 1, readsPerHour: 360_000 } });
// No throttle: faults only.
const plain = useEmulator({ profile: "realistic", timeScale: 10 });

function storage(e: ArmEmulator, policy: ArmThrottlingOptions = {}): StorageManagementClient {
  return new StorageManagementClient(e.credential, e.subscriptionId, {
    ...e.clientOptions,
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: armThrottlingPolicy(policy), position: "perRetry" }],
  });
}

describe("armThrottlingPolicy against the emulator's throttle", () => {
  it("lets concurrent writers take turns at the refill rate: all succeed, few 429s", async () => {
    const e = throttled.current;
    e.addStorageAccount({ resourceGroup: "rg-gate", name: "sagate", location: "westeurope" });
    const client = storage(e);
    const from = e.requests.length;
    const names = Array.from({ length: 12 }, (_, i) => `gate${i}`);
    await Promise.all(names.map((n) => client.blobContainers.create("rg-gate", "sagate", n, {})));
    const statuses = e.requests.slice(from).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(12);
    const share = statuses.filter((s) => s === 429).length / statuses.length;
    // The first wave learns the rate (a few 429s); after that the gate keeps pace with the refill.
    expect(share).toBeLessThan(0.35);
  });
});

describe("armThrottlingPolicy against injected 429s", () => {
  it("backs off with a floor when Retry-After is 0, and stops after maxRetries with ThrottledError", async () => {
    const e = plain.current;
    e.addStorageAccount({ resourceGroup: "rg-zero", name: "sazero", location: "westeurope" });
    const client = storage(e, { maxRetries: 3, minRetryDelayInMs: 20, maxRetryDelayInMs: 200 });
    e.injectFault({ method: "PUT", path: /containers\/zero$/, status: 429, code: "SubscriptionRequestsThrottled", retryAfterSeconds: 0, times: 1000 });
    const from = e.requests.length;
    const error = await client.blobContainers.create("rg-zero", "sazero", "zero", {}).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ name: "ThrottledError", bucket: "writes", subscriptionId: e.subscriptionId.toLowerCase() });
    expect((error as ThrottledError).cause).toMatchObject({ statusCode: 429, code: "SubscriptionRequestsThrottled" });
    const sent = e.requests.slice(from);
    expect(sent).toHaveLength(4);
    // Each retry waited at least the floor (20 ms); the gaps grow (jitter keeps at least half).
    const gaps = sent.slice(1).map((r, i) => r.at - sent[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(18);
    expect(gaps[2]!).toBeGreaterThanOrEqual(38);
  });

  it("backs off too when a 429 has no Retry-After at all", async () => {
    const e = plain.current;
    e.addStorageAccount({ resourceGroup: "rg-none", name: "sanone", location: "westeurope" });
    const client = storage(e, { minRetryDelayInMs: 10, maxRetryDelayInMs: 40 });
    e.injectFault({ method: "PUT", path: /containers\/none$/, status: 429, code: "TooManyRequests", times: 2 });
    const from = e.requests.length;
    await client.blobContainers.create("rg-none", "sanone", "none", {});
    const sent = e.requests.slice(from);
    expect(sent.map((r) => r.status)).toEqual([429, 429, 201]);
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(9);
  });

  it("fails at once with ThrottledError when Retry-After is beyond maxWaitInMs (one request, no wait)", async () => {
    const e = plain.current;
    e.addStorageAccount({ resourceGroup: "rg-hour", name: "sahour", location: "westeurope" });
    const client = storage(e, { maxWaitInMs: 2000 });
    e.injectFault({ method: "PUT", path: /containers\/hour$/, status: 429, code: "SubscriptionRequestsThrottled", retryAfterSeconds: 3600 });
    const from = e.requests.length;
    const started = Date.now();
    const error = await client.blobContainers.create("rg-hour", "sahour", "hour", {}).catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ThrottledError);
    const t = error as ThrottledError;
    expect(t.bucket).toBe("writes");
    expect(t.retryAfterInMs).toBe(36_000); // 3600 simulated seconds at 10 ms each
    expect(t.message).toMatch(/writes of subscription .*retry after 36 s/);
    expect(e.requests.length - from).toBe(1);
    // Nothing was held: the next write goes at once.
    const next = Date.now();
    await client.blobContainers.create("rg-hour", "sahour", "hour2", {});
    expect(Date.now() - next).toBeLessThan(500);
  });

  it("holds the bucket for Retry-After once, then stops pacing when the window has passed", async () => {
    const e = plain.current;
    e.addStorageAccount({ resourceGroup: "rg-decay", name: "sadecay", location: "westeurope" });
    const client = storage(e);
    e.injectFault({ method: "PUT", path: /containers\/decay0$/, status: 429, code: "SubscriptionRequestsThrottled", retryAfterSeconds: 30 });
    const started = Date.now();
    await client.blobContainers.create("rg-decay", "sadecay", "decay0", {});
    const held = Date.now() - started;
    expect(held).toBeGreaterThanOrEqual(290); // 30 simulated seconds
    const after = Date.now();
    for (let i = 1; i <= 10; i++) await client.blobContainers.create("rg-decay", "sadecay", `decay${i}`, {});
    // Ten writes after the window: no pacing left (the old policy spaced them ~300 ms apart).
    expect(Date.now() - after).toBeLessThan(1000);
  });
});

describe("armThrottlingPolicy pacing (policy alone, scripted answers)", () => {
  const url = "https://management.example/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/X/y/z";
  const answer = (request: PipelineRequest, status: number, headers: Record<string, string> = {}): PipelineResponse =>
    ({ request, status, headers: createHttpHeaders(headers) });

  it("lets critical-path requests go before waiting polls, after the bucket's Retry-After", async () => {
    const policy = armThrottlingPolicy();
    const order: string[] = [];
    let first = true;
    const next = (request: PipelineRequest): Promise<PipelineResponse> => {
      if (first) {
        first = false;
        return Promise.resolve(answer(request, 429, { "retry-after-ms": "60", "x-ms-ratelimit-remaining-subscription-reads": "0" }));
      }
      order.push(request.headers.get("x-test") ?? "");
      return Promise.resolve(answer(request, 200, { "x-ms-ratelimit-remaining-subscription-reads": "0" }));
    };
    const get = (tag: string): PipelineRequest => {
      const r = createPipelineRequest({ url, method: "GET" });
      r.headers.set("x-test", tag);
      return r;
    };
    const throttledRead = policy.sendRequest(get("first"), next);
    await new Promise((r) => setTimeout(r, 5));
    const poll = asPoll(() => policy.sendRequest(get("poll"), next));
    await new Promise((r) => setTimeout(r, 5));
    const critical = policy.sendRequest(get("critical"), next);
    await Promise.all([throttledRead, poll, critical]);
    expect(order.indexOf("critical")).toBeLessThan(order.indexOf("poll"));
  });
});

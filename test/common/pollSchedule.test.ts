import { describe, expect, it } from "vitest";
import { ProviderRegistrar } from "../../src/providers/providerRegistrar.js";
import { DataProtectionClient } from "../../src/dataProtection/client.js";
import { expectedDurationInMs, nextPollDelayInMs, propagationRetryDelayInMs, retryAfterFromHeaders } from "../../src/common/pollSchedule.js";
import { fastOptions, useEmulator } from "../support/emulator.js";

describe("nextPollDelayInMs", () => {
  it("polls a known operation just after its typical end, scaled by the poll interval", () => {
    expect(expectedDurationInMs("extensionInstall", 2000)).toBe(180_000);
    expect(expectedDurationInMs("extensionInstall", 20)).toBe(1800);
    // 10 s into a 180 s install at the default interval: next poll at 180 s (+ a quarter interval).
    expect(nextPollDelayInMs({ intervalInMs: 2000, elapsedInMs: 10_000, operation: "extensionInstall" })).toBe(180_000 - 10_000 + 500);
  });

  it("polls tighter past the typical end: an interval, then half the time overdue, at most 15 intervals", () => {
    expect(nextPollDelayInMs({ intervalInMs: 2000, elapsedInMs: 180_600, operation: "extensionInstall" })).toBe(2000);
    expect(nextPollDelayInMs({ intervalInMs: 2000, elapsedInMs: 200_000, operation: "extensionInstall" })).toBe(10_000);
    expect(nextPollDelayInMs({ intervalInMs: 2000, elapsedInMs: 3_600_000, operation: "extensionInstall" })).toBe(30_000);
    // Unknown duration: a tenth of the time waited.
    expect(nextPollDelayInMs({ intervalInMs: 2000, elapsedInMs: 1000 })).toBe(2000);
    expect(nextPollDelayInMs({ intervalInMs: 2000, elapsedInMs: 100_000 })).toBe(10_000);
  });

  it("never polls sooner than the service's Retry-After", () => {
    expect(nextPollDelayInMs({ intervalInMs: 2000, elapsedInMs: 1000, retryAfterInMs: 30_000 })).toBe(30_000);
    expect(nextPollDelayInMs({ intervalInMs: 2000, elapsedInMs: 0, operation: "providerRegistration", retryAfterInMs: 5000 })).toBe(60_000 + 500);
  });

  it("reads retry-after-ms, x-ms-retry-after-ms, then Retry-After (seconds or a date)", () => {
    const h = (o: Record<string, string>) => (n: string): string | undefined => o[n];
    expect(retryAfterFromHeaders(h({ "retry-after-ms": "250", "retry-after": "1" }))).toBe(250);
    expect(retryAfterFromHeaders(h({ "x-ms-retry-after-ms": "40" }))).toBe(40);
    expect(retryAfterFromHeaders(h({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfterFromHeaders(h({ "retry-after": "0" }))).toBe(0);
    expect(retryAfterFromHeaders(h({}))).toBeUndefined();
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(retryAfterFromHeaders(h({ "retry-after": inTwoSeconds }))).toBeGreaterThan(500);
  });
});

describe("propagationRetryDelayInMs", () => {
  it("retries at 0.4 of the window, then every 0.2 of it, then spreads out (never doubling)", () => {
    expect(propagationRetryDelayInMs(0, 2000)).toBe(4000);
    expect(propagationRetryDelayInMs(6000, 2000)).toBe(2000);
    expect(propagationRetryDelayInMs(12_000, 2000)).toBe(2000);
    expect(propagationRetryDelayInMs(60_000, 2000)).toBe(6000);
    expect(propagationRetryDelayInMs(3_600_000, 2000)).toBe(30_000);
  });
});

// 10 ms per simulated second: the tests' 20 ms poll interval is the same clock (1/100 of Azure's).
const emu = useEmulator({ profile: "realistic", timeScale: 10, registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.DataProtection"] });

describe("waits driven by the service, against the realistic profile", () => {
  it("registers a provider with at most two polls, within 10% of its 60 s", async () => {
    const e = emu.current;
    const registrar = new ProviderRegistrar(e.credential, e.subscriptionId, fastOptions(e));
    const from = e.requests.length;
    const result = await registrar.register("Microsoft.KubernetesConfiguration");
    expect(result.registrationState).toBe("Registered");
    const sent = e.requests.slice(from);
    const register = sent.find((r) => r.method === "POST")!;
    const polls = sent.filter((r) => r.method === "GET" && r.at > register.at);
    // A check right after the write (an operation may be done at once), then one near the end.
    expect(polls.length).toBeLessThanOrEqual(2);
    const took = polls.at(-1)!.at - register.at;
    expect(took).toBeGreaterThanOrEqual(600);
    expect(took).toBeLessThan(600 * 1.1);
  });

  it("creates a vault honouring the Retry-After of the 201 (no immediate poll)", async () => {
    const e = emu.current;
    const rg = "rg-vault-wait";
    e.addResourceGroup({ name: rg, location: "westeurope" });
    const client = new DataProtectionClient(e.credential, e.subscriptionId, fastOptions(e));
    const from = e.requests.length;
    await client.backupVaults.beginCreateOrUpdate(rg, "vault-wait", {
      location: "westeurope",
      identity: { type: "SystemAssigned" },
      properties: { storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }] },
    }).pollUntilDone();
    const sent = e.requests.slice(from);
    const polls = sent.filter((r) => r.method === "GET");
    // 10 s create, Retry-After 10 s: one monitor poll, plus at most the final GET of the vault.
    expect(polls.length).toBeLessThanOrEqual(2);
    const firstPoll = polls[0]!;
    expect(firstPoll.at - sent[0]!.at).toBeGreaterThanOrEqual(95);
  });
});

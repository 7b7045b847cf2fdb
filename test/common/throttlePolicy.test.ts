import { describe, expect, it } from "vitest";
import { StorageManagementClient } from "@azure/arm-storage";
import { armThrottlingPolicy } from "../../src/common/throttlePolicy.js";
import { useEmulator } from "../support/emulator.js";

// Scaled clock: 10 ms per simulated second; 1 write per simulated second, 1 at once.
const emu = useEmulator({ profile: "realistic", timeScale: 10, throttle: { writesPerHour: 3600, writeBurst: 1, readsPerHour: 360_000 } });

describe("armThrottlingPolicy", () => {
  it("lets concurrent writers wait out 429s behind one gate, without the retry policy", async () => {
    const e = emu.current;
    e.addStorageAccount({ resourceGroup: "rg-gate", name: "sagate", location: "westeurope" });
    const client = new StorageManagementClient(e.credential, e.subscriptionId, {
      ...e.clientOptions,
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [{ policy: armThrottlingPolicy(), position: "perRetry" }],
    });
    const from = e.requests.length;
    await Promise.all(["gate1", "gate2", "gate3", "gate4", "gate5", "gate6"].map((n) => client.blobContainers.create("rg-gate", "sagate", n, {})));
    const statuses = e.requests.slice(from).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it("gives up after maxWaitInMs and returns the 429", async () => {
    const e = emu.current;
    e.addStorageAccount({ resourceGroup: "rg-gate2", name: "sagate2", location: "westeurope" });
    const client = new StorageManagementClient(e.credential, e.subscriptionId, {
      ...e.clientOptions,
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [{ policy: armThrottlingPolicy({ maxWaitInMs: 0 }), position: "perRetry" }],
    });
    e.injectFault({ method: "PUT", path: /containers\/late$/, status: 429, code: "SubscriptionRequestsThrottled", retryAfterSeconds: 1 });
    await expect(client.blobContainers.create("rg-gate2", "sagate2", "late", {})).rejects.toMatchObject({ statusCode: 429 });
  });
});

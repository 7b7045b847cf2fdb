import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { AzureLogger, getLogLevel, setLogLevel } from "@azure/logger";
import { AksBackup, AzureRequestError, ExtensionManager } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emu = useEmulator();
const defaultLog = AzureLogger.log;
const defaultLevel = getLogLevel();

// Test files share a worker (vitest isolate: false): leave the logger as it was found.
afterEach(() => {
  AzureLogger.log = defaultLog;
  setLogLevel(defaultLevel);
});

describe("no token in logs or errors", () => {
  it("keeps the bearer token out of verbose logs of a whole setup and out of every rendering of an error", async () => {
    const e = emu.current;
    const token = (await e.credential.getToken("https://management.azure.com/.default"))!.token;
    const lines: string[] = [];
    setLogLevel("verbose");
    AzureLogger.log = (...args: unknown[]): void => void lines.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 8 }))).join(" "));

    const clusterId = e.addCluster({ resourceGroup: "rg-sec", name: "c-sec", location: "westeurope" });
    const storageAccountId = e.addStorageAccount({ resourceGroup: "rg-sec", name: "sasec", location: "westeurope" });
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    await aks.enableBackup({
      clusterId,
      storageAccountId,
      blobContainer: "backups",
      vaultId: `/subscriptions/${e.subscriptionId}/resourceGroups/rg-sec/providers/Microsoft.DataProtection/backupVaults/v-sec`,
      snapshotResourceGroupId: `/subscriptions/${e.subscriptionId}/resourceGroups/rg-sec-snap`,
    });
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.some((l) => /authorization/i.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes(token))).toEqual([]);

    const missing = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-sec/providers/Microsoft.ContainerService/managedClusters/nope`;
    const error = await new ExtensionManager(e.credential, e.subscriptionId, fastOptions(e)).get(missing).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(AzureRequestError);
    const cause = (error as Error).cause as { request?: unknown; response?: unknown };
    // The RestError cause too: a test runner's serializer or a user's JSON.stringify walks its request.
    for (const rendering of [String(error), (error as Error).message, (error as Error).stack ?? "", inspect(error, { depth: 12 }), JSON.stringify(error), JSON.stringify(cause.request), JSON.stringify(cause.response)]) {
      expect(rendering).not.toContain(token);
    }
    expect(lines.filter((l) => l.includes(token))).toEqual([]);
  });
});

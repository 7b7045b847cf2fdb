import { describe, expect, it } from "vitest";
import { AksBackup, DataProtectionClient, InputValidationError, PrerequisiteError, type RecoveryPointInfo } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emu = useEmulator();
const hour = 3600;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A cluster in westeurope protected with the daily vault-tier policy, in a vault that is geo-redundant with cross-region restore (or not). */
async function protect(e: ArmEmulator, name: string, crossRegion: boolean): Promise<{ aks: AksBackup; vaultId: string; backupInstanceId: string }> {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups`;
  const location = "westeurope";
  const clusterId = e.addCluster({ resourceGroup: `rg-${name}`, name, location, disks: [{ sizeGB: 32 }] });
  const storageAccountId = e.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location });
  e.addResourceGroup({ name: `rg-${name}-backup`, location });
  const vaultId = `${rg}/rg-${name}-backup/providers/Microsoft.DataProtection/backupVaults/vault-${name}`;
  e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "Registered");
  const client = new DataProtectionClient(e.credential, e.subscriptionId, fastOptions(e));
  await client.backupVaults.beginCreateOrUpdate(`rg-${name}-backup`, `vault-${name}`, {
    location, identity: { type: "SystemAssigned" },
    properties: {
      storageSettings: [{ datastoreType: "VaultStore", type: crossRegion ? "GeoRedundant" : "LocallyRedundant" }],
      ...(crossRegion ? { featureSettings: { crossRegionRestoreSettings: { state: "Enabled" } } } : {}),
    },
  }).pollUntilDone();
  const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
  const result = await aks.enableBackup({
    clusterId, storageAccountId, blobContainer: "aks-backups", vaultId, snapshotResourceGroupId: `${rg}/rg-${name}-snapshots`, policyPreset: "dailyWithVaultTier",
  });
  return { aks, vaultId, backupInstanceId: result.backupInstanceId };
}

describe("recovery points by tier and region", () => {
  it("lists operational and vault points, and the vault points in the paired region (fetchSecondaryRecoveryPoints)", async () => {
    const e = emu.current;
    const { aks, vaultId, backupInstanceId } = await protect(e, "c-rp-geo", true);
    // Daily backups at 09:00 UTC, each the first of its day: tiered 2 hours later, in northeurope 12 hours after that.
    e.advanceTime(48 * hour);
    const m = aks.backupInstances;
    const all = await collect(m.listRecoveryPoints(backupInstanceId));
    const vault = await collect(m.listRecoveryPoints(backupInstanceId, { source: "vault" }));
    const operational = await collect(m.listRecoveryPoints(backupInstanceId, { source: "operational" }));
    expect(vault.length).toBeGreaterThanOrEqual(1);
    expect(vault.every((p) => p.dataStore === "VaultStore" && p.dataStores.includes("VaultStore") && p.region === undefined)).toBe(true);
    expect(operational.every((p) => p.dataStore === "OperationalStore")).toBe(true);
    expect(new Set([...vault, ...operational].map((p) => p.name))).toEqual(new Set(all.map((p) => p.name)));

    const mark = e.requests.length;
    const secondary: RecoveryPointInfo[] = await collect(m.listRecoveryPoints(backupInstanceId, { fromSecondaryRegion: true }));
    expect(secondary.length).toBeGreaterThanOrEqual(1);
    expect(secondary.every((p) => p.region === "northeurope" && p.dataStore === "VaultStore" && p.dataStores.join() === "VaultStore")).toBe(true);
    expect(secondary.every((p) => vault.some((v) => v.name === p.name))).toBe(true);
    const posts = e.requests.slice(mark).filter((r) => r.method === "POST").map((r) => r.path);
    expect(posts[0]).toMatch(new RegExp(`/resourceGroups/rg-c-rp-geo-backup/providers/Microsoft.DataProtection/locations/northeurope/fetchSecondaryRecoveryPoints$`, "i"));
    // A point reaches the paired region about 12 hours after the vault tier: the newest vault point is not there yet right after tiering.
    e.advanceTime(24 * hour - ((e.state.clock.now() / 1000 - 9 * hour) % (24 * hour)) + 3 * hour);
    const fresh = await collect(m.listRecoveryPoints(backupInstanceId, { source: "vault" }));
    const stillPrimary = await collect(m.listRecoveryPoints(backupInstanceId, { fromSecondaryRegion: true }));
    expect(fresh.length).toBe(stillPrimary.length + 1);

    const tiering = await collect(m.listJobs(vaultId, { operation: "tiering" }));
    expect(tiering.length).toBeGreaterThanOrEqual(2);
    expect(tiering.every((j) => j.operationCategory === "Tiering" && j.status === "Completed" && !j.isCrossRegionRestore)).toBe(true);
    // A cross-region restore job, kept in the secondary region (seeded as the emulator's crossRegionRestore would record it), is listed with the others.
    const template = tiering[0]!.raw;
    const name = crypto.randomUUID();
    const id = `${vaultId}/backupJobs/${name}`;
    const startTime = Date.now() - 60_000;
    e.state.crossRegionRestoreJobs.set({ id, vaultId, backupInstanceId, startTime, body: { ...template, id, name, properties: {
      ...template.properties, operationCategory: "Restore", operation: "CrossRegionRestore", isCrossRegionRestore: true, startTime: new Date(startTime).toISOString(),
    } } });
    const jobs = await collect(m.listJobs(vaultId, { since: new Date(startTime - 1000) }));
    expect(jobs.find((j) => j.name === name)).toMatchObject({ operation: "CrossRegionRestore", isCrossRegionRestore: true });
    expect(e.requests.some((r) => r.method === "POST" && /\/locations\/northeurope\/fetchCrossRegionRestoreJobs$/i.test(r.path))).toBe(true);
  });

  it("refuses the secondary region for a vault without cross-region restore, and the operational tier there before any request", async () => {
    const e = emu.current;
    const { aks, vaultId, backupInstanceId } = await protect(e, "c-rp-lrs", false);
    const m = aks.backupInstances;
    const before = e.requests.length;
    expect(() => m.listRecoveryPoints(backupInstanceId, { fromSecondaryRegion: true, source: "operational" })).toThrow(InputValidationError);
    expect(() => m.listRecoveryPoints(backupInstanceId, { source: "archive" as "vault" })).toThrow(InputValidationError);
    expect(e.requests.length).toBe(before);
    await expect(collect(m.listRecoveryPoints(backupInstanceId, { fromSecondaryRegion: true }))).rejects.toBeInstanceOf(PrerequisiteError);
    const mark = e.requests.length;
    await collect(m.listJobs(vaultId));
    expect(e.requests.slice(mark).some((r) => /fetchCrossRegionRestoreJobs/i.test(r.path))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import {
  aksBackupRegions, aksVaultTierUnsupportedRegions, backupVaultRegions, regionNames, supportsAksCrossRegionRestore, supportsAksVaultTier, supportsBackupVault,
} from "../../src/data/regions.js";
import { armRequest } from "../support/replay.js";
import { useEmulator } from "../support/emulator.js";

const emu = useEmulator();
type ErrorBody = { error?: { code?: string; message?: string } };

function vaultPath(name: string): string {
  return `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-ra/providers/Microsoft.DataProtection/backupVaults/${name}?api-version=2025-07-01`;
}

const vault = (location: string, crr?: string): unknown => ({
  location,
  properties: {
    storageSettings: [{ datastoreType: "VaultStore", type: crr ? "GeoRedundant" : "LocallyRedundant" }],
    ...(crr ? { featureSettings: { crossRegionRestoreSettings: { state: crr } } } : {}),
  },
});

describe("service availability by region (data/regions.ts)", () => {
  it("lists the documented AKS backup regions, all of them known public regions", () => {
    expect(aksBackupRegions).toHaveLength(46);
    for (const r of aksBackupRegions) expect(regionNames).toContain(r);
    for (const r of aksVaultTierUnsupportedRegions) expect(aksBackupRegions).toContain(r);
    expect(supportsBackupVault("Italy North")).toBe(true);
    expect(supportsBackupVault("newzealandnorth")).toBe(false);
    expect(supportsAksVaultTier("polandcentral")).toBe(false);
    expect([supportsAksCrossRegionRestore("eastus"), supportsAksCrossRegionRestore("italynorth"), supportsAksCrossRegionRestore("spaincentral")]).toEqual([true, false, false]);
  });

  it("refuses a Backup vault where the service is not, with ARM's LocationNotAvailableForResourceType", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-ra", location: "eastus" });
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "Registered");
    const refused = await armRequest(e, "PUT", vaultPath("ra1"), { body: vault("New Zealand North") });
    expect(refused.status).toBe(400);
    const error = (refused.body as ErrorBody).error;
    expect(error?.code).toBe("LocationNotAvailableForResourceType");
    expect(error?.message).toBe(
      `The provided location 'New Zealand North' is not available for resource type 'Microsoft.DataProtection/backupVaults'. List of available regions for the resource type is '${backupVaultRegions.join(",")}'.`,
    );
    expect((await armRequest(e, "GET", vaultPath("ra1"))).status).toBe(404);
    expect((await armRequest(e, "PUT", vaultPath("ra2"), { body: vault("Poland Central") })).status).toBe(201);
    expect((await armRequest(e, "PUT", vaultPath("ra3"), { body: vault("eastus2euap") })).status).toBe(201);
  });

  it("refuses cross region restore in a region without a pair", async () => {
    const e = emu.current;
    const refused = await armRequest(e, "PUT", vaultPath("ra4"), { body: vault("italynorth", "Enabled") });
    expect(refused.status).toBe(400);
    expect((refused.body as ErrorBody).error?.code).toBe("UserErrorCrossRegionRestoreNotSupportedInRegion");
    expect((await armRequest(e, "PUT", vaultPath("ra5"), { body: vault("westeurope", "Enabled") })).status).toBe(201);
  });
});

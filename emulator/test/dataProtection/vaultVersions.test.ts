import { describe, expect, it } from "vitest";
import { vaultFieldKnownAt, vaultFieldsByVersion } from "../../src/data/vaultFieldsByVersion.js";
import { armRequest } from "../support/replay.js";
import { useEmulator } from "../support/emulator.js";

const emu = useEmulator();
type Props = Record<string, unknown> & { securitySettings?: Record<string, unknown>; featureSettings?: Record<string, unknown> };

function vaultPath(name: string, version: string): string {
  return `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-vv/providers/Microsoft.DataProtection/backupVaults/${name}?api-version=${version}`;
}

async function props(name: string, version: string): Promise<Props> {
  const res = await armRequest(emu.current, "GET", vaultPath(name, version));
  expect(res.status).toBe(200);
  return (res.body as { properties: Props }).properties;
}

const full = {
  location: "eastus",
  identity: { type: "SystemAssigned" },
  properties: {
    storageSettings: [{ datastoreType: "VaultStore", type: "GeoRedundant" }],
    monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: "Enabled" } },
    securitySettings: {
      softDeleteSettings: { state: "On", retentionDurationInDays: 30 },
      immutabilitySettings: { state: "Unlocked" },
      encryptionSettings: { state: "Disabled" },
    },
    featureSettings: { crossRegionRestoreSettings: { state: "Enabled" }, crossSubscriptionRestoreSettings: { state: "Enabled" } },
    regionOfChoiceSettings: { status: "Enabled" },
  },
};

describe("vault bodies follow the api-version (data/vaultFieldsByVersion.ts)", () => {
  it("leaves out at older versions what those versions do not define, and keeps it in the vault", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-vv", location: "eastus" });
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "Registered");
    expect((await armRequest(e, "PUT", vaultPath("vv1", "2026-06-01"), { body: full })).status).toBe(201);

    const v2022 = await props("vv1", "2022-05-01");
    expect(Object.keys(v2022).sort()).toEqual(["isVaultProtectedByResourceGuard", "monitoringSettings", "provisioningState", "storageSettings"]);
    const v2023 = await props("vv1", "2023-01-01");
    expect(v2023.featureSettings).toEqual({ crossSubscriptionRestoreSettings: { state: "Enabled" } });
    expect(v2023.securitySettings).toEqual({ softDeleteSettings: { state: "On", retentionDurationInDays: 30 }, immutabilitySettings: { state: "Unlocked" } });
    for (const k of ["secureScore", "replicatedRegions", "bcdrSecurityLevel", "regionOfChoiceSettings"]) expect(v2023[k]).toBeUndefined();
    const v2023b = await props("vv1", "2023-05-01");
    expect(v2023b.featureSettings?.["crossRegionRestoreSettings"]).toEqual({ state: "Enabled" });
    expect(v2023b["secureScore"]).toBeDefined();
    expect(v2023b["replicatedRegions"]).toBeUndefined();
    const v2025 = await props("vv1", "2025-07-01");
    expect(v2025.securitySettings?.["encryptionSettings"]).toEqual({ state: "Disabled" });
    expect(v2025["bcdrSecurityLevel"]).toBe("Good");
    expect(v2025["regionOfChoiceSettings"]).toBeUndefined();
    expect((await props("vv1", "2026-06-01"))["regionOfChoiceSettings"]).toEqual({ status: "Enabled" });
    expect((await props("vv1", "2026-04-01-preview"))["regionOfChoiceSettings"]).toEqual({ status: "Enabled" });

    // A PUT at 2022-05-01 cannot send the newer settings: the vault keeps them.
    const old = await armRequest(e, "PUT", vaultPath("vv1", "2022-05-01"), { body: { location: "eastus", properties: { storageSettings: full.properties.storageSettings } } });
    expect(old.status).toBe(200);
    expect(Object.keys((old.body as { properties: Props }).properties)).not.toContain("securitySettings");
    const after = await props("vv1", "2026-06-01");
    expect(after.securitySettings).toEqual(full.properties.securitySettings);
    expect(after["regionOfChoiceSettings"]).toEqual({ status: "Enabled" });
  });

  it("has no regionOfChoiceSettings unless set, and ignores it at versions that do not define it", async () => {
    const e = emu.current;
    const body = { location: "eastus", properties: { storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }], regionOfChoiceSettings: { status: "Enabled" } } };
    expect((await armRequest(e, "PUT", vaultPath("vv2", "2025-07-01"), { body })).status).toBe(201);
    expect((await props("vv2", "2026-06-01"))["regionOfChoiceSettings"]).toBeUndefined();
    const bad = await armRequest(e, "PUT", vaultPath("vv3", "2026-06-01"), { body: { ...body, properties: { ...body.properties, regionOfChoiceSettings: { status: "Sometimes" } } } });
    expect(bad.status).toBe(400);
  });

  it("compares versions by date, previews by their own start when the table names one", () => {
    const roc = vaultFieldsByVersion.find((f) => f.path === "regionOfChoiceSettings")!;
    expect([vaultFieldKnownAt(roc, "2026-06-01"), vaultFieldKnownAt(roc, "2026-03-01"), vaultFieldKnownAt(roc, "2025-09-01-preview"), vaultFieldKnownAt(roc, "2024-02-01-preview")]).toEqual([true, false, true, false]);
    for (const f of vaultFieldsByVersion) expect(f.source.length).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from "vitest";
import type { ArmEmulator } from "../../src/index.js";
import { useEmulator } from "../support/emulator.js";
import { replayRecording } from "../support/replay.js";
import { call } from "./dppFixtures.js";

const sub = "00000000-0000-0000-0000-000000000000";
// centraluseuap (a canary region) is not in the emulator's region list; eastus2euap is.
const mapIds = { centraluseuap: "eastus2euap" };
const ignore = [
  // The live vault had cross-region restore on and reports its paired region.
  { path: "**.replicatedRegions", reason: "the emulator does not model cross-region replication" },
];

function seedVault(emu: ArmEmulator, rg: string, name: string, location: string, properties: Record<string, unknown>, tags?: Record<string, string>): Promise<unknown> {
  if (!emu.state.resourceGroups.has(`/subscriptions/${sub}/resourceGroups/${rg}`)) emu.addResourceGroup({ name: rg, location });
  return call(emu, "PUT", `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.DataProtection/backupVaults/${name}`,
    { location, identity: { type: "SystemAssigned" }, ...(tags ? { tags } : {}), properties }, "2025-07-01");
}

describe("replay: backup vault create and delete", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"], durations: { backupVaultCreate: 10, backupVaultUpdate: 5 } });
  it("matches the recorded traffic", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "dataprotectionclitest-rg", location: "eastus2euap" });
    // The two other vaults the recorded list shows.
    const lrs = [{ datastoreType: "VaultStore", type: "LocallyRedundant" }];
    await seedVault(e, "dataprotectionclitest-rg", "blobclivault", "eastus", { storageSettings: lrs,
      securitySettings: { softDeleteSettings: { state: "Off", retentionDurationInDays: 14 }, immutabilitySettings: { state: "Disabled" } },
      featureSettings: { crossSubscriptionRestoreSettings: { state: "Enabled" } } }, {});
    await seedVault(e, "dataprotectionclitest-rg", "clitest-bkp-vault", "eastus2euap", { storageSettings: lrs, securitySettings: { softDeleteSettings: { state: "Off", retentionDurationInDays: 14 } } });
    e.advanceTime(10);
    const report = await replayRecording(e, { recording: "test_dataprotection_backup_vault_create_and_delete.json", mapIds, ignore });
    expect(report.problems, report.summary()).toEqual([]);
  });
});

describe("replay: backup policy create and delete", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"] });
  it("matches the recorded traffic", async () => {
    const e = emu.current;
    await seedVault(e, "dataprotectionclitest-rg", "clitest-bkp-vault", "eastus2euap", {
      storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }], securitySettings: { softDeleteSettings: { state: "Off", retentionDurationInDays: 14 } },
    });
    const report = await replayRecording(e, { recording: "test_dataprotection_backup_policy_create_and_delete.json", mapIds, ignore });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.every((s) => s.outcome === "sent")).toBe(true);
  });
});

describe("replay: update-msi-permissions for AKS (vault and AKS policy)", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"], durations: { backupVaultCreate: 2 } });
  it("matches the recorded traffic", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "clitest-dpp-updatemsipermissions-000001", location: "eastus2euap" });
    const report = await replayRecording(e, { recording: "test_dataprotection_update_msi_permissions_aks.json", ignore });
    expect(report.problems, report.summary()).toEqual([]);
  });
});

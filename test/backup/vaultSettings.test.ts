import { describe, expect, it } from "vitest";
import { AggregateAksBackupError, AksBackup, ConfirmationRequiredError, PrerequisiteError, type EnableBackupRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, protectedCluster } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);

const vaultIdOf = (e: ArmEmulator, name: string): string => `/subscriptions/${e.subscriptionId}/resourceGroups/rg-${name}/providers/Microsoft.DataProtection/backupVaults/${name}`;

/** The writes (not GET) sent since `from`. */
const writes = (e: ArmEmulator, from: number): string[] => e.requests.slice(from).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

describe("ensureVault: vault settings as code", () => {
  it("creates a vault with every setting (no confirm), then a second run writes nothing", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-v-new", location: "eastus" });
    const m = managerFor(e);
    const settings = {
      location: "eastus", storageRedundancy: "GeoRedundant", crossRegionRestore: true, crossSubscriptionRestore: "Disabled", immutability: "Locked",
      softDelete: { state: "AlwaysOn", retentionDurationInDays: 30 }, alertsForAllJobFailures: "Disabled", tags: { env: "prod" },
    } as const;
    const created = await m.ensureVault(vaultIdOf(e, "v-new"), settings);
    expect(created).toMatchObject({
      action: "created", changes: [], storageRedundancy: "GeoRedundant", crossRegionRestore: "Enabled", crossSubscriptionRestore: "Disabled",
      immutability: "Locked", softDeleteState: "AlwaysOn", softDeleteRetentionDays: 30, alertsForAllJobFailures: "Disabled", tags: { env: "prod" }, identityType: "SystemAssigned",
    });
    const mark = e.requests.length;
    const again = await m.ensureVault(vaultIdOf(e, "v-new"), settings);
    expect(again.action).toBe("unchanged");
    expect(again.changes).toEqual([]);
    expect(writes(e, mark)).toEqual([]);
  });

  it("converges each reversible setting of an existing vault in one PUT, keeping what it is not asked to change", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-v-conv", location: "eastus" });
    const m = managerFor(e);
    const id = vaultIdOf(e, "v-conv");
    await m.ensureVault(id, { location: "eastus", tags: { team: "a" } });
    const mark = e.requests.length;
    const wanted = {
      location: "eastus", storageRedundancy: "ZoneRedundant", crossSubscriptionRestore: "Disabled", immutability: "Unlocked",
      softDelete: { state: "On", retentionDurationInDays: 60 }, alertsForAllJobFailures: "Disabled", tags: { env: "dev" },
    } as const;
    const updated = await m.ensureVault(id, wanted);
    expect(updated.action).toBe("updated");
    expect(updated.changes.map((c) => `${c.setting}:${c.from ?? "-"}->${c.to}`)).toEqual([
      "storageRedundancy:LocallyRedundant->ZoneRedundant", "crossSubscriptionRestore:-->Disabled", "immutability:Disabled->Unlocked",
      "softDelete.retentionDurationInDays:14->60", "alertsForAllJobFailures:-->Disabled", "tags.env:-->dev",
    ]);
    expect(updated.changes.every((c) => !c.irreversible && !c.needsConfirm)).toBe(true);
    expect(writes(e, mark)).toEqual([`PUT ${id}`]);
    const v = (await m.getVault(id))!;
    expect(v).toMatchObject({ storageRedundancy: "ZoneRedundant", immutability: "Unlocked", softDeleteRetentionDays: 60, alertsForAllJobFailures: "Disabled", tags: { team: "a", env: "dev" } });
    const mark2 = e.requests.length;
    expect((await m.ensureVault(id, wanted)).action).toBe("unchanged");
    expect(writes(e, mark2)).toEqual([]);
  });

  it("needs confirm = the vault's name for irreversible or protection-lowering changes, and writes nothing without it", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-v-irr", location: "eastus" });
    const m = managerFor(e);
    const id = vaultIdOf(e, "v-irr");
    await m.ensureVault(id, { location: "eastus", storageRedundancy: "GeoRedundant" });
    const wanted = { location: "eastus", crossRegionRestore: true, immutability: "Locked", softDelete: { state: "AlwaysOn" }, crossSubscriptionRestore: "PermanentlyDisabled" } as const;
    const mark = e.requests.length;
    for (const confirm of [undefined, "wrong"]) {
      const err = await m.ensureVault(id, { ...wanted, ...(confirm ? { confirm } : {}) }).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(ConfirmationRequiredError);
      const c = err as ConfirmationRequiredError;
      expect(c.expected).toBe("v-irr");
      for (const s of ["crossRegionRestore Disabled -> Enabled (irreversible)", "crossSubscriptionRestore", "immutability", "softDelete.state"]) expect(c.action).toContain(s);
    }
    const off = await m.ensureVault(id, { location: "eastus", softDelete: { state: "Off" } }).catch((x: unknown) => x);
    expect(off).toBeInstanceOf(ConfirmationRequiredError);
    expect(writes(e, mark)).toEqual([]);

    const done = await m.ensureVault(id, { ...wanted, confirm: "v-irr" });
    expect(done.action).toBe("updated");
    expect(done.changes.filter((c) => c.irreversible).map((c) => c.setting).sort()).toEqual(["crossRegionRestore", "crossSubscriptionRestore", "immutability", "softDelete.state"]);
    expect(done).toMatchObject({ crossRegionRestore: "Enabled", immutability: "Locked", softDeleteState: "AlwaysOn", crossSubscriptionRestore: "PermanentlyDisabled" });

    // Reverting any of them is refused before any write, even with confirm.
    const mark2 = e.requests.length;
    const revert = await m.ensureVault(id, { location: "eastus", crossRegionRestore: false, immutability: "Unlocked", softDelete: { state: "On" }, crossSubscriptionRestore: "Enabled", confirm: "v-irr" }).catch((x: unknown) => x);
    expect(revert).toBeInstanceOf(AggregateAksBackupError);
    expect((revert as AggregateAksBackupError).errors.map((x) => (x as PrerequisiteError).parameter)).toEqual(["crossRegionRestore", "crossSubscriptionRestore", "immutability", "softDelete.state"]);
    expect(writes(e, mark2)).toEqual([]);
  });

  it("refuses cross-region restore on a locally redundant vault, and a new redundancy once the vault protects a cluster", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const t = await protectedCluster(e, m, "redund");
    const mark = e.requests.length;
    const crr = await m.ensureVault(t.vaultId, { clusterId: t.clusterId, crossRegionRestore: true, confirm: t.vault.name }).catch((x: unknown) => x);
    expect(crr).toBeInstanceOf(PrerequisiteError);
    expect((crr as PrerequisiteError).parameter).toBe("crossRegionRestore");
    const zrs = await m.ensureVault(t.vaultId, { clusterId: t.clusterId, storageRedundancy: "ZoneRedundant" }).catch((x: unknown) => x);
    expect(zrs).toBeInstanceOf(PrerequisiteError);
    expect((zrs as PrerequisiteError).problem).toContain(t.bi.name);
    expect(writes(e, mark)).toEqual([]);
  });

  it("attaches a user-assigned identity and reports its principal", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const uami = e.addUserAssignedIdentity({ resourceGroup: "rg-v-uami", name: "vault-id", location: "eastus" });
    const id = vaultIdOf(e, "v-uami");
    await m.ensureVault(id, { location: "eastus" });
    const result = await m.ensureVault(id, { location: "eastus", identity: { userAssignedIdentityId: uami } });
    expect(result.changes).toEqual([{ setting: "identity", from: "SystemAssigned", to: `SystemAssigned,UserAssigned (+${uami})`, irreversible: false, needsConfirm: false }]);
    expect(result.identityType).toBe("SystemAssigned,UserAssigned");
    const principal = e.state.directory.ownedBy(uami)[0]!.principalId;
    expect(result.userAssignedIdentities).toEqual([{ id: uami, principalId: principal, clientId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown }]);
    expect(result.principalId).not.toBe(principal);
  });
});

describe("enableBackup and planBackup: the request's vault settings", () => {
  function seed(e: ArmEmulator, name: string): EnableBackupRequest {
    const rg = `/subscriptions/${e.subscriptionId}/resourceGroups`;
    return {
      clusterId: e.addCluster({ resourceGroup: `rg-${name}`, name, location: "eastus" }),
      storageAccountId: e.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "eastus" }),
      blobContainer: "aks-backups",
      vaultId: `${rg}/rg-${name}/providers/Microsoft.DataProtection/backupVaults/vault-${name}`,
      snapshotResourceGroupId: `${rg}/rg-${name}-snap`,
    };
  }

  it("plans each vault change (confirm on the irreversible ones), converges them with confirm, and grants the vault's roles to its user-assigned identity", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const base: EnableBackupRequest = { ...seed(e, "fac"), vault: { storageRedundancy: "GeoRedundant" } };
    const first = await aks.enableBackup(base);
    expect(first.protectionState).toBe("ProtectionConfigured");
    const uami = e.addUserAssignedIdentity({ resourceGroup: "rg-fac", name: "fac-vault-id", location: "eastus" });
    const hardened: EnableBackupRequest = {
      ...base,
      vault: { storageRedundancy: "GeoRedundant", crossRegionRestore: true, immutability: "Locked", alertsForAllJobFailures: "Enabled", identity: { userAssignedIdentityId: uami } },
    };
    const plan = await aks.planBackup(hardened);
    expect(plan.problems).toEqual([]);
    expect(plan.actions.filter((a) => a.step === "vault").map((a) => [a.action, a.confirm])).toEqual([
      ["change the vault's crossRegionRestore from Disabled to Enabled (irreversible)", "vault-fac"],
      ["change the vault's immutability from Disabled to Locked (irreversible)", "vault-fac"],
      ["change the vault's alertsForAllJobFailures from (unset) to Enabled", undefined],
      [`change the vault's identity from SystemAssigned to SystemAssigned,UserAssigned (+${uami})`, undefined],
    ]);
    expect(plan.actions.some((a) => a.step === "roles.vault")).toBe(true);

    const mark = e.requests.length;
    const refused = await aks.enableBackup(hardened).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(ConfirmationRequiredError);
    expect((refused as ConfirmationRequiredError).action).toContain("crossRegionRestore Disabled -> Enabled (irreversible)");
    expect((refused as ConfirmationRequiredError).action).toContain("immutability Disabled -> Locked (irreversible)");
    expect(writes(e, mark)).toEqual([]);

    const done = await aks.enableBackup({ ...hardened, confirm: "vault-fac" });
    expect(done.steps.find((s) => s.step === "vault")?.action).toBe("updated");
    const principal = e.state.directory.ownedBy(uami)[0]!.principalId;
    expect(done.vaultPrincipalId).toBe(principal);
    const vaultRoles = done.roleAssignments.filter((a) => a.identity === "vault");
    expect(vaultRoles).toHaveLength(4);
    expect(vaultRoles.every((a) => a.principalId.toLowerCase() === principal.toLowerCase() && a.created)).toBe(true);

    const mark2 = e.requests.length;
    expect((await aks.enableBackup({ ...hardened, confirm: "vault-fac" })).writeSteps).toBe(0);
    expect(writes(e, mark2)).toEqual([]);
    expect((await aks.planBackup(hardened)).actions).toEqual([]);
    const revert = await aks.planBackup({ ...hardened, vault: { storageRedundancy: "ZoneRedundant", immutability: "Unlocked" } });
    expect(revert.problems.map((p) => p.subject)).toEqual(["vault.storageRedundancy", "vault.immutability"]);
  });
});

import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, grant, managerFor, protectedCluster, writes } from "./support.js";
import { InputValidationError, type BackupVaultInfo } from "aks-backup";
import { identityDetailsFor } from "../../src/backup/instanceIdentity.js";

const uai = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/backup-id";
const vault = (identityType: string, ids: string[] = []): BackupVaultInfo =>
  ({ id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v", identityType,
    userAssignedIdentities: ids.map((id) => ({ id, principalId: "p", clientId: "c" })) }) as unknown as BackupVaultInfo;

describe("the vault identity a backup instance uses (identityDetails)", () => {
  it("system-assigned by default; a user-assigned one when named or when it is the vault's only kind", () => {
    expect(identityDetailsFor(vault("SystemAssigned"), undefined)).toBeUndefined();
    expect(identityDetailsFor(vault("SystemAssigned, UserAssigned", [uai]), undefined)).toBeUndefined();
    expect(identityDetailsFor(vault("UserAssigned", [uai]), undefined)).toEqual({ useSystemAssignedIdentity: false, userAssignedIdentityArmUrl: uai });
    expect(identityDetailsFor(vault("SystemAssigned, UserAssigned", [uai]), { userAssignedIdentityId: uai.toUpperCase() })).toEqual({ useSystemAssignedIdentity: false, userAssignedIdentityArmUrl: uai });
  });

  it("refuses an identity the vault does not have, saying how to attach it", () => {
    expect(() => identityDetailsFor(vault("SystemAssigned"), { userAssignedIdentityId: uai })).toThrow(InputValidationError);
    expect(() => identityDetailsFor(vault("SystemAssigned"), { userAssignedIdentityId: uai })).toThrow(/ensureVault/);
    expect(() => identityDetailsFor(vault("UserAssigned", [uai]), "SystemAssigned")).toThrow(/no system-assigned identity/);
  });
});

describe("a backup instance follows its vault to a user-assigned identity", () => {
  const emu = useEmulator(backupEmulatorOptions);

  it("updates the instance in place (identityDetails), then writes nothing on a second run", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const t = await protectedCluster(e, m, "uamove");
    expect(t.bi.userAssignedIdentityId).toBeUndefined();
    const uaiId = e.addUserAssignedIdentity({ resourceGroup: "rg-uamove", name: "id-backup", location: "eastus" });
    const vault = await m.ensureVault(t.vaultId, { clusterId: t.clusterId, identity: { userAssignedIdentityId: uaiId } });
    const principal = vault.userAssignedIdentities.find((u) => u.id.toLowerCase() === uaiId.toLowerCase())!.principalId!;
    grant(e, principal, "reader", t.clusterId);
    grant(e, principal, "reader", t.snapshotResourceGroupId);
    grant(e, principal, "diskSnapshotContributor", t.snapshotResourceGroupId);
    const request = { clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId, vaultIdentity: { userAssignedIdentityId: uaiId } };
    const moved = await m.configureProtection(request);
    expect(moved.id).toBe(t.backupInstanceId);
    expect(moved.userAssignedIdentityId?.toLowerCase()).toBe(uaiId.toLowerCase());
    expect(moved.protectionState).toBe("ProtectionConfigured");
    const from = e.requests.length;
    await m.configureProtection(request);
    expect(writes(e, from)).toEqual([]);
  });
});

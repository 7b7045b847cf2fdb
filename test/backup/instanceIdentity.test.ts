import { describe, expect, it } from "vitest";
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

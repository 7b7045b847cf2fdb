/**
 * Which vault identity a backup instance uses (`identityDetails`): the vault's system-assigned
 * identity (the default, sent as no `identityDetails`), or one of its user-assigned identities
 * (`{ useSystemAssignedIdentity: false, userAssignedIdentityArmUrl }`). The one chosen is the one
 * the vault's roles must go to.
 */
import type { BackupInstance } from "../dataProtection/models.js";
import { InputValidationError } from "../errors.js";
import type { BackupVaultInfo, VaultIdentitySetting } from "./models.js";

/**
 * The `identityDetails` of a new or changed instance: as `wanted` says, else the vault's only
 * kind of identity (a vault with user-assigned identities and no system one uses its first).
 * Throws {@link InputValidationError} when the identity asked for is not on the vault.
 */
export function identityDetailsFor(vault: BackupVaultInfo | undefined, wanted: VaultIdentitySetting | undefined, parameter = "vaultIdentity"): BackupInstance["identityDetails"] | undefined {
  if (!vault) return wanted !== undefined && wanted !== "SystemAssigned" ? { useSystemAssignedIdentity: false, userAssignedIdentityArmUrl: wanted.userAssignedIdentityId } : undefined;
  const attached = vault.userAssignedIdentities ?? [];
  if (wanted === "SystemAssigned") {
    if (!vault.identityType.includes("SystemAssigned")) {
      throw new InputValidationError(parameter, `the vault '${vault.id}' has no system-assigned identity`, "enable it with ensureVault(vaultId, { identity: \"SystemAssigned\" }), or name one of its user-assigned identities");
    }
    return undefined;
  }
  if (wanted !== undefined) {
    const hit = attached.find((u) => u.id.toLowerCase() === wanted.userAssignedIdentityId.toLowerCase());
    if (!hit) {
      throw new InputValidationError(parameter, `the identity '${wanted.userAssignedIdentityId}' is not attached to the vault '${vault.id}'`, "attach it with ensureVault(vaultId, { identity: { userAssignedIdentityId } }) first");
    }
    return { useSystemAssignedIdentity: false, userAssignedIdentityArmUrl: hit.id };
  }
  if (!vault.identityType.includes("SystemAssigned") && attached[0]) return { useSystemAssignedIdentity: false, userAssignedIdentityArmUrl: attached[0].id };
  return undefined;
}

import type { TokenCredential } from "@azure/core-auth";
import type { ArmResourceId } from "../../common/armId.js";
import { InputValidationError } from "../../errors.js";
import type { AksBackupClientOptions, OperationOptions } from "../../common/options.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import { RoleGranter } from "../../roles/roleGranter.js";
import { TrustedAccessBinder } from "../../trustedAccess/trustedAccessBinder.js";
import { getVault } from "../vaults.js";
import type { RestoreDependencies } from "./restore.js";

/**
 * The restore's dependencies on the manager's credential: a RoleGranter and a
 * TrustedAccessBinder, created on first use.
 */
export function restoreDependencies(
  credential: TokenCredential,
  subscriptionId: string,
  options: AksBackupClientOptions,
  client: DataProtectionClient,
  pollIntervalInMs: number,
  clusterLocation: RestoreDependencies["clusterLocation"],
): RestoreDependencies {
  let roles: RoleGranter | undefined;
  let binder: TrustedAccessBinder | undefined;
  return {
    client,
    pollIntervalInMs,
    clusterLocation,
    async vaultPrincipalId(vault: ArmResourceId, o: OperationOptions): Promise<string> {
      const v = await getVault(client, vault.id, o);
      if (!v?.principalId) throw new InputValidationError("backupInstanceId", `the vault '${vault.name}' has no managed identity`, "give the vault a system-assigned identity (ensureVault), or grant the restore permissions yourself and pass grantPermissions: false");
      return v.principalId;
    },
    grantForRestore: (request, o) => (roles ??= new RoleGranter(credential, subscriptionId, options)).grantForRestore(request, o),
    bindTrustedAccess: (clusterId, vaultId, o) => (binder ??= new TrustedAccessBinder(credential, subscriptionId, options)).bind(clusterId, vaultId, o),
  };
}

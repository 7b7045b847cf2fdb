import { ResourceManagementClient } from "@azure/arm-resources";
import { StorageManagementClient } from "@azure/arm-storage";
import { BackupInstanceManager, ExtensionManager, ProviderRegistrar, RoleGranter, TrustedAccessBinder, type EnableBackupRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";

/**
 * The setup as a script of CLI commands would run it: the service classes one after another,
 * each waiting for its operation before the next starts (`az provider register --wait`,
 * `az dataprotection backup-vault create`, `az k8s-extension create`, ...). Resolves with the
 * wall time in ms.
 */
export async function cliLikeSetup(emu: ArmEmulator, request: EnableBackupRequest, pollIntervalInMs: number): Promise<number> {
  const options = { ...emu.clientOptions, pollIntervalInMs };
  const sub = emu.subscriptionId;
  const started = Date.now();
  await new ProviderRegistrar(emu.credential, sub, options).ensureRegistered();
  const snapshotGroup = request.snapshotResourceGroupId.split("/").pop()!;
  await new ResourceManagementClient(emu.credential, sub, emu.clientOptions).resourceGroups.createOrUpdate(snapshotGroup, { location: "westeurope" });
  const [, , , , storageGroup, , , , storageName] = request.storageAccountId.split("/");
  await new StorageManagementClient(emu.credential, sub, emu.clientOptions).blobContainers.create(storageGroup!, storageName!, request.blobContainer, {});
  const backup = new BackupInstanceManager(emu.credential, sub, options);
  const vault = await backup.ensureVault(request.vaultId, { clusterId: request.clusterId });
  const policyId = `${request.vaultId}/backupPolicies/aks-backup-policy`;
  await backup.ensurePolicy(policyId, { preset: "every4Hours" });
  const extension = await new ExtensionManager(emu.credential, sub, options).install(request.clusterId, { storageAccountId: request.storageAccountId, blobContainer: request.blobContainer });
  await new TrustedAccessBinder(emu.credential, sub, options).bind(request.clusterId, request.vaultId);
  await new RoleGranter(emu.credential, sub, options).grantForBackup({
    clusterId: request.clusterId,
    storageAccountId: request.storageAccountId,
    snapshotResourceGroupId: request.snapshotResourceGroupId,
    vaultPrincipalId: vault.principalId!,
    extensionPrincipalId: extension.principalId!,
  });
  await backup.configureProtection({ clusterId: request.clusterId, vaultId: request.vaultId, policyId, snapshotResourceGroupId: request.snapshotResourceGroupId });
  return Date.now() - started;
}

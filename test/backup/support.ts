import { SourceControlConfigurationClient } from "@azure/arm-kubernetesconfiguration";
import type { ArmEmulator } from "aks-backup-emulator";
import { BackupInstanceManager, DataProtectionClient } from "aks-backup";
import { fastOptions } from "../support/emulator.js";

const roleGuids = {
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  diskSnapshotContributor: "7efff54f-a5b4-42b5-a1c5-5411624893ce",
};

/** Emulator options with the providers AKS backup needs registered. */
export const backupEmulatorOptions = { registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.KubernetesConfiguration", "Microsoft.DataProtection"] };

/** A role assignment put straight into the emulator's state (test set-up, not under test). */
export function grant(emu: ArmEmulator, principalId: string, role: keyof typeof roleGuids, scope: string): void {
  const name = emu.state.newId();
  emu.state.roleAssignments.set({
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    scope,
    roleDefinitionId: `/subscriptions/${emu.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuids[role]}`,
    principalId,
    principalType: "ServicePrincipal",
    createdAt: emu.state.clock.now(),
  });
}

/** Everything a cluster needs to pass validateForBackup: extension, vault, roles, binding, policy. */
export async function protectableCluster(emu: ArmEmulator, manager: BackupInstanceManager, name: string, resourceCount?: number) {
  const rg = `rg-${name}`;
  const clusterId = emu.addCluster({ resourceGroup: rg, name, location: "eastus", ...(resourceCount !== undefined ? { resourceCount } : {}) });
  const storageName = `sa${name.replace(/[^a-z0-9]/g, "")}`.slice(0, 24);
  const storageId = emu.addStorageAccount({ resourceGroup: rg, name: storageName, location: "eastus", containers: ["backups"] });
  const snapshotResourceGroupId = emu.addResourceGroup({ name: `snap-${name}`, location: "eastus" });
  const kc = new SourceControlConfigurationClient(emu.credential, emu.subscriptionId, { ...emu.clientOptions });
  const ext = await kc.extensions.beginCreateAndWait(rg, "Microsoft.ContainerService", "managedClusters", name, "azure-aks-backup", {
    extensionType: "microsoft.dataprotection.kubernetes", releaseTrain: "stable", scope: { cluster: { releaseNamespace: "dataprotection-microsoft" } },
    configurationSettings: {
      "configuration.backupStorageLocation.bucket": "backups",
      "configuration.backupStorageLocation.config.storageAccount": storageName,
      "configuration.backupStorageLocation.config.resourceGroup": rg,
      "configuration.backupStorageLocation.config.subscriptionId": emu.subscriptionId,
      "configuration.backupStorageLocation.config.useAAD": "true",
    },
  }, { updateIntervalInMs: 20 });
  const vaultId = `/subscriptions/${emu.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.DataProtection/backupVaults/vault-${name}`;
  const vault = await manager.ensureVault(vaultId, { clusterId });
  const vaultPrincipal = vault.principalId!;
  const cluster = emu.state.clusters.get(clusterId)!;
  grant(emu, vaultPrincipal, "reader", clusterId);
  grant(emu, vaultPrincipal, "reader", snapshotResourceGroupId);
  grant(emu, vaultPrincipal, "diskSnapshotContributor", snapshotResourceGroupId);
  grant(emu, cluster.identity.principalId!, "contributor", snapshotResourceGroupId);
  grant(emu, ext.aksAssignedIdentity!.principalId!, "storageBlobDataContributor", storageId);
  emu.state.trustedAccessBindings.set({
    id: `${clusterId}/trustedAccessRoleBindings/tarb-${name}`, name: `tarb-${name}`, clusterId, sourceResourceId: vaultId,
    roles: ["Microsoft.DataProtection/backupVaults/backup-operator"], provisioningState: "Succeeded", createdAt: emu.state.clock.now(),
  });
  const policy = await manager.ensurePolicy(`${vaultId}/backupPolicies/aks-4h`, { preset: "every4Hours" });
  return { clusterId, vaultId, policyId: policy.id, snapshotResourceGroupId, storageId, vault };
}

/** A manager on the emulator, polling fast. */
export function managerFor(emu: ArmEmulator): BackupInstanceManager {
  return new BackupInstanceManager(emu.credential, emu.subscriptionId, fastOptions(emu));
}

/** The raw DataProtection client on the emulator (the manager keeps its own private). */
export function rawClientFor(emu: ArmEmulator): DataProtectionClient {
  return new DataProtectionClient(emu.credential, emu.subscriptionId, fastOptions(emu));
}

/** A cluster protected in its vault (ProtectionConfigured), with everything `protectableCluster` sets up. */
export async function protectedCluster(emu: ArmEmulator, manager: BackupInstanceManager, name: string, resourceCount?: number) {
  const t = await protectableCluster(emu, manager, name, resourceCount);
  const bi = await manager.configureProtection({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId });
  return { ...t, backupInstanceId: bi.id, bi };
}

/** Wait options that move the emulator's clock on at every poll, so jobs end without real waiting. */
export function advancing(emu: ArmEmulator, simSeconds = 600): { onProgress: () => void; pollIntervalInMs: number; timeoutInMs: number } {
  return { onProgress: () => emu.advanceTime(simSeconds), pollIntervalInMs: 10, timeoutInMs: 20_000 };
}

/** Methods of requests that change state (validate actions are POSTs too). */
export function writes(emu: ArmEmulator, since = 0): Array<{ method: string; path: string }> {
  return emu.requests.slice(since).filter((r) => r.method !== "GET");
}

/** Everything an async iterable yields. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

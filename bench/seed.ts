import type { EnableBackupRequest } from "aks-backup";
import { startArmEmulator, type ArmEmulator, type ArmEmulatorOptions } from "aks-backup-emulator";

/** Shared resources of a fleet (one vault, one snapshot group, one storage account). */
export interface SharedResources {
  vaultId: string;
  snapshotResourceGroupId: string;
  storageAccountId: string;
}

/** Adds a cluster (and, unless shared, its storage account) to the emulator; returns the setup request for it. */
export function seedCluster(emu: ArmEmulator, name: string, shared?: SharedResources): EnableBackupRequest {
  const rg = `/subscriptions/${emu.subscriptionId}/resourceGroups`;
  const clusterId = emu.addCluster({ resourceGroup: `rg-${name}`, name, location: "westeurope" });
  return {
    clusterId,
    storageAccountId: shared?.storageAccountId ?? emu.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "westeurope" }),
    blobContainer: `backups-${name}`,
    vaultId: shared?.vaultId ?? `${rg}/rg-${name}/providers/Microsoft.DataProtection/backupVaults/vault-${name}`,
    snapshotResourceGroupId: shared?.snapshotResourceGroupId ?? `${rg}/rg-${name}-snapshots`,
  };
}

/** Shared fleet resources in the emulator's subscription (the storage account is created). */
export function seedShared(emu: ArmEmulator, prefix = "fleet"): SharedResources {
  const rg = `/subscriptions/${emu.subscriptionId}/resourceGroups`;
  return {
    vaultId: `${rg}/rg-${prefix}/providers/Microsoft.DataProtection/backupVaults/vault-${prefix}`,
    snapshotResourceGroupId: `${rg}/rg-${prefix}-snapshots`,
    storageAccountId: emu.addStorageAccount({ resourceGroup: `rg-${prefix}`, name: `sa${prefix.replace(/-/g, "")}`, location: "westeurope" }),
  };
}

/** Runs `run` against a fresh emulator, stopped afterwards. */
export async function withEmulator<T>(options: ArmEmulatorOptions, run: (emu: ArmEmulator) => Promise<T>): Promise<T> {
  const emu = await startArmEmulator(options);
  try {
    return await run(emu);
  } finally {
    await emu.stop();
  }
}

/**
 * The library's poll interval that puts it on the emulator's clock: Azure's default 2 s in
 * simulated time (the library scales its typical operation durations by it).
 */
export const pollIntervalFor = (timeScale: number): number => 2 * timeScale;

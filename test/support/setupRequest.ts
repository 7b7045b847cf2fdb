import type { EnableBackupRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";

/** What the cluster of {@link setupRequest} is seeded with, beyond its name and region. */
export type SeededCluster = Omit<Parameters<ArmEmulator["addCluster"]>[0], "resourceGroup" | "name" | "location">;

/**
 * A protectable cluster and storage account seeded in the emulator (group `rg-<name>`, account
 * `sa<name>`), and the ids of a setup around them: vault `vault-<name>` in `rg-<name>-backup`,
 * snapshots in `rg-<name>-snapshots`, container `aks-backups`. Nothing is created in the vault.
 */
export function setupRequest(e: ArmEmulator, name: string, location = "westeurope", cluster: SeededCluster = {}): EnableBackupRequest {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups`;
  const clusterId = e.addCluster({ resourceGroup: `rg-${name}`, name, location, ...cluster });
  const storageAccountId = e.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location });
  return {
    clusterId,
    storageAccountId,
    blobContainer: "aks-backups",
    vaultId: `${rg}/rg-${name}-backup/providers/Microsoft.DataProtection/backupVaults/vault-${name}`,
    snapshotResourceGroupId: `${rg}/rg-${name}-snapshots`,
  };
}

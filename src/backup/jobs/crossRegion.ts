import type { AbortSignalLike } from "@azure/abort-controller";
import { callAzure } from "../../common/azureCalls.js";
import { pairedRegionOf } from "../../common/regionPairs.js";
import type { BackupVaultRef } from "../../common/references.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import type { AzureBackupJobResource } from "../../dataProtection/models.js";
import { getVault } from "../vaults.js";

/**
 * The cross-region restore jobs of a vault, which the service keeps in the vault's secondary
 * (paired) region (`fetchCrossRegionRestoreJobs {sourceRegion, sourceBackupVaultId}`): none for
 * a vault without cross-region restore (a geo-redundant vault with it enabled), or one that does
 * not exist. One read of the vault, then the pages of the secondary region's list.
 */
export async function crossRegionRestoreJobs(client: DataProtectionClient, vault: BackupVaultRef, abortSignal: AbortSignalLike | undefined): Promise<AzureBackupJobResource[]> {
  const v = await getVault(client, vault, { abortSignal });
  if (!v || v.storageRedundancy !== "GeoRedundant" || v.crossRegionRestore !== "Enabled") return [];
  const secondaryRegion = pairedRegionOf(v.location);
  if (!secondaryRegion) return [];
  return callAzure(`Listing the cross-region restore jobs of ${vault.id} in ${secondaryRegion}`, async () => {
    const out: AzureBackupJobResource[] = [];
    const list = client.fetchCrossRegionRestoreJobs.list(vault.resourceGroupName, secondaryRegion, { sourceRegion: v.location, sourceBackupVaultId: vault.id }, { abortSignal });
    for await (const job of list) out.push(job);
    return out;
  });
}

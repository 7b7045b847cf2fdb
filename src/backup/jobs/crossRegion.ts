import type { AbortSignalLike } from "@azure/abort-controller";
import { callAzure } from "../../common/azureCalls.js";
import { pairedRegionOf } from "../../common/regionPairs.js";
import type { BackupVaultRef } from "../../common/references.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import type { AzureBackupJobResource } from "../../dataProtection/models.js";
import { getVault } from "../vaults.js";

/** A vault's cross-region restore jobs, and how to read one of them whole. */
export interface CrossRegionRestoreJobs {
  /** The jobs as the secondary region lists them (without `extendedInfo`, as lists answer). */
  jobs: AzureBackupJobResource[];
  /** Reads one job with its details (`fetchCrossRegionRestoreJob`): its target, recovery point, sub-tasks. */
  read(jobName: string, abortSignal: AbortSignalLike | undefined): Promise<AzureBackupJobResource>;
}

/**
 * The cross-region restore jobs of a vault, which the service keeps in the vault's secondary
 * (paired) region (`fetchCrossRegionRestoreJobs {sourceRegion, sourceBackupVaultId}`): none for
 * a vault without cross-region restore (a geo-redundant vault with it enabled), or one that does
 * not exist. One read of the vault, then the pages of the secondary region's list.
 */
export async function crossRegionRestoreJobs(client: DataProtectionClient, vault: BackupVaultRef, abortSignal: AbortSignalLike | undefined): Promise<CrossRegionRestoreJobs> {
  const v = await getVault(client, vault, { abortSignal });
  const secondaryRegion = v && v.storageRedundancy === "GeoRedundant" && v.crossRegionRestore === "Enabled" ? pairedRegionOf(v.location) : undefined;
  if (!v || !secondaryRegion) return { jobs: [], read: (name) => Promise.reject(new Error(`the vault ${vault.id} has no cross-region restore job ${name}`)) };
  const details = { sourceRegion: v.location, sourceBackupVaultId: vault.id };
  const jobs = await callAzure(`Listing the cross-region restore jobs of ${vault.id} in ${secondaryRegion}`, async () => {
    const out: AzureBackupJobResource[] = [];
    const list = client.fetchCrossRegionRestoreJobs.list(vault.resourceGroupName, secondaryRegion, details, { abortSignal });
    for await (const job of list) out.push(job);
    return out;
  });
  return {
    jobs,
    read: (jobName, signal) => callAzure(`Reading cross-region restore job ${jobName} in ${secondaryRegion}`, () =>
      client.fetchCrossRegionRestoreJob.get(vault.resourceGroupName, secondaryRegion, { ...details, jobId: jobName }, { abortSignal: signal })),
  };
}

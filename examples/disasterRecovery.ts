/**
 * @summary Disaster recovery: protect a cluster with the vault tier in a geo-redundant vault with
 * cross-region restore, lose the region, and restore into a cluster in the paired region with
 * live progress.
 *
 * On the emulator (default) it does all of it: the cluster (westeurope) is protected with the
 * "dailyWithVaultTier" policy, two simulated days pass (daily backups, tiering, the copy to
 * northeurope), the primary cluster's resource group becomes unreachable, and the newest
 * secondary point is restored into a new cluster in northeurope that has no Backup Extension.
 * On Azure (AZURE_SUBSCRIPTION_ID set) it restores an existing backup instance: set
 * BACKUP_INSTANCE_ID, DR_TARGET_CLUSTER_ID (in the vault's paired region), DR_STAGING_RESOURCE_GROUP_ID,
 * DR_STAGING_STORAGE_ACCOUNT_ID and, for a target without the extension, DR_EXTENSION_STORAGE_ACCOUNT_ID.
 */
import type { RestoreClusterRequest } from "aks-backup";
import { run } from "./support/session.js";

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`Set ${name}.`);
  return v;
};

run(async ({ aks, request, emulator, confirmWrites }) => {
  let restore: RestoreClusterRequest;
  if (emulator) {
    // 1. Protect with the vault tier, in a GeoRedundant vault with cross-region restore.
    emulator.addClusterObjects(request.clusterId, [
      { namespace: "shop", kind: "deployments", name: "web", labels: { app: "web" } },
      { namespace: "shop", kind: "services", name: "web", labels: { app: "web" } },
      { namespace: "shop", kind: "configmaps", name: "settings" },
    ]);
    const setup = await aks.enableBackup({ ...request, policyPreset: "dailyWithVaultTier", vault: { storageRedundancy: "GeoRedundant", crossRegionRestore: true } });
    console.log(`protected: ${setup.backupInstanceId.split("/").at(-1)!} (${setup.protectionState})`);
    // 2. Time passes: daily backups, tiering to the vault (within 4 h), the copy to the paired region (within 12 h).
    for (let hour = 0; hour < 48; hour += 6) emulator.advanceTime(6 * 3600);
    // 3. The primary region is lost: its cluster's resource group no longer answers.
    emulator.injectFault({ path: /\/resourceGroups\/rg-aks\//i, status: 404, code: "ResourceGroupNotFound", message: "The region is unavailable.", times: 10_000 });
    // 4. A cluster in the paired region, with storage for its Backup Extension and a staging account.
    const target = emulator.addCluster({ resourceGroup: "rg-aks-dr", name: "aks-dr", location: "northeurope" });
    const extensionStorage = emulator.addStorageAccount({ resourceGroup: "rg-aks-dr", name: "drextension", location: "northeurope" });
    const staging = emulator.addStorageAccount({ resourceGroup: "rg-aks-dr", name: "drstaging", location: "northeurope", allowCrossTenantReplication: true });
    restore = {
      backupInstanceId: setup.backupInstanceId,
      fromSecondaryRegion: true,
      targetClusterId: target,
      stagingResourceGroupId: `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-aks-dr-staging`,
      stagingStorageAccountId: staging,
      targetExtension: { storageAccountId: extensionStorage, blobContainer: "velero" },
    };
  } else {
    restore = {
      backupInstanceId: env("BACKUP_INSTANCE_ID"),
      fromSecondaryRegion: true,
      targetClusterId: env("DR_TARGET_CLUSTER_ID"),
      stagingResourceGroupId: env("DR_STAGING_RESOURCE_GROUP_ID"),
      stagingStorageAccountId: env("DR_STAGING_STORAGE_ACCOUNT_ID"),
      ...(process.env["DR_EXTENSION_STORAGE_ACCOUNT_ID"] ? { targetExtension: { storageAccountId: env("DR_EXTENSION_STORAGE_ACCOUNT_ID"), blobContainer: "velero" } } : {}),
    };
  }

  // 5. Plan (reads only), then restore into the paired region, following the job.
  const plan = await aks.planRestore(restore);
  for (const p of plan.problems) console.log(`problem ${p.subject}: ${p.message}. To fix: ${p.fix}`);
  if (plan.problems.length) throw new Error("the restore cannot start");
  console.log(`restoring recovery point ${plan.recoveryPoint?.name ?? "?"} of ${plan.recoveryPoint?.time.toISOString() ?? "?"} from the secondary region into ${restore.targetClusterId!.split("/").at(-1)!}:`);
  for (const a of plan.actions) console.log(`  ${a.step.padEnd(21)} ${a.action}`);
  await confirmWrites(`restore ${restore.backupInstanceId} into ${restore.targetClusterId!}`, () =>
    Promise.resolve({ actions: plan.actions, problems: plan.problems.map((p) => ({ subject: p.subject, problem: p.message, fix: p.fix })) }));
  let lastStatus = "";
  const result = await aks.restoreCluster(restore, {
    onProgress: (e) => {
      if (e.job) {
        if (e.job.status !== lastStatus) console.log(`  job ${e.job.status}`);
        lastStatus = e.job.status;
        // The emulated restore job runs in simulated time: move it on.
        emulator?.advanceTime(600);
      } else if (e.type !== "waiting" && e.type !== "started") {
        console.log(`  ${e.step.padEnd(21)} ${e.type}${e.detail ? `: ${e.detail}` : ""}`);
      }
    },
  });
  console.log(`restore ${result.jobStatus} (${result.crossRegion ? "cross-region" : "same region"}, ${result.writeSteps} steps wrote)`);
  if (emulator) {
    for (const o of emulator.clusterObjects(result.targetClusterId)) console.log(`  ${o.namespace ?? "(cluster)"}/${o.kind}/${o.name}${o.restoredFrom ? " (restored)" : ""}`);
  }
  if (result.jobStatus !== "Completed" && result.jobStatus !== "CompletedWithWarnings") process.exitCode = 1;
});

/** @summary Enable backup for a fleet of clusters, a few at a time; one failure does not stop the others. */
import { run } from "./support/session.js";

run(async ({ aks, addCluster, confirmWrites }) => {
  const ids = process.env["AKS_CLUSTER_IDS"]?.split(",") ?? ["aks-fleet-1", "aks-fleet-2", "aks-fleet-3", "aks-fleet-4", "aks-fleet-5"];
  const requests = ids.map((id) => addCluster(id));
  await confirmWrites(`enable backup of ${requests.length} clusters (${requests.map((r) => r.clusterId).join(", ")})`);
  const results = await aks.enableBackupForFleet(requests, {
    clusterConcurrency: 3,
    onClusterDone: (r) => console.log(`${r.ok ? "protected" : "FAILED   "} ${r.clusterId}${r.ok ? "" : `: ${r.error.message}`}`),
  });
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} protected, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
});

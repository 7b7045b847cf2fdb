/**
 * @summary Monitor backup jobs, including "Completed with warnings": list the last 7 days' jobs
 * of a vault, select those with warnings (the portal's filters cannot), and print each warning
 * with its remedy. Such a job still produced a restore point.
 */
import { run } from "./support/session.js";

run(async ({ aks, request, emulator }) => {
  if (emulator) {
    // Only on the emulator: protect two namespaces of the seeded cluster. Against Azure this
    // example reads only (it never narrows an existing cluster's backup).
    const backup = { ...request, backupConfiguration: { includedNamespaces: ["shop", "billing"] } };
    const { backupInstanceId } = await aks.enableBackup(backup);
    // The emulated cluster has no "billing" namespace and one PVC without a storage class.
    emulator.setClusterConditions(request.clusterId, { missingNamespaces: ["billing"], pvcsWithoutStorageClass: ["shop/data-0"] });
    await aks.backupInstances.waitForJob((await aks.backupInstances.backupNow(backupInstanceId)).id);
  }
  let found = 0;
  for await (const job of aks.backupInstances.listJobs(request.vaultId, { status: "CompletedWithWarnings", includeDetails: true })) {
    found += 1;
    console.log(`${job.startTime.toISOString()} ${job.operation} ${job.name}: ${job.summary}`);
    for (const w of job.warnings) console.log(`  ${w.resource ?? "(cluster)"}: ${w.code}: ${w.message}\n    remedy: ${w.remedy}`);
  }
  console.log(`${found} job(s) completed with warnings in the last 7 days`);
  if (emulator && found === 0) process.exitCode = 1;
});

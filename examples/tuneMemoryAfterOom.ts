/**
 * @summary A large cluster's backup fails because the Backup Extension's pod runs out of memory
 * (UserErrorBackupPluginPodRestartedDuringBackup); raise memory (then CPU) in steps until a
 * verification backup succeeds.
 */
import { remediateExtensionOom } from "aks-backup";
import { run } from "./support/session.js";

run(async ({ aks, request, emulator, confirmWrites }) => {
  await confirmWrites(`enable backup of ${request.clusterId}, run backups, and raise the Backup Extension's memory (then CPU) after out-of-memory failures`, () => aks.planBackup(request));
  const { backupInstanceId } = await aks.enableBackup(request); // default extension resources (1280Mi)
  const job = await aks.backupInstances.waitForJob((await aks.backupInstances.backupNow(backupInstanceId)).id);
  console.log(`backup: ${job.status}${job.error ? ` (${job.error.code})` : ""}`);
  if (emulator && !job.outOfMemory) throw new Error("expected the large emulated cluster's backup to run out of memory");

  const result = await remediateExtensionOom({ extension: aks.extension, backupInstances: aks.backupInstances }, {
    backupInstanceId,
    verify: true,
    onProgress: (s) => console.log(`step ${s.step}: raised ${s.raised} to ${JSON.stringify(s.to.limits)}; verification backup ${s.verificationJob?.status ?? "not run"}`),
  });
  console.log(`outcome: ${result.outcome}; extension now runs with ${JSON.stringify(result.resources)}`);
  if (result.outcome !== "verified" && result.outcome !== "noOomFound") process.exitCode = 1;
}, { resourceCount: 3000 });

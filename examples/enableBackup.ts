/** @summary Enable backup of one AKS cluster end to end, printing each step as it goes. */
import { run } from "./support/session.js";

run(async ({ aks, request, confirmWrites }) => {
  await confirmWrites(`enable backup of ${request.clusterId}`, () => aks.planBackup(request));
  const result = await aks.enableBackup(request, {
    onProgress: (e) => console.log(`${e.step.padEnd(21)} ${e.type}${e.detail ? `: ${e.detail}` : ""}`),
  });
  console.log(`\n${result.backupInstanceId}\n  ${result.protectionState}; ${result.writeSteps} steps wrote; ${result.roleAssignments.length} role assignments`);
});

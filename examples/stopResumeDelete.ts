/**
 * @summary Stop protection (keeping backups forever, or as per policy), resume it, and finally
 * stop and delete the backup data, which needs the backup instance's name as confirmation.
 */
import { run } from "./support/session.js";

run(async ({ aks, request }) => {
  const { backupInstanceId } = await aks.enableBackup(request);
  const target = { clusterId: request.clusterId, vaultId: request.vaultId };
  console.log(`protected:            ${(await aks.backupInstances.get(backupInstanceId))?.protectionState}`);
  console.log(`stop, retain forever: ${(await aks.disableBackup({ ...target, mode: "retainForever" }))?.protectionState}`);
  console.log(`resume:               ${(await aks.backupInstances.resumeProtection(backupInstanceId)).protectionState}`);
  console.log(`stop, as per policy:  ${(await aks.disableBackup({ ...target, mode: "retainAsPerPolicy" }))?.protectionState}`);
  console.log(`resume:               ${(await aks.backupInstances.resumeProtection(backupInstanceId)).protectionState}`);
  if (process.env["AZURE_SUBSCRIPTION_ID"] && process.env["CONFIRM_DELETE"] !== "yes") {
    console.log("Not deleting backup data in Azure without CONFIRM_DELETE=yes.");
    return;
  }
  const name = backupInstanceId.split("/").at(-1)!;
  await aks.disableBackup({ ...target, mode: "deleteData", confirm: name });
  console.log(`deleted:              ${(await aks.backupInstances.get(backupInstanceId)) === undefined}`);
});

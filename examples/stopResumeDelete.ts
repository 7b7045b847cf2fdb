/**
 * @summary Stop protection (keeping backups forever, or as per policy), resume it, and finally
 * stop and delete the backup data; every stop needs the backup instance's name as confirmation.
 */
import { run } from "./support/session.js";

run(async ({ aks, request, confirmWrites }) => {
  await confirmWrites(`enable backup of ${request.clusterId}, then stop and resume its protection twice (backups are kept)`, () => aks.planBackup(request));
  const { backupInstanceId } = await aks.enableBackup(request);
  const target = { clusterId: request.clusterId, vaultId: request.vaultId };
  const name = backupInstanceId.split("/").at(-1)!; // every stop needs it as confirmation
  console.log(`protected:            ${(await aks.backupInstances.get(backupInstanceId))?.protectionState}`);
  console.log(`stop, retain forever: ${(await aks.disableBackup({ ...target, mode: "retainForever", confirm: name }))?.protectionState}`);
  console.log(`resume:               ${(await aks.backupInstances.resumeProtection(backupInstanceId)).protectionState}`);
  console.log(`stop, as per policy:  ${(await aks.disableBackup({ ...target, mode: "retainAsPerPolicy", confirm: name }))?.protectionState}`);
  console.log(`resume:               ${(await aks.backupInstances.resumeProtection(backupInstanceId)).protectionState}`);
  if (process.env["AZURE_SUBSCRIPTION_ID"] && process.env["CONFIRM_DELETE"] !== "yes") {
    console.log("Not deleting backup data in Azure without CONFIRM_DELETE=yes.");
    return;
  }
  await aks.disableBackup({ ...target, mode: "deleteData", confirm: name });
  console.log(`deleted:              ${(await aks.backupInstances.get(backupInstanceId)) === undefined}`);
});

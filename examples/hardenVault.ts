/**
 * @summary Harden a Backup vault: soft delete AlwaysOn (30 days), immutability, alerts for
 * every failed job, and a resource guard (multi-user authorization) whose approval the library
 * then sends with every critical operation; then show a deleted backup instance brought back.
 *
 * On Azure, set RESOURCE_GUARD_ID (a `Microsoft.DataProtection/resourceGuards` id) and, when
 * the guard is in another tenant, sign in to that tenant too: the library takes a credential of
 * the guard's tenant as `resourceGuardCredential`. AlwaysOn soft delete cannot be turned off.
 */
import { run } from "./support/session.js";

run(async ({ aks, request, emulator, confirmWrites }) => {
  const vaultName = request.vaultId.split("/").at(-1)!;
  const guardId = emulator
    ? emulator.addResourceGuard({ resourceGroup: "rg-security", name: "backup-guard", location: "westeurope" })
    : process.env["RESOURCE_GUARD_ID"];
  if (!guardId) throw new Error("Set RESOURCE_GUARD_ID to the resource guard that protects the vault.");
  await confirmWrites(`harden ${request.vaultId} (soft delete AlwaysOn: irreversible), attach the resource guard ${guardId}, and enable backup of ${request.clusterId}`,
    () => aks.planBackup(request));

  // The vault's settings converge with the rest of the setup; on an existing vault, the irreversible
  // ones (AlwaysOn) and any that lower its protection need its name in `confirm`.
  const hardened = { ...request, vault: { softDelete: { state: "AlwaysOn" as const, retentionDurationInDays: 30 }, immutability: "Unlocked" as const, alertsForAllJobFailures: "Enabled" as const }, confirm: vaultName };
  const { backupInstanceId } = await aks.enableBackup(hardened);
  const vault = await aks.backupInstances.getVault(request.vaultId);
  console.log(`protected:      ${backupInstanceId}`);
  console.log(`vault:          soft delete ${vault?.softDeleteState ?? "?"}`);
  const guard = await aks.backupInstances.attachResourceGuard(request.vaultId, guardId);
  console.log(`resource guard: ${guard.action}; it protects ${guard.protectedOperations.length} operations:`);
  for (const op of guard.protectedOperations) console.log(`  ${op.operation.split("/").slice(-2).join("/")} <- ${op.request.split("/").slice(-2).join("/")}`);
  if (!emulator) {
    console.log("On Azure, deleting needs the guard's approval of its request; this example stops here.");
    return;
  }
  // On the emulator the guard approves what the library asks: delete, list the soft-deleted instance, bring it back.
  const name = backupInstanceId.split("/").at(-1)!;
  await aks.backupInstances.delete(backupInstanceId, { confirm: name });
  for await (const d of aks.backupInstances.listDeleted(request.vaultId)) console.log(`soft-deleted:   ${d.name}, purged after ${d.scheduledPurgeTime ?? "?"}`);
  const back = await aks.backupInstances.undelete(request.vaultId, name);
  console.log(`undeleted:      ${back.protectionState}; resumed: ${(await aks.backupInstances.resumeProtection(backupInstanceId)).protectionState}`);
});

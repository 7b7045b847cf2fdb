/** `aks-backup disable`: disableBackup (stop protection, or delete the backup data). */
import { Option, type Command } from "commander";
import { exitCodes, UsageError } from "../exitCodes.js";
import { nameOf } from "../table.js";
import { addCommonFlags, setAction, type RunState } from "../options.js";

/** Adds `disable`. */
export function disableCommand(program: Command, state: RunState): void {
  const command = program.command("disable")
    .description("Stop protecting a cluster; needs --confirm <the backup instance's name> (the error says which)")
    .option("--cluster-id <id>", "ARM id of the protected cluster")
    .option("--vault-id <id>", "ARM id of the vault protecting it")
    .addOption(new Option("--mode <mode>", "retainForever: stop, keep backups; retainAsPerPolicy: let them expire; deleteData: delete them")
      .choices(["retainForever", "retainAsPerPolicy", "deleteData"]).default("retainForever"))
    .option("--confirm <name>", "the backup instance's name, typed back");
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const f = context.flags as Record<string, string | undefined>;
    const request = { clusterId: f["clusterId"], vaultId: f["vaultId"], mode: f["mode"], ...(f["confirm"] !== undefined ? { confirm: f["confirm"] } : {}) };
    const aks = await context.connect([request.clusterId, request.vaultId]);
    if (request.confirm === undefined && request.clusterId && request.vaultId) {
      // Reads only: name the instance, so that the error says what to type back.
      const bi = await aks.backupInstances.findForCluster(request.clusterId, request.vaultId, { abortSignal: context.abortSignal });
      if (!bi) return { exitCode: exitCodes.ok, result: null, human: "The vault does not protect the cluster: nothing to do." };
      throw new UsageError(`Stopping protection of ${nameOf(request.clusterId)} (--mode ${request.mode}) needs confirmation; nothing was changed`, `pass --confirm ${bi.name} (the backup instance's name) if that is what you want`);
    }
    const instance = await aks.disableBackup(request as Parameters<typeof aks.disableBackup>[0], { abortSignal: context.abortSignal });
    const human = instance
      ? `Backup instance ${instance.name} is ${instance.protectionState}.`
      : request.mode === "deleteData" ? "The backup instance and its backup data are deleted (or the vault did not protect the cluster)." : "The vault does not protect the cluster: nothing to do.";
    return { exitCode: exitCodes.ok, result: instance ?? null, human };
  });
}

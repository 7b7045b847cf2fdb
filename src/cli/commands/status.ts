/** `aks-backup status`: is a cluster (or a backup instance) protected? Exit 3 when not. */
import type { Command } from "commander";
import { exitCodes, UsageError } from "../exitCodes.js";
import { addCommonFlags, setAction, type RunState } from "../options.js";
import { nameOf } from "../table.js";
import { renderStatuses } from "./discover.js";

/** Adds `status`. */
export function statusCommand(program: Command, state: RunState): void {
  const command = program.command("status")
    .description("Show whether a cluster (or a backup instance) is protected; exit 3 when it is not, or needs attention")
    .option("--cluster-id <id>", "ARM id of the cluster (its subscription is searched with discover)")
    .option("--backup-instance-id <id>", "ARM id of a backup instance (its protection state)");
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const clusterId = context.flags["clusterId"] as string | undefined;
    const instanceId = context.flags["backupInstanceId"] as string | undefined;
    if (!clusterId === !instanceId) throw new UsageError("status needs exactly one of --cluster-id and --backup-instance-id", "pass one of them");
    const aks = await context.connect([clusterId ?? instanceId]);
    if (instanceId) {
      const bi = await aks.backupInstances.get(instanceId, { abortSignal: context.abortSignal });
      const ok = bi?.protectionState === "ProtectionConfigured";
      return { exitCode: ok ? exitCodes.ok : exitCodes.problemsFound, result: bi ?? null, human: bi ? `Backup instance ${bi.name} is ${bi.protectionState}.` : `Backup instance ${nameOf(instanceId)} does not exist.` };
    }
    const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(clusterId!)?.[1];
    for await (const s of aks.discover({ abortSignal: context.abortSignal, ...(subscriptionId ? { subscriptionIds: [subscriptionId] } : {}) })) {
      if (s.clusterId.toLowerCase() !== clusterId!.toLowerCase().replace(/\/+$/, "")) continue;
      return { exitCode: s.status === "protected" ? exitCodes.ok : exitCodes.problemsFound, result: s, human: renderStatuses([s], context.columns) };
    }
    throw new UsageError(`No AKS cluster ${clusterId} in its subscription`, "check the cluster id (aks-backup discover lists the clusters)");
  });
}

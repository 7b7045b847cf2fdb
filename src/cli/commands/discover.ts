/** `aks-backup discover`: every AKS cluster of the subscriptions, with its backup status. */
import { Option, type Command } from "commander";
import type { ClusterBackupStatus } from "../../facade/discover/models.js";
import { exitCodes } from "../exitCodes.js";
import { addCommonFlags, setAction, type RunState } from "../options.js";
import { nameOf, renderTable } from "../table.js";

/** Discovered clusters for people. */
export function renderStatuses(statuses: readonly ClusterBackupStatus[], columns: number): string {
  const rows = statuses.map((s) => [
    nameOf(s.clusterId), s.location, s.status, nameOf(s.vaultId),
    s.lastBackup ? `${s.lastBackup.status} ${new Date(s.lastBackup.endTime).toISOString()}` : "",
    s.findings.map((f) => f.code).join(", "),
  ]);
  const count = (status: string): number => statuses.filter((s) => s.status === status).length;
  return [renderTable({ head: ["CLUSTER", "LOCATION", "STATUS", "VAULT", "LAST BACKUP", "FINDINGS"], rows }, columns), "",
    `${statuses.length} clusters: ${count("protected")} protected, ${count("needsAttention")} need attention, ${count("unprotected")} unprotected.`].join("\n");
}

/** Adds `discover`. */
export function discoverCommand(program: Command, state: RunState): void {
  const command = program.command("discover")
    .description("List every AKS cluster of the subscriptions with its backup status (protected, unprotected, needsAttention)")
    .option("--subscription-ids <ids...>", "subscriptions to look in (default: --subscription)")
    .addOption(new Option("--status <status>", "only clusters with this status").choices(["protected", "unprotected", "needsAttention"]));
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const ids = (context.flags["subscriptionIds"] as string[] | undefined)?.flatMap((s) => s.split(",")).filter(Boolean);
    const aks = await context.connect(ids?.map((s) => `/subscriptions/${s}`) ?? []);
    const statuses: ClusterBackupStatus[] = [];
    for await (const s of aks.discover({ abortSignal: context.abortSignal, ...(ids ? { subscriptionIds: ids } : {}) })) {
      if (context.flags["status"] === undefined || s.status === context.flags["status"]) statuses.push(s);
    }
    return { exitCode: exitCodes.ok, result: statuses, human: renderStatuses(statuses, context.columns) };
  });
}

/** `aks-backup plan`: what `enable` would do and what would stop it, with reads only. */
import type { Command } from "commander";
import type { BackupPlan, EnableBackupRequest, FleetPlan } from "../../facade/models.js";
import { exitCodes } from "../exitCodes.js";
import { addCommonFlags, setAction, type RunState } from "../options.js";
import { addFieldFlags, enableRequestFlags, requestsFrom } from "../requestFlags.js";
import { nameOf, renderTable } from "../table.js";

/** A plan for people: its actions and its problems. */
export function renderPlan(plan: BackupPlan, columns: number): string {
  const lines: string[] = [];
  if (plan.actions.length) lines.push(renderTable({ head: ["STEP", "ACTION", "REASON", "CONFIRM"], rows: plan.actions.map((a) => [a.step, a.action, a.reason, a.confirm ?? ""]) }, columns));
  else if (!plan.problems.length) lines.push("Nothing to do: everything is in place.");
  for (const p of plan.problems) lines.push(`PROBLEM ${p.subject}: ${p.problem}. To fix: ${p.fix}`);
  return lines.join("\n");
}

/** Adds `plan`. */
export function planCommand(program: Command, state: RunState): void {
  const command = program.command("plan")
    .description("Show what `enable` would do and what would stop it (reads only, nothing written)")
    .option("--file <path>", "the request as JSON (the flags override its fields), or an array of requests: a fleet; '-' reads stdin");
  addFieldFlags(command, enableRequestFlags);
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const request = await requestsFrom(context.flags, enableRequestFlags);
    const requests = Array.isArray(request) ? request : [request];
    const aks = await context.connect(requests.map((r) => r["clusterId"] as string | undefined));
    const options = { abortSignal: context.abortSignal };
    if (!Array.isArray(request)) {
      const plan = await aks.planBackup(request as unknown as EnableBackupRequest, options);
      return { exitCode: exitCodes.ok, result: plan, human: renderPlan(plan, context.columns) };
    }
    const fleet: FleetPlan = await aks.planBackupForFleet(requests as unknown as EnableBackupRequest[], options);
    const clusters: Array<{ clusterId: string; plan: BackupPlan }> = [];
    for (const r of requests) clusters.push({ clusterId: String(r["clusterId"]), plan: await aks.planBackup(r as unknown as EnableBackupRequest, options) });
    const human = [
      ...fleet.problems.map((p) => `PROBLEM ${p.subject}: ${p.problem}. To fix: ${p.fix}`),
      ...clusters.map((c) => `\n${nameOf(c.clusterId)}\n${renderPlan(c.plan, context.columns)}`),
      `\nShared resources: ${fleet.sharedResources.length}; ${fleet.clusterConcurrency} clusters at once per subscription.`,
    ].join("\n");
    return { exitCode: exitCodes.ok, result: { fleet, clusters }, human };
  });
}

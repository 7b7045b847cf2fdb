/** `aks-backup restore`: restoreCluster (following the job), or planRestore with --dry-run. */
import type { Command } from "commander";
import type { RestoreClusterRequest, RestoreClusterResult, RestoreStepName } from "../../facade/restoreModels.js";
import { restoreStepOrder } from "../../facade/restorePlan.js";
import { exitCodes, UsageError } from "../exitCodes.js";
import { addCommonFlags, setAction, type CommandContext, type RunState } from "../options.js";
import type { CommandOutcome } from "../output.js";
import { StepProgress } from "../progress.js";
import { addFieldFlags, requestsFrom, restoreRequestFlags } from "../requestFlags.js";
import { nameOf, renderTable, seconds } from "../table.js";

async function dryRun(context: CommandContext, request: RestoreClusterRequest): Promise<CommandOutcome> {
  const aks = await context.connect([request.backupInstanceId]);
  const plan = await aks.planRestore(request, { abortSignal: context.abortSignal });
  const lines = plan.actions.length ? [renderTable({ head: ["STEP", "ACTION", "REASON", "CONFIRM"], rows: plan.actions.map((a) => [a.step, a.action, a.reason, a.confirm ?? ""]) }, context.columns)] : [];
  for (const p of plan.problems) lines.push(`PROBLEM ${p.subject}: ${p.message}. To fix: ${p.fix}`);
  return { exitCode: exitCodes.ok, result: plan, human: lines.join("\n") || "Nothing would stop the restore." };
}

/** Adds `restore`. */
export function restoreCommand(program: Command, state: RunState): void {
  const command = program.command("restore")
    .description("Restore a recovery point (default: the latest) of a backup instance to its cluster or another one, and follow the job (exit 1 if it fails)")
    .option("--file <path>", "the request as JSON (the flags override its fields); '-' reads stdin")
    .option("--no-grant-permissions", "do not grant the restore permissions or bind Trusted Access (an administrator does)")
    .option("--dry-run", "show what the restore would do and what would stop it (planRestore: reads only)")
    .option("--no-wait", "return once the restore job has started");
  addFieldFlags(command, restoreRequestFlags);
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const request = await requestsFrom(context.flags, restoreRequestFlags);
    if (Array.isArray(request)) throw new UsageError("restore takes one request, not a list", "restore one backup instance per run");
    const typed = request as unknown as RestoreClusterRequest;
    if (context.flags["dryRun"] === true) return dryRun(context, typed);
    const aks = await context.connect([typed.backupInstanceId, typed.targetClusterId]);
    const progress = new StepProgress(restoreStepOrder, context.progress);
    let result: RestoreClusterResult;
    try {
      result = await aks.restoreCluster(typed, {
        onProgress: progress.onProgress,
        abortSignal: context.abortSignal,
        grantPermissions: context.flags["grantPermissions"] !== false,
        waitForCompletion: context.flags["wait"] !== false,
      });
    } catch (e) {
      await progress.finish(e);
      throw e;
    }
    await progress.finish();
    const failed = result.job.isTerminal && !["Completed", "CompletedWithWarnings"].includes(result.jobStatus);
    const human = [
      "",
      renderTable({ head: ["STEP", "RESULT", "TIME", "DETAIL"], rows: [...result.steps].sort((a, b) => restoreStepOrder.indexOf(a.step as RestoreStepName) - restoreStepOrder.indexOf(b.step as RestoreStepName)).map((s) => [s.step, s.action, seconds(s.durationInMs), s.detail]) }, context.columns),
      "",
      `Restore of ${nameOf(result.recoveryPointId)} to ${nameOf(result.targetClusterId)}: job ${nameOf(result.jobId)} ${result.jobStatus}.`,
    ].join("\n");
    return { exitCode: failed ? exitCodes.failed : exitCodes.ok, result, human };
  });
}

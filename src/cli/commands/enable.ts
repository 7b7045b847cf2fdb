/** `aks-backup enable`: enableBackup for one cluster, or enableBackupForFleet for a fleet file. */
import { Option, type Command } from "commander";
import type { EnableBackupRequest, EnableBackupResult, FleetClusterResult } from "../../facade/models.js";
import { stepOrder } from "../../facade/plan.js";
import { exitCodeFor, exitCodes } from "../exitCodes.js";
import { addCommonFlags, setAction, wholeNumber, type CommandContext, type RunState } from "../options.js";
import type { CommandOutcome } from "../output.js";
import { FleetProgress, StepProgress } from "../progress.js";
import { addFieldFlags, enableRequestFlags, requestsFrom } from "../requestFlags.js";
import { nameOf, renderTable, seconds } from "../table.js";

/** The steps of a setup, in the order the display lists them. */
function stepsOf(request: Record<string, unknown>): string[] {
  return stepOrder.filter((s) => s !== "firstBackup" || request["firstBackup"] === true);
}

/** The final report of one setup. */
export function renderEnableResult(r: EnableBackupResult, columns: number): string {
  const order = (s: string): number => stepOrder.indexOf(s as (typeof stepOrder)[number]);
  const rows = [...r.steps].sort((a, b) => order(a.step) - order(b.step)).map((s) => [s.step, s.action, seconds(s.durationInMs), s.detail]);
  return [
    "",
    renderTable({ head: ["STEP", "RESULT", "TIME", "DETAIL"], rows }, columns),
    "",
    `Backup instance ${nameOf(r.backupInstanceId)} is ${r.protectionState}.`,
    `${r.writeSteps} of ${r.steps.length} steps wrote; ${seconds(r.wallTimeInMs)} (the steps one after another: ${seconds(r.sumOfStepsInMs)}).`,
  ].join("\n");
}

/** The final report of a fleet. */
export function renderFleetResults(results: readonly FleetClusterResult[], columns: number): string {
  const rows = results.map((r) => r.ok
    ? [nameOf(r.clusterId), r.result.protectionState, String(r.result.writeSteps), seconds(r.result.wallTimeInMs), nameOf(r.result.backupInstanceId)]
    : [nameOf(r.clusterId), `FAILED (${r.error.name})`, "", "", r.error.message.split("\n")[0] ?? ""]);
  const failed = results.filter((r) => !r.ok).length;
  return ["", renderTable({ head: ["CLUSTER", "RESULT", "WRITES", "TIME", "DETAIL"], rows }, columns), "",
    `${results.length - failed} of ${results.length} clusters protected${failed ? `, ${failed} failed (run the same command again after fixing them: protected clusters make no write)` : ""}.`].join("\n");
}

/** 0 when every cluster is protected; 2 when the failures are all bad input; else 1. */
export function fleetExitCode(results: readonly FleetClusterResult[]): number {
  const failures = results.filter((r): r is Extract<FleetClusterResult, { ok: false }> => !r.ok);
  if (failures.length === 0) return exitCodes.ok;
  return failures.every((f) => exitCodeFor(f.error) === exitCodes.badInput) ? exitCodes.badInput : exitCodes.failed;
}

async function enableOne(context: CommandContext, request: Record<string, unknown>): Promise<CommandOutcome> {
  const aks = await context.connect([request["clusterId"] as string | undefined, request["vaultId"] as string | undefined]);
  const progress = new StepProgress(stepsOf(request), context.progress);
  let result: EnableBackupResult;
  try {
    result = await aks.enableBackup(request as unknown as EnableBackupRequest, { onProgress: progress.onProgress, abortSignal: context.abortSignal });
  } catch (e) {
    await progress.finish(e);
    throw e;
  }
  await progress.finish();
  return { exitCode: exitCodes.ok, result, human: renderEnableResult(result, context.columns) };
}

async function enableFleet(context: CommandContext, requests: Array<Record<string, unknown>>): Promise<CommandOutcome> {
  const clusterIds = requests.map((r, i) => (typeof r["clusterId"] === "string" ? r["clusterId"] : `requests[${i}]`));
  const aks = await context.connect(clusterIds);
  const progress = new FleetProgress(clusterIds, context.progress);
  let results: FleetClusterResult[];
  try {
    const concurrency = context.flags["clusterConcurrency"] as number | undefined;
    results = await aks.enableBackupForFleet(requests as unknown as EnableBackupRequest[], {
      onProgress: progress.onProgress,
      onClusterDone: progress.onClusterDone,
      abortSignal: context.abortSignal,
      ...(concurrency !== undefined ? { clusterConcurrency: concurrency } : {}),
    });
  } catch (e) {
    await progress.finish(e);
    throw e;
  }
  await progress.finish();
  return { exitCode: fleetExitCode(results), result: results, human: renderFleetResults(results, context.columns) };
}

/** Adds `enable`. */
export function enableCommand(program: Command, state: RunState): void {
  const command = program.command("enable")
    .description("Enable backup of a cluster end to end (checks first, then each step; a second run writes nothing), or of a fleet with --file")
    .option("--file <path>", "the request as JSON (the flags override its fields), or an array of requests: a fleet; '-' reads stdin")
    .addOption(new Option("--cluster-concurrency <n>", "clusters set up at once, per subscription (fleet; default: sized from the write budget)").argParser(wholeNumber));
  addFieldFlags(command, enableRequestFlags);
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const request = await requestsFrom(context.flags, enableRequestFlags);
    return Array.isArray(request) ? enableFleet(context, request) : enableOne(context, request);
  });
}

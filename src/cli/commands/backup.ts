/** `aks-backup backup`: an on-demand backup (backupNow), optionally waited for. */
import type { Command } from "commander";
import type { JobInfo } from "../../backup/jobs/models.js";
import { exitCodes } from "../exitCodes.js";
import { addCommonFlags, setAction, type RunState } from "../options.js";
import { nameOf } from "../table.js";

/** A job for people, in one line. */
export function jobLine(job: JobInfo): string {
  const took = job.durationInMs !== undefined ? ` in ${Math.round(job.durationInMs / 1000)} s` : "";
  const warnings = job.warnings.length ? `, ${job.warnings.length} warning(s)` : "";
  return `Job ${job.name} (${job.operation}) ${job.status}${took}${warnings}${job.error ? `: ${job.error.message}` : ""}`;
}

/** Adds `backup`. */
export function backupCommand(program: Command, state: RunState): void {
  const command = program.command("backup")
    .description("Start an on-demand backup of a backup instance (with the policy's rule and retention unless given)")
    .option("--backup-instance-id <id>", "ARM id of the backup instance")
    .option("--rule-name <name>", "the policy's backup rule (default: its AzureBackupRule)")
    .option("--retention-tag <tag>", "retention tag of the recovery point (default: the policy's default)")
    .option("--wait", "wait for the backup job to end (exit 1 if it fails)");
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const f = context.flags as Record<string, string | boolean | undefined>;
    const id = f["backupInstanceId"] as string;
    const aks = await context.connect([id]);
    const started = await aks.backupInstances.backupNow(id, {
      abortSignal: context.abortSignal,
      ...(typeof f["ruleName"] === "string" ? { ruleName: f["ruleName"] } : {}),
      ...(typeof f["retentionTag"] === "string" ? { retentionTag: f["retentionTag"] } : {}),
    });
    if (f["wait"] !== true) return { exitCode: exitCodes.ok, result: started, human: `${jobLine(started)} (backup of ${nameOf(id)})` };
    const job = await aks.backupInstances.waitForJob(started.id, { abortSignal: context.abortSignal });
    const ok = ["Completed", "CompletedWithWarnings"].includes(job.status);
    return { exitCode: ok ? exitCodes.ok : exitCodes.failed, result: job, human: jobLine(job) };
  });
}

/** `aks-backup jobs`: the backup and restore jobs of a vault, newest first. */
import { Option, type Command } from "commander";
import type { JobInfo, JobOperationFilter, JobStatus } from "../../backup/jobs/models.js";
import { exitCodes } from "../exitCodes.js";
import { addCommonFlags, setAction, wholeNumber, type RunState } from "../options.js";
import { nameOf, renderTable } from "../table.js";

/** Adds `jobs`. */
export function jobsCommand(program: Command, state: RunState): void {
  const command = program.command("jobs")
    .description("List the backup and restore jobs of a vault (or of one backup instance), newest first")
    .option("--vault-id <id>", "ARM id of the vault")
    .option("--backup-instance-id <id>", "only the jobs of this backup instance")
    .addOption(new Option("--operation <operation>", "only these jobs").choices(["backup", "onDemandBackup", "scheduledBackup", "restore", "management"]))
    .addOption(new Option("--status <status>", "only jobs with this status").choices(["InProgress", "Completed", "CompletedWithWarnings", "Failed", "Cancelled", "Cancelling", "Paused", "Started"]))
    .option("--since <time>", "only jobs started since (ISO 8601; default: 7 days ago)")
    .addOption(new Option("--limit <n>", "at most this many jobs").argParser(wholeNumber).default(20));
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const f = context.flags as Record<string, unknown>;
    const vaultId = f["vaultId"] as string;
    const aks = await context.connect([vaultId]);
    const jobs: JobInfo[] = [];
    const limit = f["limit"] as number;
    const list = aks.backupInstances.listJobs(vaultId, {
      abortSignal: context.abortSignal,
      ...(typeof f["backupInstanceId"] === "string" ? { backupInstanceId: f["backupInstanceId"] } : {}),
      ...(typeof f["operation"] === "string" ? { operation: f["operation"] as JobOperationFilter } : {}),
      ...(typeof f["status"] === "string" ? { status: f["status"] as JobStatus } : {}),
      ...(typeof f["since"] === "string" ? { since: f["since"] } : {}),
    });
    for await (const job of list) {
      if (jobs.length >= limit) break;
      jobs.push(job);
    }
    const rows = jobs.map((j) => [nameOf(j.id), j.operation, j.status, j.startTime.toISOString(), j.durationInMs !== undefined ? `${Math.round(j.durationInMs / 1000)} s` : "", nameOf(j.backupInstanceId)]);
    const human = jobs.length ? renderTable({ head: ["JOB", "OPERATION", "STATUS", "STARTED", "DURATION", "INSTANCE"], rows }, context.columns) : "No job in that window.";
    return { exitCode: exitCodes.ok, result: jobs, human };
  });
}

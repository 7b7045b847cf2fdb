/** `aks-backup doctor`: checks the whole backup chain of clusters and says what to fix. */
import type { Command } from "commander";
import pLimit from "p-limit";
import type { DoctorReport } from "../../facade/doctor/models.js";
import { exitCodes, UsageError } from "../exitCodes.js";
import { addCommonFlags, setAction, type RunState } from "../options.js";
import { readRequestFile } from "../requestFlags.js";
import { nameOf, renderTable } from "../table.js";

/** Clusters doctor checks at once. */
const doctorConcurrency = 8;

/** Doctor reports for people: one row per finding. */
export function renderReports(reports: readonly DoctorReport[], columns: number): string {
  const rows = reports.flatMap((r) => r.findings.length
    ? r.findings.map((f) => [nameOf(r.clusterId), f.severity, f.code, f.fixableByEnableBackup ? "yes" : "no", `${f.message} To fix: ${f.remedy}`])
    : [[nameOf(r.clusterId), "ok", "", "", "no finding"]]);
  const unhealthy = reports.filter((r) => !r.healthy).length;
  return [renderTable({ head: ["CLUSTER", "SEVERITY", "CODE", "ENABLE FIXES", "FINDING"], rows }, columns), "",
    unhealthy ? `${unhealthy} of ${reports.length} clusters need attention.` : `${reports.length} cluster(s) healthy.`].join("\n");
}

/** Adds `doctor`. */
export function doctorCommand(program: Command, state: RunState): void {
  const command = program.command("doctor")
    .description("Check the backup chain of clusters (providers, extension, Trusted Access, roles, instance, last backups) and say how to fix each finding; exit 3 when one needs attention")
    .option("--cluster-id <ids...>", "ARM ids of the clusters")
    .option("--vault-id <id>", "the vault that should protect them (default: the vault of each cluster's backup instance)")
    .option("--file <path>", "enable requests (one, or a fleet): doctor their clusters and vaults");
  addCommonFlags(command);
  setAction(command, state, async (context) => {
    const targets: Array<{ clusterId: string; vaultId: string | undefined }> = [];
    const vaultId = context.flags["vaultId"] as string | undefined;
    for (const id of (context.flags["clusterId"] as string[] | undefined) ?? []) targets.push({ clusterId: id, vaultId });
    if (typeof context.flags["file"] === "string") {
      const file = await readRequestFile(context.flags["file"]);
      for (const r of Array.isArray(file) ? file : [file]) targets.push({ clusterId: String(r["clusterId"]), vaultId: vaultId ?? (r["vaultId"] as string | undefined) });
    }
    if (!targets.length) throw new UsageError("doctor needs a cluster", "pass --cluster-id <id> (or several), or --file <requests.json>");
    const aks = await context.connect(targets.map((t) => t.clusterId));
    // Clusters checked a few at a time (reads only); reports in the order asked.
    const limit = pLimit(doctorConcurrency);
    const reports: DoctorReport[] = await Promise.all(targets.map((t) => limit(() => aks.doctor(t.clusterId, { abortSignal: context.abortSignal, ...(t.vaultId ? { vaultId: t.vaultId } : {}) }))));
    const healthy = reports.every((r) => r.healthy);
    return { exitCode: healthy ? exitCodes.ok : exitCodes.problemsFound, result: reports.length === 1 ? reports[0] : reports, human: renderReports(reports, context.columns) };
  });
}

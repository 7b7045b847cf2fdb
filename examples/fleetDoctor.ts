/**
 * @summary The `aks-backup` command on a fleet: discover 20 seeded clusters (a few broken on
 * purpose), doctor them, fix every one that `enable` can fix with one `enable --file fleet.json`,
 * and show the report.
 *
 * Runs the command as a user would, against an emulator seeded with `examples/world.json`
 * (the same as `npx aks-backup-emulator --seed examples/world.json --connection-file emu.json`).
 * With AZURE_SUBSCRIPTION_ID set it only reads: it runs `discover` and `doctor` on Azure.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { recommendExtensionResources, type ClusterBackupStatus, type DoctorReport, type EnableBackupRequest } from "aks-backup";
import { seedEmulator, startArmEmulator } from "aks-backup-emulator";

const root = fileURLToPath(new URL("../", import.meta.url));
const built = join(root, "dist/esm/cli/main.js");
// The built command (`npm run build`); from the sources with tsx before a build.
const command = existsSync(built) ? [built] : ["--import", "tsx", join(root, "src/cli/main.ts")];

/**
 * Runs `aks-backup <args>` (asynchronously: the emulator answers from this process), prints the
 * command line and, unless `quiet`, what it printed; returns its exit code and stdout.
 */
function aksBackup(args: string[], quiet = false): Promise<{ code: number; stdout: string }> {
  console.log(`\n$ aks-backup ${args.map((a) => (a.includes("/") ? `'${a.split("/").at(-1)!}'` : a)).join(" ")}`);
  return new Promise((resolve) => {
    execFile(process.execPath, [...command, ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      if (!quiet) process.stdout.write(stdout);
      if (code !== 0 && code !== 3) process.stderr.write(stderr);
      resolve({ code, stdout });
    });
  });
}

async function main(): Promise<void> {
  if (process.env["AZURE_SUBSCRIPTION_ID"]) {
    // On Azure: reads only. `enable --file` is for you to run after reading the report.
    await aksBackup(["discover"]);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "aks-backup-fleet-"));
  const emu = await startArmEmulator();
  try {
    const world = JSON.parse(readFileSync(join(root, "examples/world.json"), "utf8")) as { clusters: Array<{ name: string; location: string; resourceCount?: number }> };
    const seeded = await seedEmulator(emu, world);
    const connection = join(dir, "emu.json");
    await emu.writeConnectionFile(connection);
    console.log(`Emulator at ${emu.endpoint}, seeded with examples/world.json: ${seeded.clusters.length} clusters, ${seeded.extensions.length} Backup Extensions`);
    const on = ["--emulator", connection, "--poll-interval", "20"];

    // 1. Which clusters are protected? (none yet)
    await aksBackup(["discover", ...on]);

    // 2. What is wrong with each, and can `enable` fix it?
    const doctor = await aksBackup(["doctor", "--cluster-id", ...seeded.clusters, "--json", ...on], true);
    const reports = (JSON.parse(doctor.stdout) as { result: DoctorReport[] }).result;
    console.log(`doctor: exit ${doctor.code} (3: problems found)`);
    const blocking = (r: DoctorReport): string[] => r.findings.filter((f) => f.severity === "error" && !f.fixableByEnableBackup).map((f) => `${f.code}: ${f.message}`);
    for (const r of reports) {
      const codes = r.findings.filter((f) => f.severity !== "info").map((f) => `${f.code}${f.fixableByEnableBackup ? "" : " (needs you)"}`);
      console.log(`  ${r.clusterId.split("/").at(-1)!.padEnd(13)} ${codes.join(", ") || "healthy"}`);
    }

    // 3. One request per cluster that enable can fix: the vault and storage account of its region.
    const sub = `/subscriptions/${emu.subscriptionId}/resourceGroups`;
    const regions: Record<string, string> = { westeurope: "weu", northeurope: "neu", eastus: "eus" };
    const requests: EnableBackupRequest[] = [];
    const leftOut: string[] = [];
    for (const r of reports) {
      const name = r.clusterId.split("/").at(-1)!;
      const cluster = world.clusters.find((c) => c.name === name)!;
      const region = regions[cluster.location];
      const reasons = [...blocking(r), ...(region ? [] : [`no storage account in ${cluster.location} (the extension's account must be in the cluster's region)`])];
      if (reasons.length) {
        leftOut.push(`${name}: ${reasons.join("; ")}`);
        continue;
      }
      // The chart's default memory (1280Mi) fails backups of big clusters: size the extension for them.
      const undersized = r.findings.some((f) => f.code === "extension.undersized") || (cluster.resourceCount ?? 0) >= 5000;
      requests.push({
        clusterId: r.clusterId,
        vaultId: `${sub}/rg-backup-${region}/providers/Microsoft.DataProtection/backupVaults/vault-${region}`,
        storageAccountId: `${sub}/rg-backup-${region}/providers/Microsoft.Storage/storageAccounts/stfleet${region}`,
        blobContainer: "aks-backups",
        snapshotResourceGroupId: `${sub}/rg-backup-${region}`,
        firstBackup: true, // a cluster with no backup yet needs attention ("backup.none")
        ...(undersized ? { extensionResources: recommendExtensionResources(cluster.resourceCount ?? 200) } : {}),
      });
    }
    const fleetFile = join(dir, "fleet.json");
    writeFileSync(fleetFile, JSON.stringify(requests, null, 2));
    console.log(`\nfleet.json: ${requests.length} requests; left out for a person to fix first:`);
    for (const l of leftOut) console.log(`  ${l}`);

    // 4. Fix them all with one command; it exits 0 only when every cluster of the file is protected.
    const enable = await aksBackup(["enable", "--file", fleetFile, ...on]);
    if (enable.code !== 0) throw new Error(`enable --file exited ${enable.code}`);

    // 5. The report: discover again.
    const after = await aksBackup(["discover", "--json", ...on], true);
    const statuses = (JSON.parse(after.stdout) as { result: ClusterBackupStatus[] }).result;
    const count = (s: string): number => statuses.filter((x) => x.status === s).length;
    console.log(`${statuses.length} clusters: ${count("protected")} protected, ${count("needsAttention")} need attention, ${count("unprotected")} unprotected (${leftOut.length} left out above)`);
    const codes = new Map<string, number>();
    for (const f of statuses.flatMap((x) => x.findings.filter((g) => g.severity !== "info"))) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
    for (const [code, n] of codes) console.log(`  ${code}: ${n} cluster(s)`);
    if (count("protected") < requests.length) throw new Error("enable did not fix every cluster it was given");
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

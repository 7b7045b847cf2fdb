import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { node, packageRoot } from "../packaging/childProcess.js";
import { useEmulator } from "../support/emulator.js";
import { cliEntry, ensureCliBuilt, runCli } from "./cliProcess.js";

const emulator = useEmulator();
let dir: string;
let connection: string;

beforeAll(async () => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), "aks-backup-cli-"));
  connection = join(dir, "emu.json");
  await emulator.current.writeConnectionFile(connection);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A cluster and storage account seeded for one test, and the enable request for them (as flags). */
function seed(name: string): { clusterId: string; flags: string[]; vaultId: string } {
  const emu = emulator.current;
  const rg = `/subscriptions/${emu.subscriptionId}/resourceGroups`;
  const clusterId = emu.addCluster({ resourceGroup: `rg-${name}`, name, location: "westeurope" });
  const storageAccountId = emu.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "westeurope" });
  const vaultId = `${rg}/rg-${name}/providers/Microsoft.DataProtection/backupVaults/vault-${name}`;
  return {
    clusterId,
    vaultId,
    flags: ["--cluster-id", clusterId, "--vault-id", vaultId, "--storage-account-id", storageAccountId, "--blob-container", name, "--snapshot-resource-group-id", `${rg}/rg-${name}-snapshots`],
  };
}

const common = (): string[] => ["--emulator", connection, "--poll-interval", "20"];

describe("aks-backup, run as a user runs it: --help and bad input", () => {
  it("--help on every command; exit 2 and nothing sent for an unknown flag (commander) and an invalid request (the library's schemas)", async () => {
    const program = buildProgram({ exitCode: 0, abortController: new AbortController() });
    expect(program.commands.map((c) => c.name())).toEqual(["plan", "enable", "disable", "restore", "status", "doctor", "discover", "jobs", "backup"]);
    for (const command of program.commands) {
      const help = command.helpInformation();
      expect(help).toContain(`Usage: aks-backup ${command.name()} [options]`);
      expect(help).toMatch(/--emulator <connection-file>[\s\S]*--json/);
    }
    const emu = emulator.current;
    const { flags } = seed("aks-bad");
    const before = emu.requests.length;
    const [help, unknown, invalid] = await Promise.all([
      runCli(["enable", "--help"]),
      runCli(["enable", ...flags, "--bogus", "--json", ...common()]),
      runCli(["plan", ...flags, "--vault-id", "not-an-arm-id", "--json", ...common()]),
    ]);
    expect(help.code).toBe(0);
    // The package's bin is this file, a node script (npx puts node_modules/.bin, with the project's node 22, first on PATH).
    const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(join(packageRoot, pkg.bin["aks-backup"]!)).toBe(cliEntry);
    expect(readFileSync(cliEntry, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    for (const flag of ["--cluster-id <id>", "--snapshot-resource-group-id <id>", "--file <path>", "--json"]) expect(help.stdout).toContain(flag);
    expect(help.stdout).toContain("Exit codes: 0 done, 1 an operation failed, 2 bad input");

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    expect(JSON.parse(unknown.stdout)).toMatchObject({ command: "enable", ok: false, exitCode: 2, error: { name: "CommanderError" } });
    expect(invalid.code).toBe(2);
    const doc = JSON.parse(invalid.stdout) as { error: { name: string } };
    expect(doc).toMatchObject({ command: "plan", ok: false, exitCode: 2, error: { name: "InputValidationError", parameter: "vaultId" } });
    expect(JSON.stringify(doc.error)).toContain("vaultId");
    expect(emu.requests.length).toBe(before);
  });

  it("a reader that closes the pipe early (| head, | true) ends the output quietly: exit 0, no EPIPE trace", async () => {
    ensureCliBuilt();
    const script = `"${node}" "${cliEntry}" --help | true; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const { stderr } = await new Promise<{ stderr: string }>((resolve, reject) => {
      execFile("bash", ["-c", script], { timeout: 30_000 }, (error, _stdout, err) => (error ? reject(new Error(err, { cause: error })) : resolve({ stderr: err })));
    });
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(stderr).toContain("exit=0");
  });
});

// Each test below has its own clusters: they run at the same time (each spawns the command).
describe.concurrent("aks-backup, run as a user runs it: exit codes 0, 1, 3, fleets, a terminal", () => {
  it("enable --json: one JSON document on stdout (0), progress on stderr; status of a missing instance and doctor of an unprotected cluster exit 3", async () => {
    const ok = seed("aks-json");
    const bare = seed("aks-doc");
    const [enabled, missing, doctor] = await Promise.all([
      runCli(["enable", ...ok.flags, "--json", ...common()]),
      runCli(["status", "--backup-instance-id", `${ok.vaultId}/backupInstances/no-such-instance`, "--json", ...common()]),
      // The sign-in and output flags also work before the command (`aks-backup --emulator <file> doctor ...`).
      runCli([...common(), "--json", "doctor", "--cluster-id", bare.clusterId]),
    ]);
    expect(enabled.code).toBe(0);
    const doc = JSON.parse(enabled.stdout) as { result: { writeSteps: number; steps: Array<{ step: string }> } };
    expect(doc).toMatchObject({ command: "enable", ok: true, exitCode: 0, result: { protectionState: "ProtectionConfigured", clusterId: ok.clusterId } });
    expect(doc.result.steps.map((s) => s.step)).toEqual(expect.arrayContaining(["providers", "vault", "extension", "trustedAccess", "backupInstance"]));
    expect(doc.result.writeSteps).toBeGreaterThan(0);
    expect(enabled.stderr).toMatch(/✔ checks: passed[\s\S]*✔ backupInstance: .* is ProtectionConfigured/);

    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout)).toMatchObject({ command: "status", ok: false, exitCode: 3, result: null });

    expect(doctor.code).toBe(3);
    const report = (JSON.parse(doctor.stdout) as { result: { clusterId: string; healthy: boolean; findings: Array<{ code: string; remedy: string }> } }).result;
    expect(report).toMatchObject({ clusterId: bare.clusterId, healthy: false });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.remedy.length > 0)).toBe(true);
  });

  it("enable --file fleet.json: one run for every cluster of the file; one failing cluster exits 1 and does not stop the other", async () => {
    const requests = ["aks-f1", "aks-f2"].map((name) => {
      const { flags } = seed(name);
      const request: Record<string, string> = {};
      for (let i = 0; i < flags.length; i += 2) request[flags[i]!.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = flags[i + 1]!;
      return request;
    });
    emulator.current.failExtensionInstall(requests[1]!["clusterId"]!);
    const file = join(dir, "fleet.json");
    writeFileSync(file, JSON.stringify(requests));
    const run = await runCli(["enable", "--file", file, "--json", ...common()]);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { ok: boolean; exitCode: number; result: Array<{ clusterId: string; ok: boolean; result?: { protectionState: string }; error?: { name: string; step: string; message: string } }> };
    expect(doc).toMatchObject({ command: "enable", ok: false, exitCode: 1 });
    expect(doc.result[0]).toMatchObject({ clusterId: requests[0]!["clusterId"], ok: true, result: { protectionState: "ProtectionConfigured" } });
    expect(doc.result[1]).toMatchObject({ clusterId: requests[1]!["clusterId"], ok: false, error: { name: "SetupStepError", step: "extension" } });
    expect(doc.result[1]!.error!.message).toContain("Installing the Backup Extension");
    expect(run.stderr).toMatch(/✔ aks-f1: ProtectionConfigured, \d+ step\(s\) wrote/);
    expect(run.stderr).toMatch(/✖ aks-f2 \[FAILED: Setup step 'extension' failed/);
  });

  it("in a terminal (tmux): live step lines, then the final table", async () => {
    const { flags } = seed("aks-tty");
    const socket = `aks-backup-test-${process.pid}`;
    const tmux = (...args: string[]): string => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
    const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;
    const command = [node, cliEntry, "enable", ...flags, ...common()].map(quote).join(" ");
    try {
      tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "cli", "-c", packageRoot, `${command}; echo EXIT=$?; sleep 30`);
      let screen = "";
      for (let i = 0; i < 300 && !screen.includes("EXIT="); i++) {
        await new Promise((r) => setTimeout(r, 100));
        screen = tmux("capture-pane", "-p", "-t", "cli");
      }
      expect(screen).toContain("EXIT=0");
      expect(screen).toMatch(/✔ checks: passed \(reads only, nothing written\)/);
      expect(screen).toMatch(/✔ vault: created vault-aks-tty in westeurope/);
      expect(screen).toMatch(/✔ backupInstance: \S+ is ProtectionConfigured/);
      expect(screen).toMatch(/STEP\s+RESULT\s+TIME\s+DETAIL/);
      expect(screen).toMatch(/extension\s+installed\s+\d+\.\d s/);
      expect(screen).toMatch(/Backup instance \S+ is ProtectionConfigured\./);
    } finally {
      try {
        tmux("kill-server");
      } catch {
        // already gone
      }
    }
  });
});

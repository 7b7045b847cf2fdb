import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ensureBuilt, node, packageRoot } from "./childProcess.js";

const run = promisify(execFile);

describe("aks-backup/emulator (the emulator's old entry point, for scripts written before the split)", () => {
  it("re-exports aks-backup-emulator in both module systems: the same functions, and an emulator the library runs on", async () => {
    await ensureBuilt();
    const body = (load: string): string => `
const old = ${load.replace("$", "aks-backup/emulator")};
const current = ${load.replace("$", "aks-backup-emulator")};
const { AksBackup } = ${load.replace("$", "aks-backup")};
const emu = await old.startArmEmulator();
const clusterId = emu.addCluster({ resourceGroup: "rg", name: "aks1", location: "westeurope" });
const info = await new AksBackup(emu.credential, emu.subscriptionId, emu.clientOptions).extension.get(clusterId);
await emu.stop();
console.log(JSON.stringify({ same: old.startArmEmulator === current.startArmEmulator, extension: info ?? null }));`;
    for (const [type, code] of [
      ["module", body("await import(\"$\")")],
      ["commonjs", `(async () => {${body("require(\"$\")")}})().catch((e) => { console.error(e); process.exit(1); });`],
    ] as const) {
      const { stdout, stderr } = await run(node, [`--input-type=${type}`, "-e", code], { cwd: packageRoot, timeout: 60_000 });
      expect(JSON.parse(stdout.trim().split("\n").at(-1)!), type).toEqual({ same: true, extension: null });
      expect(stderr, type).not.toMatch(/ExperimentalWarning/);
    }
  }, 90_000);
});

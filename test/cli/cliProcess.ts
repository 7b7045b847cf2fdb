import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { node, packageRoot } from "../packaging/childProcess.js";

/** The built command (`npm test` builds before the tests; `ensureCliBuilt` builds it when missing). */
export const cliEntry = fileURLToPath(new URL("../../dist/esm/cli/main.js", import.meta.url));

/** Builds the package when the command is not built yet (a test file run alone on a fresh clone). */
export function ensureCliBuilt(): void {
  if (existsSync(cliEntry)) return;
  const r = spawnSync("npm", ["run", "build"], { cwd: packageRoot, stdio: "ignore", timeout: 180_000 });
  if (r.status !== 0) throw new Error("npm run build failed: run it to see why");
}

/** What a run of the command gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aks-backup <args>` with the project's Node.js 22, as a user's shell would (stdout and stderr are pipes). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(node, [cliEntry, ...args], { cwd: packageRoot, env: { ...process.env, AZURE_SUBSCRIPTION_ID: "", AZURE_LOG_LEVEL: "", ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

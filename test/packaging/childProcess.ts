import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The repository's root (the `aks-backup` package). */
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The Node.js 22 the project brings (the `node` devDependency). */
export const node = fileURLToPath(new URL("../../node_modules/.bin/node", import.meta.url));

const run = promisify(execFile);

/**
 * Builds the dual ESM/CommonJS package (tshy) when `dist/` is missing; `npm test` builds it
 * before the tests, so this only matters when a test file runs alone on a fresh clone.
 */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(`${packageRoot}dist/commonjs/index.js`) && existsSync(`${packageRoot}dist/esm/index.js`)) return;
  await run("npm", ["run", "build"], { cwd: packageRoot, timeout: 180_000 });
}

/**
 * Runs `code` in a child Node.js, from the package's root so that `aks-backup` resolves to
 * the built package (self-reference through its `exports`), as a CommonJS script or an ES module.
 */
export async function runChild(mode: "commonjs" | "module", code: string, env: Record<string, string> = {}): Promise<string> {
  const args = mode === "module" ? ["--input-type=module", "-e", code] : ["--input-type=commonjs", "-e", code];
  const { stdout } = await run(node, args, { cwd: packageRoot, env: { ...process.env, AZURE_LOG_LEVEL: "", ...env }, timeout: 60_000 });
  return stdout;
}

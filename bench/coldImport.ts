/**
 * @summary Cold import cost of the built `aks-backup` against `@azure/arm-containerservice`
 * alone, each in fresh child processes (interleaved, median of several runs): the library must
 * cost at most 1.5x that SDK package for `import()`. `require()` (the CommonJS build) and the
 * number of module files loaded are shown beside it.
 *
 * Environment: BENCH_COLD_IMPORT_RUNS (runs per measure, default 9). Needs `dist/` (`npm run bench` builds it).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** One row: what was measured, its value, and the floor it must meet (omitted: informational). */
export interface ColdImportRow {
  /** What is measured. */
  measure: string;
  /** The same text, for the bench table (which reads `metric`). */
  metric: string;
  /** The measured value. */
  value: number;
  /** The floor: `value` must be `<=` `limit`. */
  floor?: { op: "<="; limit: number };
  /** Unit of `value`. */
  unit?: string;
}

const root = fileURLToPath(new URL("../", import.meta.url));
const node = fileURLToPath(new URL("../node_modules/.bin/node", import.meta.url));
const run = promisify(execFile);

/** Loads `specifier` once in a fresh Node.js and reports the milliseconds it took and the module files it loaded. */
async function loadOnce(specifier: string, mode: "import" | "require"): Promise<{ ms: number; files: number }> {
  const code = mode === "import"
    ? `import { registerHooks } from "node:module";
const seen = new Set();
registerHooks({ resolve(s, c, n) { const r = n(s, c); seen.add(r.url); return r; } });
const t = performance.now();
await import(${JSON.stringify(specifier)});
console.log(JSON.stringify({ ms: performance.now() - t, files: seen.size }));`
    : `const { registerHooks } = require("node:module");
const seen = new Set();
registerHooks({ resolve(s, c, n) { const r = n(s, c); seen.add(r.url); return r; } });
const t = performance.now();
require(${JSON.stringify(specifier)});
console.log(JSON.stringify({ ms: performance.now() - t, files: seen.size }));`;
  const { stdout } = await run(node, [`--input-type=${mode === "import" ? "module" : "commonjs"}`, "-e", code], { cwd: root, timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { ms: number; files: number };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Measures cold `import()` and `require()` of `aks-backup` and of `@azure/arm-containerservice`
 * in child processes, alternating them so that machine load hits both alike; returns the
 * ratios (the `import()` one with its floor, 1.5) and the medians.
 */
export async function coldImportRows(runs = Number(process.env["BENCH_COLD_IMPORT_RUNS"] ?? 9)): Promise<ColdImportRow[]> {
  const rows: ColdImportRow[] = [];
  for (const mode of ["import", "require"] as const) {
    const lib: Array<{ ms: number; files: number }> = [];
    const sdk: Array<{ ms: number; files: number }> = [];
    for (let i = 0; i < runs; i++) {
      lib.push(await loadOnce("aks-backup", mode));
      sdk.push(await loadOnce("@azure/arm-containerservice", mode));
    }
    const libMs = median(lib.map((r) => r.ms));
    const sdkMs = median(sdk.map((r) => r.ms));
    const what = `cold ${mode === "import" ? "import()" : "require()"}`;
    rows.push({
      measure: `${what} of aks-backup / of @azure/arm-containerservice alone (median of ${runs})`,
      metric: `${what} of aks-backup / of @azure/arm-containerservice alone (median of ${runs})`,
      value: libMs / sdkMs,
      ...(mode === "import" ? { floor: { op: "<=" as const, limit: 1.5 } } : {}),
    });
    rows.push({ measure: `${what} of aks-backup`, metric: `${what} of aks-backup`, value: libMs, unit: "ms" });
    rows.push({ measure: `${what} of @azure/arm-containerservice`, metric: `${what} of @azure/arm-containerservice`, value: sdkMs, unit: "ms" });
    rows.push({ measure: `${what}: module files of aks-backup / of @azure/arm-containerservice`, metric: `${what}: module files of aks-backup / of @azure/arm-containerservice`, value: median(lib.map((r) => r.files)) / median(sdk.map((r) => r.files)) });
  }
  return rows;
}

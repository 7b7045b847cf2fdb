import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureBuilt, node, packageRoot } from "./childProcess.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Every shipped source map under `dist/`. */
async function sourceMaps(): Promise<string[]> {
  const entries = await readdir(join(packageRoot, "dist"), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".js.map")).map((e) => join(e.parentPath, e.name));
}

describe("the bundled build (scripts/bundle.ts)", () => {
  it("a cold import() loads a handful of the package's files and nothing of zod, p-limit or fastest-levenshtein", async () => {
    await ensureBuilt();
    const code = `
import { registerHooks } from "node:module";
const seen = new Set();
registerHooks({ resolve(s, c, n) { const r = n(s, c); seen.add(r.url); return r; } });
await import("aks-backup");
console.log(JSON.stringify([...seen]));`;
    const { stdout } = await run(node, ["--input-type=module", "-e", code], { cwd: packageRoot, timeout: 60_000 });
    const urls = JSON.parse(stdout.trim().split("\n").at(-1)!) as string[];
    const own = urls.filter((u) => u.includes("/dist/esm/") && !u.includes("/node_modules/"));
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThanOrEqual(4);
    expect(urls.filter((u) => /\/node_modules\/(zod|p-limit|fastest-levenshtein)\//.test(u))).toEqual([]);
    // Azure core stays external: the user's copy is the one that loads.
    expect(urls.some((u) => u.includes("/node_modules/@azure/core-rest-pipeline/"))).toBe(true);
  }, 90_000);

  it("every shipped source map resolves inside the package: its sources are inline or files of the package", async () => {
    await ensureBuilt();
    const maps = await sourceMaps();
    expect(maps.length).toBeGreaterThan(0);
    const unresolved: string[] = [];
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(await readFile(map, "utf8")) as { sources: string[]; sourcesContent?: Array<string | null> };
      sources.forEach((source, i) => {
        if (typeof sourcesContent?.[i] === "string") return;
        const file = resolve(dirname(map), source);
        if (!file.startsWith(packageRoot) || file.includes("/node_modules/") || !existsSync(file)) unresolved.push(`${map}: ${source}`);
      });
    }
    expect(unresolved).toEqual([]);
  });

  it("with --enable-source-maps, an error's stack names the library's TypeScript source, in both module systems", async () => {
    await ensureBuilt();
    const body = `try { new AksBackup({ getToken: async () => null }, "not-a-subscription"); } catch (e) { console.log(JSON.stringify({ name: e.name, stack: e.stack })); }`;
    for (const [type, code] of [
      ["module", `const { AksBackup } = await import("aks-backup");\n${body}`],
      ["commonjs", `const { AksBackup } = require("aks-backup");\n${body}`],
    ] as const) {
      const { stdout } = await run(node, ["--enable-source-maps", `--input-type=${type}`, "-e", code], { cwd: packageRoot, timeout: 60_000 });
      const { name, stack } = JSON.parse(stdout.trim().split("\n").at(-1)!) as { name: string; stack: string };
      expect(name, type).toBe("InputValidationError");
      expect(stack, type).toMatch(/src\/[\w/]+\.ts:\d+/);
    }
  }, 90_000);
});

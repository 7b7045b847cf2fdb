/**
 * The build's last step, after tshy: joins each flavour's compiled modules into a few files.
 *
 * tshy compiles `src/` into one module per source file (about 130 per flavour). Loading that
 * many files, plus zod's 95, made a cold `import("aks-backup")` cost 1.8x
 * `@azure/arm-containerservice` alone (issue 10 asks for at most 1.5x). esbuild bundles:
 * - `dist/esm`: `index.js`, `emulator.js` and the command `cli/main.js`, sharing chunks (`chunks/`);
 * - `dist/commonjs`: `index.js` and `emulator.js`.
 *
 * Every Azure package, the command's own libraries (commander, listr2) and the emulator package
 * (which `aks-backup/emulator` re-exports) stay external so a
 * user's process keeps one copy of Azure core and `setLogLevel` reaches every client; the small
 * private helpers (zod, p-limit, fastest-levenshtein) are bundled in. Declarations (`.d.ts`)
 * stay one per module. Source maps are chained through tshy's, so stack traces and debuggers
 * land in the shipped `src/`.
 *
 * Usage: `tsx scripts/bundle.ts` (part of `npm run build`).
 */
import { build, type BuildOptions } from "esbuild";
import { readdir, rename, rm, mkdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const dist = join(root, "dist");

/** Packages that stay `import`/`require` in the bundles: Azure core must be the user's one copy. */
const external = ["@azure/*", "commander", "listr2", "aks-backup-emulator"];

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * Bundles `entries` of the compiled `flavour` into a staging folder beside it (same depth, so
 * the source maps' relative paths to `src/` hold), removes the flavour's module files, and moves
 * the bundles in. Declarations and tshy's `package.json` stay.
 */
async function bundleFlavour(flavour: "esm" | "commonjs", entries: readonly string[], options: BuildOptions): Promise<number> {
  const dir = join(dist, flavour);
  const staging = join(dist, `.bundle-${flavour}`);
  await rm(staging, { recursive: true, force: true });
  await build({
    entryPoints: entries.map((e) => join(dir, e)),
    outbase: dir,
    outdir: staging,
    bundle: true,
    platform: "node",
    target: "node22",
    external,
    sourcemap: "linked",
    sourcesContent: true,
    legalComments: "inline",
    logLevel: "warning",
    ...options,
  });
  for (const file of await filesUnder(dir)) {
    if (/\.js(\.map)?$/.test(file)) await rm(join(dir, file));
  }
  const outputs = await filesUnder(staging);
  for (const file of outputs) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await rename(join(staging, file), join(dir, file));
  }
  await rm(staging, { recursive: true, force: true });
  return outputs.filter((f) => f.endsWith(".js")).length;
}

const esm = await bundleFlavour("esm", ["index.js", "emulator.js", "cli/main.js"], { format: "esm", splitting: true, chunkNames: "chunks/[name]-[hash]" });
const cjs = await bundleFlavour("commonjs", ["index.js", "emulator.js"], { format: "cjs" });
console.log(`bundled: dist/esm ${esm} files, dist/commonjs ${cjs} file${cjs === 1 ? "" : "s"}`);

/**
 * The README's TypeScript snippets, as a reader would paste them: every ```ts block is written to
 * `test/.snippets/` (git-ignored), type-checked against the built package's declarations, then run against
 * the emulator. Only the two things a reader's machine provides differently are swapped:
 * `DefaultAzureCredential` hands out the emulator's token, and `new AksBackup(credential, id)`
 * without options gets the emulator's endpoint and CA.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { afterAll, describe, expect, it, vi } from "vitest";
import type * as Library from "aks-backup";
import { fastOptions, useEmulator } from "./support/emulator.js";
import { ensureBuilt } from "./packaging/childProcess.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const dir = `${root}test/.snippets/`;
const readme = readFileSync(`${root}README.md`, "utf8");
const snippets = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => ({ name: `readme-${i + 1}.ts`, code: m[1]! }));
const emulator = useEmulator();

mkdirSync(dir, { recursive: true });
for (const s of snippets) writeFileSync(`${dir}${s.name}`, `${s.code}\nexport {};\n`);
// Checked against the built package's declarations, as a reader's project sees them (no path alias to src/).
writeFileSync(`${dir}tsconfig.json`, JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { noEmit: true }, include: ["./*.ts"] }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README snippets", () => {
  it("has TypeScript snippets", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(2);
  });

  it("type-check as written", async () => {
    await ensureBuilt();
    const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", `${dir}tsconfig.json`], { cwd: root, timeout: 170_000 })
      .then(() => "", (e: { stdout?: string; message?: string }) => e.stdout || e.message || "tsc failed");
    expect(result).toBe("");
  }, 180_000);

  it.each(snippets)("$name runs against the emulator", async ({ name }) => {
    const emu = emulator.current;
    const credential: TokenCredential = { getToken: (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => emu.credential.getToken(scopes, options) };
    vi.resetModules();
    vi.doMock("@azure/identity", () => ({ DefaultAzureCredential: class { getToken = (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => credential.getToken(scopes, options); } }));
    vi.doMock("aks-backup", async (importOriginal) => {
      const real = await importOriginal<typeof Library>();
      class AksBackup extends real.AksBackup {
        constructor(c: TokenCredential, subscriptionId: string, options?: Library.AksBackupOptions) {
          super(c, subscriptionId, options ?? fastOptions(emu));
        }
      }
      return { ...real, AksBackup };
    });
    const sub = `/subscriptions/${emu.subscriptionId}`;
    const tag = name.replace(/\W/g, "").toLowerCase();
    const env = {
      AZURE_SUBSCRIPTION_ID: emu.subscriptionId,
      AKS_CLUSTER_ID: emu.addCluster({ resourceGroup: "rg-snippets", name: `aks-${tag}`, location: "westeurope" }),
      BACKUP_VAULT_ID: `${sub}/resourceGroups/rg-snippets/providers/Microsoft.DataProtection/backupVaults/vault-${tag}`,
      STORAGE_ACCOUNT_ID: emu.addStorageAccount({ resourceGroup: "rg-snippets", name: `sa${tag}`.slice(0, 24), location: "westeurope" }),
      SNAPSHOT_RESOURCE_GROUP_ID: `${sub}/resourceGroups/rg-snippets-${tag}`,
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await import(pathToFileURL(`${dir}${name}`).href);
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      vi.doUnmock("@azure/identity");
      vi.doUnmock("aks-backup");
    }
  }, 120_000);
});

import { describe, expect, it } from "vitest";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { ensureBuilt, runChild } from "./childProcess.js";

const emulator = useEmulator();

/**
 * The body both module systems run: a user's own `@azure/logger` at `info`, then a plan (which
 * reads the cluster, storage, resource groups, role assignments, the extension, Trusted Access)
 * and direct role and extension reads. It prints which copies of Azure core were loaded and
 * whether the user's logger saw the requests of each service.
 */
const hooks = `
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
`;

const body = `
const lines = [];
AzureLogger.log = (...args) => { lines.push(args.join(" ")); };
setLogLevel("info");
const e = process.env;
const credential = { getToken: async () => ({ token: e.EMU_TOKEN, expiresOnTimestamp: Date.now() + 3600000 }) };
const request = JSON.parse(e.EMU_REQUEST);
const aks = new AksBackup(credential, e.EMU_SUBSCRIPTION, { endpoint: e.EMU_ENDPOINT, tlsOptions: { ca: e.EMU_CA }, pollIntervalInMs: 20 });
const plan = await aks.planBackup(request);
for await (const _ of aks.roles.list(request.clusterId)) { /* read them all */ }
await aks.extension.get(request.clusterId);
// A package's copy = its entry point (dist/<flavor>/index.js); core's own ESM->CJS state shims are not copies.
const copies = (name) => [...seen].filter((u) => u.includes("/node_modules/" + name + "/dist/") && u.endsWith("/index.js")).map((u) => u.replace(/\\/index\\.js$/, ""));
const logged = (re) => lines.some((l) => re.test(l));
console.log(JSON.stringify({
  actions: plan.actions.length,
  core: { "core-rest-pipeline": copies("@azure/core-rest-pipeline"), "core-client": copies("@azure/core-client"), logger: copies("@azure/logger") },
  logged: {
    roleAssignments: logged(/Microsoft\\.Authorization\\/roleAssignments/),
    extensions: logged(/Microsoft\\.KubernetesConfiguration\\/extensions/),
    clusters: logged(/Microsoft\\.ContainerService\\/managedClusters/),
    storage: logged(/Microsoft\\.Storage\\/storageAccounts/),
    backupVaults: logged(/Microsoft\\.DataProtection\\/backupVaults/),
  },
}));
`;

const commonjs = `
const { registerHooks } = require("node:module");
${hooks}
const { AzureLogger, setLogLevel } = require("@azure/logger");
const { AksBackup } = require("aks-backup");
(async () => {${body}})().catch((e) => { console.error(e); process.exit(1); });
`;

const esm = `
import { registerHooks } from "node:module";
${hooks}
const { AzureLogger, setLogLevel } = await import("@azure/logger");
const { AksBackup } = await import("aks-backup");
${body}
`;

interface ChildReport {
  actions: number;
  core: Record<string, string[]>;
  logged: Record<string, boolean>;
}

describe("the built package in a user's process", () => {
  for (const [mode, code] of [["commonjs", commonjs], ["module", esm]] as const) {
    it(`${mode === "commonjs" ? "require()" : "import"}: loads one copy of Azure core, and the user's setLogLevel reaches every client`, async () => {
      await ensureBuilt();
      const emu = emulator.current;
      const clusterId = emu.addCluster({ resourceGroup: "rg-pkg", name: `aks-${mode}`, location: "westeurope" });
      const storageAccountId = emu.addStorageAccount({ resourceGroup: "rg-pkg", name: `sapkg${mode === "module" ? "esm" : "cjs"}`, location: "westeurope" });
      const sub = `/subscriptions/${emu.subscriptionId}`;
      const request = {
        clusterId,
        vaultId: `${sub}/resourceGroups/rg-pkg/providers/Microsoft.DataProtection/backupVaults/vault-${mode}`,
        storageAccountId,
        blobContainer: "backups",
        snapshotResourceGroupId: `${sub}/resourceGroups/rg-pkg-snapshots`,
      };
      const token = (await emu.credential.getToken("https://management.azure.com/.default"))!.token;
      const out = await runChild(mode, code, {
        EMU_TOKEN: token,
        EMU_SUBSCRIPTION: emu.subscriptionId,
        EMU_ENDPOINT: fastOptions(emu).endpoint,
        EMU_CA: emu.ca,
        EMU_REQUEST: JSON.stringify(request),
      });
      const report = JSON.parse(out.trim().split("\n").at(-1)!) as ChildReport;
      expect(report.actions).toBeGreaterThan(0);
      const flavor = mode === "commonjs" ? "commonjs" : "esm";
      for (const [name, copies] of Object.entries(report.core)) {
        // @azure/core-client loads only with a classic SDK client; the thin clients do without it.
        expect(copies.length, name).toBe(name === "core-client" ? Math.min(copies.length, 1) : 1);
        for (const copy of copies) expect(copy, name).toMatch(new RegExp(`/dist/${flavor}$`));
      }
      expect(report.core["core-rest-pipeline"]).toHaveLength(1);
      expect(report.logged).toEqual({ roleAssignments: true, extensions: true, clusters: true, storage: true, backupVaults: true });
    }, 90_000);
  }
});

import { describe, expect, it } from "vitest";
import { AksBackup, type EnableBackupRequest } from "aks-backup";
import type { ArmEmulator, RequestLogEntry } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { setupRequest } from "../support/setupRequest.js";

const emu = useEmulator();

function seed(e: ArmEmulator, name: string): EnableBackupRequest {
  return setupRequest(e, name);
}

const monitor = /\/(operations|operationStatus|operationResults|asyncOperations)\/[^/]+$/i;

/**
 * Reads of a resource that was already read and has not been written since its first read:
 * a re-read. Status polls (operation monitors, and GETs of a resource after a write to it)
 * are not re-reads. A resource can have several paths (a backup instance in its vault and in
 * the cluster's extension-resource list), so after a write to a resource provider (not its
 * registration) a read of that provider's resources is not a re-read either.
 */
function reReads(log: readonly RequestLogEntry[]): string[] {
  const read = new Set<string>();
  const written = new Set<string>();
  const writtenProviders = new Set<string>();
  const out: string[] = [];
  for (const r of log) {
    const path = r.path.toLowerCase();
    const provider = [...path.matchAll(/\/providers\/([^/]+)\//g)].at(-1)?.[1];
    if (r.method !== "GET") {
      written.add(path);
      for (let p = path; p.includes("/"); p = p.slice(0, p.lastIndexOf("/"))) written.add(p);
      if (provider && !/\/(un)?register$/.test(path)) writtenProviders.add(provider);
      continue;
    }
    if (monitor.test(r.path)) continue;
    if ([...writtenProviders].some((ns) => path.includes(`/providers/${ns}/`))) continue;
    const query = Object.entries(r.query).filter(([k]) => k !== "api-version").sort().map(([k, v]) => `${k}=${v}`).join("&");
    const key = query ? `${path}?${query}` : path;
    if (read.has(key) && !written.has(path)) out.push(`GET ${r.path}${key.slice(path.length)}`);
    read.add(key);
  }
  return out;
}

describe("a setup reads each resource once", () => {
  it("the facade hands preflight's facts to the steps: no re-read, the services' included", async () => {
    const e = emu.current;
    const request = seed(e, "ro-1");
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const from = e.requests.length;
    await aks.enableBackup(request);
    const again = reReads(e.requests.slice(from));
    // The services (extension install, ensureVault, bind, configureProtection, grantAll) read what
    // they converge; each of those reads is answered from preflight's observation (readMemo.ts).
    expect(again).toEqual([]);
    // What the facade itself re-read before: providers, policy, snapshot group, container, the
    // vault's resource group, the vault's backup instances (paged), the caller's permissions.
    expect(again.filter((g) => /\/providers\/Microsoft\.(KubernetesConfiguration|DataProtection|ContainerService)$|backupPolicies|resourcegroups\/[^/]+$|blobServices\/default\/containers|Authorization\/permissions|backupVaults\/[^/]+\/backupInstances$/i.test(g))).toEqual([]);
  });

  it("a second run reads every resource once, and finds the backup instance on the cluster, not by paging the vault", async () => {
    const e = emu.current;
    const request = seed(e, "ro-2");
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    await aks.enableBackup(request);
    const from = e.requests.length;
    await aks.enableBackup(request);
    const log = e.requests.slice(from);
    expect(log.filter((r) => r.method !== "GET")).toEqual([]);
    expect(reReads(log)).toEqual([]);
    expect(log.some((r) => /managedClusters\/ro-2\/providers\/Microsoft.DataProtection\/backupInstances$/i.test(r.path))).toBe(true);
    expect(log.filter((r) => /backupVaults\/[^/]+\/backupInstances$/i.test(r.path))).toEqual([]);
  });
});

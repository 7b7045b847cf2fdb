import { describe, expect, it } from "vitest";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { RoleGranter, TrustedAccessBinder } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, protectedCluster } from "../backup/support.js";

// One item per page, so every list has several pages.
const emu = useEmulator({ ...backupEmulatorOptions, pageSize: 1 });

type Page<T> = T[] & { continuationToken?: string };

/** Reads every page, checks each carries a token (but the last), and resumes from the first page's token. */
async function checkResume<T>(list: () => PagedAsyncIterableIterator<T, T[]>, key: (item: T) => string, settings: { maxPageSize?: number } = {}): Promise<string[]> {
  const pages: Page<T>[] = [];
  for await (const page of list().byPage(settings)) pages.push(page);
  expect(pages.length).toBeGreaterThan(1);
  for (const p of pages.slice(0, -1)) expect(typeof p.continuationToken).toBe("string");
  expect(pages.at(-1)!.continuationToken).toBeUndefined();
  const all = pages.flat().map(key);
  const resumed: string[] = [];
  for await (const page of list().byPage({ ...settings, continuationToken: pages[0]!.continuationToken! })) resumed.push(...page.map(key));
  expect(resumed).toEqual(all.slice(pages[0]!.length));
  return all;
}

describe("every list pages with continuation tokens and resumes from them", () => {
  it("policies, jobs, recovery points, role assignments and Trusted Access bindings", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const t = await protectedCluster(e, m, "pg1");
    await m.ensurePolicy(`${t.vaultId}/backupPolicies/aks-daily`, { preset: "daily" });
    await m.ensurePolicy(`${t.vaultId}/backupPolicies/aks-6h`, { preset: "every6Hours" });
    expect(await checkResume(() => m.listPolicies(t.vaultId), (p) => p.name)).toHaveLength(3);

    for (let i = 0; i < 2; i++) await m.waitForJob((await m.backupNow(t.backupInstanceId)).id);
    const jobs = await checkResume(() => m.listJobs(t.vaultId), (j) => j.id, { maxPageSize: 1 });
    expect(new Set(jobs).size).toBe(jobs.length);
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    const points = await checkResume(() => m.listRecoveryPoints(t.backupInstanceId), (p) => p.id, { maxPageSize: 1 });
    expect(points.length).toBeGreaterThanOrEqual(2);

    const roles = new RoleGranter(e.credential, e.subscriptionId, fastOptions(e));
    expect((await checkResume(() => roles.list(t.snapshotResourceGroupId), (r) => r.id)).length).toBeGreaterThanOrEqual(2);

    const binder = new TrustedAccessBinder(e.credential, e.subscriptionId, fastOptions(e));
    const other = await m.ensureVault(t.vaultId.replace(/vault-pg1$/, "vault-pg1b"), { clusterId: t.clusterId });
    await binder.bind(t.clusterId, other.id);
    expect(await checkResume(() => binder.list(t.clusterId), (b) => b.id)).toHaveLength(2);
  });

  it("reads the vault's job pages once per listing, not once per page", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const t = await protectedCluster(e, m, "pg2");
    for (let i = 0; i < 3; i++) await m.waitForJob((await m.backupNow(t.backupInstanceId)).id);
    const from = e.requests.length;
    const pages: unknown[] = [];
    for await (const page of m.listJobs(t.vaultId).byPage({ maxPageSize: 1 })) pages.push(page);
    const jobPageReads = e.requests.slice(from).filter((r) => r.method === "GET" && /\/backupJobs$/i.test(r.path)).length;
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // One read of the vault's job list (service pages of one job each: one GET per job, plus the
    // empty end at most), whatever the number of pages asked for: not pages x jobs.
    const jobsInVault = e.state.backupJobs.all().filter((j) => j.id.toLowerCase().includes("vault-pg2")).length;
    expect(jobPageReads).toBeLessThanOrEqual(jobsInVault + 1);
  });
});

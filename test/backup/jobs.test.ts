import { describe, expect, it } from "vitest";
import { continuationTokenOf } from "../../src/backup/jobs/list.js";
import { useEmulator } from "../support/emulator.js";
import { advancing, backupEmulatorOptions, collect, managerFor, protectedCluster, writes } from "./support.js";

// Small service pages, so that listings cross several of them.
const emu = useEmulator({ ...backupEmulatorOptions, pageSize: 2 });

describe("listJobs", () => {
  it("filters by instance, operation, status and time window, newest first, in small pages", async () => {
    const m = managerFor(emu.current);
    const a = await protectedCluster(emu.current, m, "jobsa");
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const j = await m.backupNow(a.backupInstanceId);
      ids.push(j.id);
      await m.waitForJob(j.id, advancing(emu.current));
      emu.current.advanceTime(60);
    }
    const backups = await collect(m.listJobs(a.vaultId, { backupInstanceId: a.backupInstanceId, operation: "onDemandBackup" }));
    expect(backups.map((j) => j.id)).toEqual([...ids].reverse());
    const times = backups.map((j) => j.startTime.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(backups.every((j) => j.status === "Completed" && j.trigger === "onDemand")).toBe(true);

    expect(await collect(m.listJobs(a.vaultId, { operation: "restore" }))).toEqual([]);
    expect(await collect(m.listJobs(a.vaultId, { status: ["Failed", "CompletedWithWarnings"] }))).toEqual([]);
    expect((await collect(m.listJobs(a.vaultId, { operation: "scheduledBackup" }))).every((j) => j.trigger === "scheduled")).toBe(true);

    const pages = await collect(m.listJobs(a.vaultId, { operation: "onDemandBackup" }).byPage({ maxPageSize: 3 }));
    expect(pages[0]).toHaveLength(3);
    expect(pages.flat().map((j) => j.id)).toEqual(backups.map((j) => j.id));

    const first = (await m.listJobs(a.vaultId, { operation: "onDemandBackup" }).byPage({ maxPageSize: 1 }).next()).value as typeof backups;
    expect(first).toHaveLength(1);
    const token = continuationTokenOf(first);
    expect(token).toBeTruthy();
    const rest = await collect(m.listJobs(a.vaultId, { operation: "onDemandBackup" }).byPage({ continuationToken: token!, maxPageSize: 10 }));
    expect([...first, ...rest.flat()].map((j) => j.id)).toEqual(backups.map((j) => j.id));
    // A bad token is reported by the page read (lazily, as async iterators do), not by byPage().
    let pending: Promise<unknown> | undefined;
    expect(() => (pending = m.listJobs(a.vaultId).byPage({ continuationToken: "garbage!" }).next())).not.toThrow();
    await expect(pending).rejects.toThrow(expect.objectContaining({ parameter: "continuationToken" }));

    const jobPages = (from: number) => emu.current.requests.slice(from).filter((r) => r.method === "GET" && /\/backupJobs$/.test(r.path)).length;
    let mark = emu.current.requests.length;
    await collect(m.listJobs(a.vaultId));
    const fullPages = jobPages(mark);
    mark = emu.current.requests.length;

    const since = new Date(backups[1]!.startTime.getTime());
    const recent = await collect(m.listJobs(a.vaultId, { operation: "onDemandBackup", since }));
    expect(recent.map((j) => j.id)).toEqual(backups.slice(0, 2).map((j) => j.id));
    // The service lists oldest first (as recorded), so a windowed listing still reads every
    // page, keeps only the matches, and yields them newest first.
    mark = emu.current.requests.length;
    // (On-demand only: the clock moved on while waiting, so a scheduled backup may have started since.)
    const newest = await collect(m.listJobs(a.vaultId, { since: backups[0]!.startTime, operation: "onDemandBackup" }));
    expect(newest.map((j) => j.id)).toEqual([backups[0]!.id]);
    expect(jobPages(mark)).toBe(fullPages);
    expect(fullPages).toBeGreaterThan(1);
    const future = await collect(m.listJobs(a.vaultId, { since: new Date(Date.now() + 365 * 86400_000) }));
    expect(future).toEqual([]);
  });

  it("lists without writing and rejects bad filters before any request", async () => {
    const m = managerFor(emu.current);
    const a = await protectedCluster(emu.current, m, "jobsb");
    const before = emu.current.requests.length;
    expect(() => m.listJobs(a.vaultId, { status: "Done" as never })).toThrow(expect.objectContaining({ parameter: "status" }));
    expect(() => m.listJobs(a.backupInstanceId)).toThrow(expect.objectContaining({ parameter: "vaultId" }));
    expect(emu.current.requests.length).toBe(before);
    await collect(m.listJobs(a.vaultId));
    expect(writes(emu.current, before)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { call, finish, slowDurations } from "./dppFixtures.js";
import { alignToSlot, backupNow, configured, listAll } from "./jobFixtures.js";

const emu = useEmulator({ durations: slowDurations, pageSize: 20 });
type Json = Record<string, unknown>;
const hour = 3600;

async function scheduledJobs(vaultId: string): Promise<Json[]> {
  const { items } = await listAll(emu.current, `${vaultId}/backupJobs`);
  return items.map((j) => j["properties"] as Json).filter((p) => p["isUserTriggered"] === false);
}

describe("scheduled backups", () => {
  it("run from the policy's schedule (R/2024-01-01T09:00:00+00:00/PT4H) on the emulator clock", async () => {
    const e = emu.current;
    const s = await configured(e, "sched");
    alignToSlot(e);
    const first = (await scheduledJobs(s.vaultId)).length;
    expect(first).toBe(1);
    e.advanceTime(24 * hour);
    const jobs = (await scheduledJobs(s.vaultId)).slice(first);
    expect(jobs).toHaveLength(6);
    const starts = jobs.map((p) => new Date(p["startTime"] as string));
    for (const t of starts) expect([t.getUTCHours() % 4, t.getUTCMinutes(), t.getUTCSeconds()]).toEqual([1, 0, 0]);
    for (let i = 1; i < starts.length; i++) expect(starts[i]!.getTime() - starts[i - 1]!.getTime()).toBe(4 * hour * 1000);
    for (const p of jobs) expect([p["status"], p["operation"], p["supportedActions"]]).toEqual(["Completed", "Backup", []]);
    expect((await listAll(e, `${s.bi}/recoveryPoints`)).items).toHaveLength(7);
  });

  it("stop when protection is stopped or backups suspended, and start again when resumed", async () => {
    const e = emu.current;
    const s = await configured(e, "schedstop");
    alignToSlot(e);
    e.advanceTime(8 * hour);
    const before = (await scheduledJobs(s.vaultId)).length;
    expect(before).toBe(3);
    await finish(e, await call(e, "POST", `${s.bi}/stopProtection`));
    e.advanceTime(24 * hour);
    expect(await scheduledJobs(s.vaultId)).toHaveLength(before);
    await finish(e, await call(e, "POST", `${s.bi}/resumeProtection`));
    e.advanceTime(8 * hour);
    expect(await scheduledJobs(s.vaultId)).toHaveLength(before + 2);
    await finish(e, await call(e, "POST", `${s.bi}/suspendBackups`));
    e.advanceTime(24 * hour);
    expect(await scheduledJobs(s.vaultId)).toHaveLength(before + 2);
  });

  it("retention removes points older than the policy's P7D but always keeps the latest", async () => {
    const e = emu.current;
    const s = await configured(e, "retain");
    alignToSlot(e);
    e.advanceTime(9 * 24 * hour);
    const points = (await listAll(e, `${s.bi}/recoveryPoints`)).items.map((p) => Date.parse((p["properties"] as Json)["recoveryPointTime"] as string));
    // 55 backups ran (one per 4 hours); those within the last 7 days (42 slots) are kept.
    expect((await scheduledJobs(s.vaultId)).length).toBe(55);
    expect(points).toHaveLength(42);
    expect(Math.min(...points)).toBeGreaterThan(e.state.clock.now() - 7 * 24 * hour * 1000);
    await finish(e, await call(e, "POST", `${s.bi}/suspendBackups`));
    e.advanceTime(10 * 24 * hour);
    const left = (await listAll(e, `${s.bi}/recoveryPoints`)).items;
    expect(left).toHaveLength(1);
    expect(Date.parse((left[0]!["properties"] as Json)["recoveryPointTime"] as string)).toBe(Math.max(...points));
  });

  it("a stopped instance keeps its points forever", async () => {
    const e = emu.current;
    const s = await configured(e, "retainstop");
    await backupNow(e, s.bi);
    e.advanceTime(200);
    await backupNow(e, s.bi);
    e.advanceTime(200);
    const count = (await listAll(e, `${s.bi}/recoveryPoints`)).items.length;
    expect(count).toBeGreaterThanOrEqual(2);
    await finish(e, await call(e, "POST", `${s.bi}/stopProtection`));
    e.advanceTime(30 * 24 * hour);
    expect((await listAll(e, `${s.bi}/recoveryPoints`)).items).toHaveLength(count);
  });
});

import { describe, expect, it } from "vitest";
import { InputValidationError, InvalidStateError } from "aks-backup";
import { useEmulator } from "../support/emulator.js";
import { advancing, backupEmulatorOptions, collect, managerFor, protectedCluster, writes } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);

describe("backupNow, jobs and recovery points", () => {
  it("backs up now, waits for the job, and finds its recovery point", async () => {
    const m = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "bnow");
    const started = await m.backupNow(t.backupInstanceId);
    expect(started).toMatchObject({ operation: "Backup", trigger: "onDemand", backupInstanceId: t.backupInstanceId, vaultId: t.vaultId });
    expect(started.id).toMatch(/\/backupJobs\/[0-9a-f-]{36}$/);
    const statuses: string[] = [];
    const done = await m.waitForJob(started.id, { ...advancing(emu.current), onProgress: (s) => { statuses.push(s.lastStatus ?? ""); emu.current.advanceTime(600); } });
    expect(done).toMatchObject({ status: "Completed", isTerminal: true, producedRecoveryPoint: true, error: undefined });
    expect(statuses.at(-1)).toBe("Completed");
    expect(done.endTime!.getTime()).toBeGreaterThanOrEqual(done.startTime.getTime());
    expect(done.recoveryPointId).toBeTruthy();
    const points = await collect(m.listRecoveryPoints(t.backupInstanceId));
    expect(points.map((p) => p.name)).toContain(done.recoveryPointId);
    const rp = await m.getRecoveryPoint(t.backupInstanceId, done.recoveryPointId!);
    expect(rp).toMatchObject({ name: done.recoveryPointId, backupInstanceId: t.backupInstanceId });
    expect((await m.getJob(started.id)).status).toBe("Completed");
  });

  it("lists recovery points newest first", async () => {
    const m = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "rplist");
    for (let i = 0; i < 3; i++) {
      const j = await m.backupNow(t.backupInstanceId);
      await m.waitForJob(j.id, advancing(emu.current));
      emu.current.advanceTime(3600);
    }
    const points = await collect(m.listRecoveryPoints(t.backupInstanceId));
    expect(points.length).toBeGreaterThanOrEqual(3);
    const times = points.map((p) => p.time.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const pages = await collect(m.listRecoveryPoints(t.backupInstanceId).byPage({ maxPageSize: 2 }));
    expect(pages[0]).toHaveLength(2);
    expect(pages.flat().map((p) => p.id)).toEqual(points.map((p) => p.id));
  });

  it("refuses bad input before any write", async () => {
    const m = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "bnbad");
    const before = emu.current.requests.length;
    await expect(m.backupNow(t.vaultId)).rejects.toThrow(InputValidationError);
    await expect(m.backupNow(`${t.vaultId}/backupInstances/nope`)).rejects.toThrow(expect.objectContaining({ parameter: "backupInstanceId" }));
    await expect(m.backupNow(t.backupInstanceId, { ruleName: "Nightly" })).rejects.toThrow(expect.objectContaining({ parameter: "ruleName" }));
    await expect(m.backupNow(t.backupInstanceId, { retentionTag: "Vault" })).rejects.toThrow(expect.objectContaining({ parameter: "retentionTag" }));
    await expect(m.getJob(`${t.vaultId}/backupJobs/00000000-0000-0000-0000-00000000dead`)).rejects.toThrow(expect.objectContaining({ parameter: "jobId" }));
    await expect(m.getJob(t.backupInstanceId)).rejects.toThrow(expect.objectContaining({ parameter: "jobId" }));
    await expect(m.getRecoveryPoint(t.backupInstanceId, "ffffffffffffffffffffffffffffffff")).rejects.toThrow(expect.objectContaining({ parameter: "recoveryPointId" }));
    expect(writes(emu.current, before)).toEqual([]);
    await m.stopProtection(t.backupInstanceId, { retain: "forever", confirm: t.backupInstanceId.split("/").at(-1)! });
    const stopped = emu.current.requests.length;
    await expect(m.backupNow(t.backupInstanceId)).rejects.toThrow(InvalidStateError);
    expect(writes(emu.current, stopped)).toEqual([]);
  });

  it("stops waiting on abort and on timeout", async () => {
    const m = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "bnwait");
    const job = await m.backupNow(t.backupInstanceId);
    const controller = new AbortController();
    controller.abort();
    await expect(m.waitForJob(job.id, { abortSignal: controller.signal })).rejects.toThrow(/abort/i);
    if (!(await m.getJob(job.id)).isTerminal) {
      await expect(m.waitForJob(job.id, { timeoutInMs: 30, pollIntervalInMs: 20 })).rejects.toThrow(expect.objectContaining({ name: "WaitTimeoutError" }));
    }
    const poller = m.beginWaitForJob(job.id, advancing(emu.current));
    expect((await poller.pollUntilDone()).isTerminal).toBe(true);
    expect(poller.operationState?.polls).toBeGreaterThan(0);
  });
});

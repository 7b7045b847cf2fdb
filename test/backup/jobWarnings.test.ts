import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { advancing, backupEmulatorOptions, collect, managerFor, protectedCluster } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);

describe("jobs completed with warnings", () => {
  it("lists them by status, and gives typed warnings with remedies and the recovery point they still made", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const a = await protectedCluster(e, m, "warn");
    const ok = await m.waitForJob((await m.backupNow(a.backupInstanceId)).id, advancing(e));
    expect(ok.status).toBe("Completed");

    e.setClusterConditions(a.clusterId, { pvcsWithoutStorageClass: ["shop/data-0"], failingHooks: [] });
    const warned = await m.waitForJob((await m.backupNow(a.backupInstanceId)).id, advancing(e));
    expect(warned.status).toBe("CompletedWithWarnings");
    expect(warned.hasDetails).toBe(true);
    expect(warned.producedRecoveryPoint).toBe(true);
    expect(warned.recoveryPointId).toMatch(/^[0-9a-f]{32}$/);
    expect(warned.summary).toMatch(/still produced a restore point/);
    expect(warned.warnings).toEqual([
      expect.objectContaining({ resource: "shop/data-0", code: "UserErrorPVCHasNoVolumeOrStorageClass", remedy: expect.stringMatching(/StorageClass/) as unknown }),
    ]);

    // On-demand only: a scheduled backup (by time of day) may run while the clock moves on, with the same warnings.
    const listed = await collect(m.listJobs(a.vaultId, { status: "CompletedWithWarnings", operation: "onDemandBackup" }));
    expect(listed.map((j) => j.id)).toEqual([warned.id]);
    expect(listed[0]!.hasDetails).toBe(false);
    expect(listed[0]!.summary).toMatch(/getJob shows them/);

    const detailed = await collect(m.listJobs(a.vaultId, { status: "CompletedWithWarnings", operation: "onDemandBackup", includeDetails: true }));
    expect(detailed[0]!.warnings.map((w) => w.code)).toEqual(["UserErrorPVCHasNoVolumeOrStorageClass"]);
    const completedOnly = await collect(m.listJobs(a.vaultId, { status: "Completed", operation: "onDemandBackup" }));
    expect(completedOnly.map((j) => j.id)).toEqual([ok.id]);
  });
});

import { describe, expect, it } from "vitest";
import { ConfirmationRequiredError } from "aks-backup";
import { useEmulator } from "../support/emulator.js";
import { advancing, backupEmulatorOptions, managerFor, protectedCluster, writes } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);

async function withRecoveryPoint(name: string) {
  const m = managerFor(emu.current);
  const t = await protectedCluster(emu.current, m, name);
  const job = await m.waitForJob((await m.backupNow(t.backupInstanceId)).id, advancing(emu.current));
  expect(job.status).toBe("Completed");
  return { m, t, recoveryPointId: job.recoveryPointId! };
}

describe("restore", () => {
  it("restores the latest recovery point to the original cluster", async () => {
    const { m, t, recoveryPointId } = await withRecoveryPoint("rsame");
    const started = await m.restore(t.backupInstanceId);
    expect(started).toMatchObject({ operation: "Restore", operationCategory: "Restore", backupInstanceId: t.backupInstanceId, trigger: "onDemand" });
    const done = await m.waitForJob(started.id, advancing(emu.current));
    expect(done).toMatchObject({ status: "Completed", recoveryPointId, producedRecoveryPoint: false });
    expect(done.restoreTargetClusterId?.toLowerCase()).toBe(t.clusterId.toLowerCase());
    const restores = [];
    for await (const j of m.listJobs(t.vaultId, { operation: "restore" })) restores.push(j.id);
    expect(restores).toEqual([started.id]);
  });

  it("sends the resource guard's approval with a restore when the vault has a guard", async () => {
    const { m, t } = await withRecoveryPoint("rguard");
    const guardId = emu.current.addResourceGuard({ resourceGroup: "rg-rguard-guard", name: "guard-rguard", location: "eastus" });
    await m.attachResourceGuard(t.vaultId, guardId);
    const from = emu.current.requests.length;
    const started = await m.restore(t.backupInstanceId);
    expect(started.operation).toBe("Restore");
    // The emulator refuses a guarded restore without it (UserErrorResourceGuardOperationRequestMissing).
    expect(emu.current.requests.slice(from).filter((r) => r.method === "POST" && /\/restore$/.test(r.path)).map((r) => r.status)).toEqual([202]);
  });

  it("Patch into another cluster asks confirm only where a namespace it writes exists there (listed with AKS run command), or cannot be told", async () => {
    const { m, t, recoveryPointId } = await withRecoveryPoint("rpatch");
    const e = emu.current;
    const location = e.state.clusters.get(t.clusterId)!.location;
    const other = e.addCluster({ resourceGroup: "rg-rpatch-other", name: "rpatch-other", location });
    e.addClusterObjects(other, [{ namespace: "shop", kind: "configmaps", name: "settings" }]);
    const base = { recoveryPointId, targetClusterId: other, conflictPolicy: "Patch" as const, includedNamespaces: ["prod"] };
    const before = e.requests.length;
    const refused = await m.restore(t.backupInstanceId, { ...base, namespaceMappings: { prod: "shop" } }).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(ConfirmationRequiredError);
    expect(refused).toMatchObject({ expected: "rpatch-other" });
    expect((refused as Error).message).toMatch(/namespaces that exist in rpatch-other: shop/);
    expect(writes(e, before).map((w) => w.path.split("/").at(-1))).toEqual(["runCommand"]);
    // Every namespace of the backup: ARM lists none, so it asks (and sends no command).
    await expect(m.restore(t.backupInstanceId, { recoveryPointId, targetClusterId: other, conflictPolicy: "Patch" })).rejects.toBeInstanceOf(ConfirmationRequiredError);
    expect(writes(e, before)).toHaveLength(1);
    // Into a namespace the target does not have: no confirm; the restore goes on to its validation.
    const mark = e.requests.length;
    const goes = await m.restore(t.backupInstanceId, { ...base, namespaceMappings: { prod: "prod-new" } }).catch((x: unknown) => x);
    expect(goes).not.toBeInstanceOf(ConfirmationRequiredError);
    // The instance is read once, for the confirmation and the restore's own checks.
    expect(e.requests.slice(mark).filter((q) => q.method === "GET" && q.path.toLowerCase() === t.backupInstanceId.toLowerCase())).toHaveLength(1);
    expect(e.requests.slice(before).some((r) => /\/validateRestore$/.test(r.path))).toBe(true);
  });

  it("refuses bad restores before any write", async () => {
    const { m, t, recoveryPointId } = await withRecoveryPoint("rbad");
    const other = await withRecoveryPoint("rbad2");
    const westId = emu.current.addCluster({ resourceGroup: "rg-west", name: "west1", location: "westus" });
    const before = emu.current.requests.length;
    await expect(m.restore(t.backupInstanceId, { namespaceMappings: { prod: "Prod Copy" } })).rejects.toThrow(expect.objectContaining({ parameter: "namespaceMappings.prod" }));
    await expect(m.restore(t.backupInstanceId, { conflictPolicy: "Replace" as never })).rejects.toThrow(expect.objectContaining({ parameter: "conflictPolicy" }));
    expect(emu.current.requests.length).toBe(before);
    await expect(m.restore(t.backupInstanceId, { recoveryPointId: `${other.t.backupInstanceId}/recoveryPoints/${other.recoveryPointId}` })).rejects.toThrow(/belongs to/);
    await expect(m.restore(t.backupInstanceId, { recoveryPointId: "0123456789abcdef0123456789abcdef" })).rejects.toThrow(expect.objectContaining({ parameter: "recoveryPointId" }));
    await expect(m.restore(t.backupInstanceId, { recoveryPointId, targetClusterId: westId })).rejects.toThrow(/westus.*eastus/);
    await expect(m.restore(t.backupInstanceId, { targetClusterId: westId.replace("west1", "ghost") })).rejects.toThrow(expect.objectContaining({ parameter: "targetClusterId" }));
    await expect(m.restore(`${t.vaultId}/backupInstances/none`)).rejects.toThrow(expect.objectContaining({ parameter: "backupInstanceId" }));
    expect(writes(emu.current, before)).toEqual([]);
  });

  it("needs a recovery point", async () => {
    const m = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "rnone");
    const before = emu.current.requests.length;
    await expect(m.restore(t.backupInstanceId)).rejects.toThrow(/no recovery point yet/);
    expect(writes(emu.current, before)).toEqual([]);
  });
});

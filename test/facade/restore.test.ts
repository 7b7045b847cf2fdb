import { describe, expect, it } from "vitest";
import { AksBackup, ResourceNotFoundError } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { advancing, backupEmulatorOptions, managerFor, protectableCluster, protectedCluster, writes } from "../backup/support.js";

const emu = useEmulator(backupEmulatorOptions);

async function withRecoveryPoint(name: string) {
  const m = managerFor(emu.current);
  const t = await protectedCluster(emu.current, m, name);
  const job = await m.waitForJob((await m.backupNow(t.backupInstanceId)).id, advancing(emu.current));
  expect(job.status).toBe("Completed");
  return { m, t, recoveryPointId: job.recoveryPointId! };
}

describe("AksBackup.restoreCluster (restore preparation lives in the facade)", () => {
  it("restores chosen namespaces to another cluster, granting the restore permissions and binding Trusted Access first", async () => {
    const { m, t, recoveryPointId } = await withRecoveryPoint("frsrc");
    const target = await protectableCluster(emu.current, m, "frtgt");
    const aks = new AksBackup(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const before = emu.current.requests.length;
    const result = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId, targetClusterId: target.clusterId, recoveryPointId, includedNamespaces: ["prod"], namespaceMappings: { prod: "prod-restored" } });
    const paths = writes(emu.current, before).map((w) => `${w.method} ${w.path}`);
    const firstGrant = paths.findIndex((p) => /^PUT .*managedClusters\/frtgt\/providers\/Microsoft.Authorization\/roleAssignments\//i.test(p));
    const binding = paths.findIndex((p) => /^PUT .*managedClusters\/frtgt\/trustedAccessRoleBindings\//i.test(p));
    const validate = paths.findIndex((p) => /validateRestore$/.test(p));
    expect(firstGrant).toBeGreaterThanOrEqual(0);
    expect(binding).toBeGreaterThanOrEqual(0);
    expect(validate).toBeGreaterThan(Math.max(firstGrant, binding));
    expect(result.steps.map((s) => s.step).sort()).toEqual(["restore", "roles", "trustedAccess", "validate"]);
    expect(result.steps.filter((s) => s.wrote).map((s) => s.step)).toEqual(expect.arrayContaining(["roles", "trustedAccess", "restore"]));
    expect(result.targetClusterId.toLowerCase()).toBe(target.clusterId.toLowerCase());
    expect(result.recoveryPointId).toMatch(new RegExp(`/recoveryPoints/${recoveryPointId}$`));
    const done = await m.waitForJob(result.jobId, advancing(emu.current));
    expect(done.status).toBe("Completed");
    expect(done.restoreTargetClusterId?.toLowerCase()).toBe(target.clusterId.toLowerCase());
    // The facade reads the target cluster once (region and identity from one GET; the grants
    // reuse the identity); TrustedAccessBinder.bind reads it once more for its region's roles.
    const clusterReads = emu.current.requests.slice(before).filter((r) => r.method === "GET" && /managedClusters\/frtgt$/i.test(r.path));
    expect(clusterReads).toHaveLength(2);
  });

  it("grants nothing with grantPermissions: false, and checks everything before any write", async () => {
    const { t } = await withRecoveryPoint("frnone");
    const aks = new AksBackup(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const before = emu.current.requests.length;
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, targetClusterId: t.clusterId.replace("frnone", "ghost") })).rejects.toThrow(ResourceNotFoundError);
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, conflictPolicy: "Replace" as never })).rejects.toThrow(expect.objectContaining({ parameter: "conflictPolicy" }));
    expect(writes(emu.current, before)).toEqual([]);
    const result = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId }, { grantPermissions: false });
    const wrote = result.steps.filter((s) => s.wrote).map((s) => s.step);
    expect(wrote).toContain("restore");
    expect(wrote).not.toContain("roles");
    expect(wrote).not.toContain("trustedAccess");
    expect(writes(emu.current, before).filter((w) => /roleAssignments|trustedAccessRoleBindings/i.test(w.path))).toEqual([]);
  });
});

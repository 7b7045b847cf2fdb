import { describe, expect, it } from "vitest";
import { AksBackup, PreflightError, defaultClusterConcurrency, type EnableBackupRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";

// Big pages: the quota test lists about 4,000 role assignments.
const emu = useEmulator({ pageSize: 500 });

/** A fleet of clusters sharing one vault, policy, storage account, container and snapshot resource group. */
function sharedFleet(e: ArmEmulator, name: string, size: number): EnableBackupRequest[] {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups`;
  const storageAccountId = e.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "westeurope" });
  return Array.from({ length: size }, (_, i) => ({
    clusterId: e.addCluster({ resourceGroup: `rg-${name}-${i}`, name: `${name}-${i}`, location: "westeurope" }),
    storageAccountId,
    blobContainer: "fleet-backups",
    vaultId: `${rg}/rg-${name}-backup/providers/Microsoft.DataProtection/backupVaults/vault-${name}`,
    snapshotResourceGroupId: `${rg}/rg-${name}-snapshots`,
  }));
}

const puts = (e: ArmEmulator, from: number, path: RegExp): number => e.requests.slice(from).filter((r) => r.method === "PUT" && r.status < 300 && path.test(r.path)).length;

describe("AksBackup.enableBackupForFleet", () => {
  it("converges what ten clusters share once: exactly one PUT per shared resource", async () => {
    const e = emu.current;
    const requests = sharedFleet(e, "fl", 10);
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const plan = await aks.planBackupForFleet(requests);
    expect(plan.problems).toEqual([]);
    expect(plan.sharedResources.some((id) => /backupVaults\/vault-fl$/i.test(id))).toBe(true);
    expect(plan.roleAssignments[0]).toMatchObject({ quota: 4000 });
    expect(plan.roleAssignments[0]!.planned).toBe(10 * 3 + 3);
    const from = e.requests.length;
    const results = await aks.enableBackupForFleet(requests, { clusterConcurrency: 10 });
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.error.message))).toEqual([]);
    expect(puts(e, from, /backupVaults\/vault-fl$/)).toBe(1);
    expect(puts(e, from, /backupPolicies\/aks-backup-policy$/)).toBe(1);
    expect(puts(e, from, /resourcegroups\/rg-fl-snapshots$/i)).toBe(1);
    expect(puts(e, from, /resourcegroups\/rg-fl-backup$/i)).toBe(1);
    expect(puts(e, from, /containers\/fleet-backups$/)).toBe(1);
    // The vault's three roles on the shared scopes, once; each cluster's own: cluster on the
    // snapshot group, extension on the storage account, vault Reader on the cluster.
    expect(puts(e, from, /rg-fl-snapshots\/providers\/Microsoft.Authorization\/roleAssignments\//i)).toBe(2 + 10);
    expect(puts(e, from, /safl\/providers\/Microsoft.Authorization\/roleAssignments\//i)).toBe(1 + 10);
    const assignments = results.flatMap((r) => (r.ok ? r.result.roleAssignments.map((a) => a.id) : []));
    expect(assignments).toHaveLength(10 * 6);
    expect(new Set(assignments.map((id) => id.toLowerCase())).size).toBe(10 * 3 + 3);
    // No write the second time.
    const again = e.requests.length;
    const rerun = await aks.enableBackupForFleet(requests);
    expect(rerun.every((r) => r.ok && r.result.writeSteps === 0)).toBe(true);
    expect(e.requests.slice(again).filter((r) => r.method !== "GET")).toEqual([]);
    expect((await aks.planBackupForFleet(requests)).roleAssignments[0]!.planned).toBe(0);
  });

  it("refuses a fleet that would pass the role-assignment quota, before any write", async () => {
    const e = emu.current;
    const requests = sharedFleet(e, "fq", 4);
    const scope = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-fq-0`;
    for (let i = 0; i < 3995; i++) {
      const name = e.state.newId();
      e.state.roleAssignments.set({
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, scope,
        roleDefinitionId: `/subscriptions/${e.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
        principalId: e.state.newId(), principalType: "ServicePrincipal", createdAt: e.state.clock.now(),
      });
    }
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    // One cluster's plan checks the limit too (planBackup: the limits that bite at scale).
    const single = await aks.planBackup({ ...requests[0]!, clusterId: e.addCluster({ resourceGroup: "rg-fq-one", name: "fq-one", location: "westeurope" }) });
    expect(single.problems.map((p) => p.subject)).toEqual(["roles"]);
    expect(single.problems[0]!.problem).toMatch(/of its 4000/);
    expect(single.actions).toEqual([]);
    const plan = await aks.planBackupForFleet(requests);
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]).toMatchObject({ subject: "roles" });
    expect(plan.problems[0]!.problem).toMatch(/needs about 15 new role assignments .* which has \d{4} of its 4000/);
    const from = e.requests.length;
    await expect(aks.enableBackupForFleet(requests)).rejects.toThrow(PreflightError);
    expect(e.requests.slice(from).filter((r) => r.method !== "GET")).toEqual([]);
    for (const a of e.state.roleAssignments.all().filter((r) => r.scope === scope)) e.state.roleAssignments.delete(a.id);
  });

  it("sizes its default concurrency from the subscription's write budget", () => {
    expect(defaultClusterConcurrency()).toBe(39);
    expect(defaultClusterConcurrency(12_000)).toBe(381);
    expect(defaultClusterConcurrency(1)).toBe(1);
  });
});

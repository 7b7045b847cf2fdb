import { describe, expect, it } from "vitest";
import { InputValidationError, PrerequisiteError, RoleGranter, builtInRoles, type BackupPermissionsRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emulator = useEmulator();

function roleWrites(emu: ArmEmulator, since: number): number {
  return emu.requests.slice(since).filter((r) => r.method === "PUT" && /roleAssignments/i.test(r.path)).length;
}

function backupSetup(emu: ArmEmulator, name: string, identity?: Parameters<ArmEmulator["addCluster"]>[0]["identity"]): BackupPermissionsRequest & { clusterId: string; storageAccountId: string; snapshotResourceGroupId: string } {
  const clusterId = emu.addCluster({ resourceGroup: `rg-${name}`, name, location: "eastus", ...(identity ? { identity } : {}) });
  return {
    clusterId,
    storageAccountId: emu.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "eastus" }),
    snapshotResourceGroupId: emu.addResourceGroup({ name: `rg-${name}-snapshots`, location: "eastus" }),
    vaultPrincipalId: emu.addServicePrincipal({ visibleNow: true }),
    extensionPrincipalId: emu.addServicePrincipal({ visibleNow: true }),
  };
}

describe("RoleGranter backup permission set", () => {
  it("computes the CLI's set at the narrowest scopes, with the cluster's own identity", async () => {
    const emu = emulator.current;
    const req = backupSetup(emu, "plan1");
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const mark = emu.requests.length;
    const set = await granter.requiredForBackup(req);
    expect(roleWrites(emu, mark)).toBe(0);
    const clusterPrincipal = emu.state.clusters.get(req.clusterId)!.identity.principalId!;
    const rows = set.map((r) => `${r.identity}|${r.principalId}|${r.role}|${r.scope}`).sort();
    expect(rows).toEqual([
      `cluster|${clusterPrincipal}|Contributor|${req.snapshotResourceGroupId}`,
      `extension|${req.extensionPrincipalId}|Storage Blob Data Contributor|${req.storageAccountId}`,
      `vault|${req.vaultPrincipalId}|Disk Snapshot Contributor|${req.snapshotResourceGroupId}`,
      `vault|${req.vaultPrincipalId}|Reader|${req.clusterId}`,
      `vault|${req.vaultPrincipalId}|Reader|${req.snapshotResourceGroupId}`,
      `vault|${req.vaultPrincipalId}|Storage Blob Data Reader|${req.storageAccountId}`,
    ].sort());
    for (const r of set) expect(r.scope.split("/").length).toBeGreaterThan(3);
  });

  it("grants the whole set once; the second run makes no write", async () => {
    const emu = emulator.current;
    const req = backupSetup(emu, "grant2");
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const before = await granter.plan(await granter.requiredForBackup(req));
    expect(before.every((p) => p.existingId === undefined)).toBe(true);
    let mark = emu.requests.length;
    const first = await granter.grantForBackup(req);
    expect(first.filter((g) => g.created)).toHaveLength(6);
    expect(roleWrites(emu, mark)).toBe(6);
    for (const g of first) {
      const stored = emu.state.roleAssignments.get(g.id)!;
      expect(stored.roleDefinitionId.toLowerCase()).toContain(builtInRoles[g.role as keyof typeof builtInRoles]);
      expect(stored.principalType).toBe("ServicePrincipal");
    }
    mark = emu.requests.length;
    const second = await granter.grantForBackup(req);
    expect(second.some((g) => g.created)).toBe(false);
    expect(second.map((g) => g.id)).toEqual(first.map((g) => g.id));
    expect(roleWrites(emu, mark)).toBe(0);
    const after = await granter.plan(await granter.requiredForBackup(req));
    expect(after.map((p) => p.existingId)).toEqual(first.map((g) => g.id));
  });

  it("uses the user-assigned identity of a cluster that has one", async () => {
    const emu = emulator.current;
    const uami = `/subscriptions/${emu.subscriptionId}/resourceGroups/rg-ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-id`;
    const req = backupSetup(emu, "uami3", { userAssigned: [uami] });
    const set = await new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu)).requiredForBackup(req);
    const expected = emu.state.clusters.get(req.clusterId)!.identity.userAssignedIdentities![uami]!.principalId;
    expect(set.find((r) => r.identity === "cluster")?.principalId).toBe(expected);
  });

  it("refuses a cluster without a managed identity, before any write", async () => {
    const emu = emulator.current;
    const req = backupSetup(emu, "noid4", "None");
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const mark = emu.requests.length;
    const err = await granter.grantForBackup(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrerequisiteError);
    expect((err as PrerequisiteError).message).toMatch(/no managed identity/);
    expect(roleWrites(emu, mark)).toBe(0);
  });

  it("checks every id before any request", async () => {
    const emu = emulator.current;
    const req = backupSetup(emu, "badids5");
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const mark = emu.requests.length;
    const bad: Array<[Partial<BackupPermissionsRequest>, string]> = [
      [{ storageAccountId: req.snapshotResourceGroupId }, "storageAccountId"],
      [{ snapshotResourceGroupId: `/subscriptions/${emu.subscriptionId}` }, "snapshotResourceGroupId"],
      [{ vaultPrincipalId: "vault-identity" }, "vaultPrincipalId"],
      [{ clusterId: req.storageAccountId }, "clusterId"],
    ];
    for (const [patch, parameter] of bad) {
      const err = await granter.grantForBackup({ ...req, ...patch }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputValidationError);
      expect((err as InputValidationError).parameter).toBe(parameter);
    }
    expect(emu.requests.length).toBe(mark);
  });
});

describe("RoleGranter restore permission set", () => {
  it("grants the vault Reader on the target cluster and the cluster Contributor on its snapshot group", async () => {
    const emu = emulator.current;
    const targetClusterId = emu.addCluster({ resourceGroup: "rg-restore", name: "target", location: "westeurope" });
    const snapshotResourceGroupId = emu.addResourceGroup({ name: "rg-restore-snapshots", location: "westeurope" });
    const vaultPrincipalId = emu.addServicePrincipal({ visibleNow: true });
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const granted = await granter.grantForRestore({ targetClusterId, snapshotResourceGroupId, vaultPrincipalId });
    const clusterPrincipal = emu.state.clusters.get(targetClusterId)!.identity.principalId!;
    expect(granted.map((g) => `${g.principalId}|${g.role}|${g.scope}|${g.created}`).sort()).toEqual([
      `${clusterPrincipal}|Contributor|${snapshotResourceGroupId}|true`,
      `${vaultPrincipalId}|Reader|${targetClusterId}|true`,
    ].sort());
  });
});

import { describe, expect, it } from "vitest";
import { InputValidationError, InvalidStateError, OperationFailedError, type BackupInstanceInfo } from "aks-backup";
import { useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, rawClientFor, protectableCluster } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("BackupInstanceManager lifecycle", () => {
  it("creates a vault with a system-assigned identity in the cluster's region, then leaves it alone", async () => {
    const m = managerFor(emu.current);
    const { vaultId, vault } = await protectableCluster(emu.current, m, "vaultc");
    expect(vault).toMatchObject({ action: "created", location: "eastus", identityType: "SystemAssigned", softDeleteState: "On" });
    expect(vault.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await m.ensureVault(vaultId, { location: "eastus" });
    expect(again.action).toBe("unchanged");
    expect(again.principalId).toBe(vault.principalId);
    expect(await m.getVault(vaultId.replace(/vault-vaultc$/, "nope"))).toBeUndefined();
  });

  it("ensures a policy idempotently and lists it", async () => {
    const m = managerFor(emu.current);
    const { vaultId, policyId } = await protectableCluster(emu.current, m, "polc");
    const writes = emu.current.requests.filter((r) => r.method === "PUT").length;
    const again = await m.ensurePolicy(policyId, { preset: "every4Hours" });
    expect(again.action).toBe("unchanged");
    expect(emu.current.requests.filter((r) => r.method === "PUT").length).toBe(writes);
    const changed = await m.ensurePolicy(policyId, { preset: "daily" });
    expect(changed).toMatchObject({ action: "updated", schedule: ["R/2024-01-01T09:00:00+00:00/P1D"], operationalRetention: "P7D" });
    const names = (await collect(m.listPolicies(vaultId))).map((p) => p.name);
    expect(names).toContain("aks-4h");
    const vaultTier = await m.ensurePolicy(`${vaultId}/backupPolicies/aks-vault`, { preset: "dailyWithVaultTier" });
    expect(vaultTier).toMatchObject({ action: "created", vaultRetention: "P30D", operationalRetention: "P7D" });
    await expect(m.ensurePolicy(`${vaultId}/backupPolicies/bad`, { policy: { ...vaultTier.policy, datasourceTypes: ["Microsoft.Compute/disks"] } })).rejects.toThrow(/not for AKS/);
    expect(await m.getPolicy(`${vaultId}/backupPolicies/bad`)).toBeUndefined();
  });

  it("configures protection, updates it in place, changes policy, stops, resumes and deletes", async () => {
    const m = managerFor(emu.current);
    const t = await protectableCluster(emu.current, m, "lifec");
    const progress: string[] = [];
    const bi = await m.configureProtection(
      { clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId, configuration: { excludedNamespaces: ["kube-system"] } },
      { onProgress: (s) => progress.push(s.lastStatus ?? "") },
    );
    expect(bi).toMatchObject({ protectionState: "ProtectionConfigured", clusterId: t.clusterId, snapshotResourceGroupId: t.snapshotResourceGroupId });
    expect(bi.policyId.toLowerCase()).toBe(t.policyId.toLowerCase());
    expect(bi.configuration.excludedNamespaces).toEqual(["kube-system"]);
    expect(progress).toContain("ProtectionConfigured");

    const again = await m.configureProtection({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId, configuration: { excludedNamespaces: ["kube-system"] } });
    expect(again.id).toBe(bi.id);

    await expect(m.updateBackupConfiguration(bi.id, { labelSelectors: ["app=web"] })).rejects.toMatchObject({ name: "ConfirmationRequiredError", expected: bi.name });
    const updated = await m.updateBackupConfiguration(bi.id, { labelSelectors: ["app=web"] }, { confirm: bi.name });
    expect(updated.configuration).toMatchObject({ excludedNamespaces: ["kube-system"], labelSelectors: ["app=web"] });
    expect(emu.current.requests.some((r) => r.method === "DELETE")).toBe(false);

    const daily = await m.ensurePolicy(`${t.vaultId}/backupPolicies/aks-daily`, { preset: "daily" });
    const moved = await m.changePolicy(bi.id, daily.id);
    expect(moved.policyId.toLowerCase()).toBe(daily.id.toLowerCase());

    const stopped = await m.stopProtection(bi.id, { retain: "forever", confirm: bi.name });
    expect(stopped.protectionState).toBe("ProtectionStopped");
    await expect(m.changePolicy(bi.id, t.policyId)).rejects.toBeInstanceOf(InvalidStateError);
    await expect(m.stopProtection(bi.id, { retain: "asPerPolicy", confirm: bi.name })).rejects.toThrow(/suspendBackups/);
    expect((await m.resumeProtection(bi.id)).protectionState).toBe("ProtectionConfigured");

    const suspended = await m.stopProtection(bi.id, { retain: "asPerPolicy", confirm: bi.name });
    expect(["BackupSchedulesSuspended", "BackupsSuspended"]).toContain(suspended.protectionState);
    expect((await m.resumeProtection(bi.id)).protectionState).toBe("ProtectionConfigured");

    const listed: BackupInstanceInfo[] = await collect(m.list(t.vaultId));
    expect(listed.map((b) => b.id)).toContain(bi.id);

    await expect(m.delete(bi.id, { confirm: "wrong" })).rejects.toBeInstanceOf(InputValidationError);
    expect(await m.get(bi.id)).toBeDefined();
    await m.delete(bi.id, { confirm: bi.name });
    const after = await m.get(bi.id);
    expect(after === undefined || ["SoftDeleted", "SoftDeleting"].includes(after.protectionState)).toBe(true);
  });

  it("rejects bad input before any write", async () => {
    const m = managerFor(emu.current);
    const t = await protectableCluster(emu.current, m, "badc");
    const before = emu.current.requests.length;
    const base = { clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId };
    expect(() => m.beginConfigureProtection({ ...base, policyId: t.vaultId })).toThrow(InputValidationError);
    expect(() => m.beginConfigureProtection({ ...base, configuration: { includedNamespaces: [] } })).toThrow(/empty/);
    expect(() => m.beginConfigureProtection({ ...base, configuration: { includedNamespaces: ["a"], excludedNamespaces: ["a"] } })).toThrow(/both included/);
    await expect(m.delete(`${t.vaultId}/backupInstances/bi-x`, { confirm: undefined as unknown as string })).rejects.toThrow(/confirm/);
    expect(emu.current.requests.length).toBe(before);

    const notAks = await rawClientFor(emu.current).backupPolicies.createOrUpdate(t.vaultId.split("/")[4]!, `vault-badc`, "disks", {
      properties: { objectType: "BackupPolicy", datasourceTypes: ["Microsoft.Compute/disks"], policyRules: (await m.getPolicy(t.policyId))!.policy.policyRules },
    }).catch(() => undefined);
    if (notAks) {
      const writes = emu.current.requests.filter((r) => r.method !== "GET").length;
      await expect(m.configureProtection({ ...base, policyId: notAks.id! })).rejects.toThrow(/not for AKS/);
      expect(emu.current.requests.filter((r) => r.method !== "GET").length).toBe(writes);
    }
  });

  it("surfaces the service's protection error when a prerequisite is missing", async () => {
    const m = managerFor(emu.current);
    const t = await protectableCluster(emu.current, m, "failc");
    for (const b of emu.current.state.trustedAccessBindings.all()) if (b.clusterId === t.clusterId) emu.current.state.trustedAccessBindings.delete(b.id);
    const error = await m.configureProtection({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = String((error as Error).message);
    expect(message).toMatch(/TrustedAccess/);
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).code).toBe("UserErrorTrustedAccessGatewayReturnedForbidden");
    expect(await m.findForCluster(t.clusterId, t.vaultId)).toBeUndefined();
  });
});

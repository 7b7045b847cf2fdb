import { describe, expect, it } from "vitest";
import { AksBackup, backupLimits, type DoctorReport, type EnableBackupRequest, type FindingCode } from "aks-backup";
import { quotaFindings } from "../../src/facade/doctor/backupChecks.js";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emu = useEmulator();

function seed(e: ArmEmulator, name: string): EnableBackupRequest {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups`;
  const clusterId = e.addCluster({ resourceGroup: `rg-${name}`, name, location: "westeurope" });
  const storageAccountId = e.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "westeurope" });
  return { clusterId, storageAccountId, blobContainer: "aks-backups", vaultId: `${rg}/rg-doc-backup/providers/Microsoft.DataProtection/backupVaults/vault-doc`, snapshotResourceGroupId: `${rg}/rg-${name}-snapshots` };
}

const codes = (r: DoctorReport): FindingCode[] => r.findings.map((f) => f.code).sort();
const one = (r: DoctorReport, code: FindingCode): DoctorReport["findings"][number] => {
  const f = r.findings.find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} in ${JSON.stringify(codes(r))}`);
  return f;
};

describe("AksBackup.doctor", () => {
  const r: Record<string, EnableBackupRequest> = {};
  let aks: AksBackup;

  it("is healthy after enableBackup, and finds each broken link of the chain", async () => {
    const e = emu.current;
    aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    for (const n of ["doc-ok", "doc-access", "doc-warn", "doc-norp"]) r[n] = seed(e, n);
    await aks.enableBackupForFleet([...["doc-ok", "doc-access", "doc-warn"].map((n) => ({ ...r[n]!, firstBackup: true })), r["doc-norp"]!]);

    const healthy = await aks.doctor(r["doc-ok"]!.clusterId);
    expect(healthy).toMatchObject({ clusterId: r["doc-ok"]!.clusterId, healthy: true });
    expect(healthy.findings.filter((f) => f.severity !== "info")).toEqual([]);

    // Access: Trusted Access binding removed, the vault's Reader on the cluster revoked, the container
    // deleted, useAAD switched off, the vault's alerts turned off.
    const access = r["doc-access"]!;
    for (const b of e.state.trustedAccessBindings.under(access.clusterId)) e.state.trustedAccessBindings.delete(b.id);
    const reader = e.state.roleAssignments.under(access.clusterId).find((a) => a.roleDefinitionId.endsWith("acdd72a7-3385-48ef-bd42-f606fba81ae7"))!;
    e.state.roleAssignments.delete(reader.id);
    e.state.storageAccounts.get(access.storageAccountId)!.containers.delete("aks-backups");
    const ext = e.state.extensions.under(access.clusterId)[0]!;
    (ext.body.properties["configurationSettings"] as Record<string, string>)["configuration.backupStorageLocation.config.useAAD"] = "false";
    e.state.backupVaults.get(access.vaultId)!.body.properties["monitoringSettings"] = { azureMonitorAlertSettings: { alertsForAllJobFailures: "Disabled" } };
    const broken = await aks.doctor(access.clusterId, { vaultId: access.vaultId });
    expect(broken.healthy).toBe(false);
    expect(codes(broken)).toEqual(["extension.containerMissing", "extension.useAadOff", "role.missing", "trustedAccess.missing", "vault.alertsOff"]);
    expect(one(broken, "role.missing").message).toContain("Reader");
    expect(broken.findings.filter((f) => f.fixableByEnableBackup).map((f) => f.code).sort()).toEqual(["extension.containerMissing", "extension.useAadOff", "role.missing", "trustedAccess.missing"]);
    // planBackup says what enableBackup will fix; enableBackup fixes every finding doctor says it fixes.
    expect((await aks.planBackup(access)).actions.map((a) => a.action)).toContain("turn on Microsoft Entra ID access to the storage account (useAAD=true)");
    await aks.enableBackup(access);
    expect(codes(await aks.doctor(access.clusterId))).toEqual(["vault.alertsOff"]);
    e.state.backupVaults.get(access.vaultId)!.body.properties["monitoringSettings"] = { azureMonitorAlertSettings: { alertsForAllJobFailures: "Enabled" } };

    // A backup that completed with warnings: the warnings' remedies.
    e.setClusterConditions(r["doc-warn"]!.clusterId, { snapshotPolicyDisallowed: true });
    const warnBi = (await aks.backupInstances.findForCluster(r["doc-warn"]!.clusterId, r["doc-warn"]!.vaultId))!;
    await aks.backupInstances.backupNow(warnBi.id);
    const warned = await aks.doctor(r["doc-warn"]!.clusterId);
    expect(codes(warned)).toEqual(["backup.completedWithWarnings"]);
    expect(one(warned, "backup.completedWithWarnings").remedy).toMatch(/policy/i);

    // Stopped protection; an instance with no backup yet.
    await aks.backupInstances.stopProtection(warnBi.id, { retain: "forever", confirm: warnBi.name });
    expect(codes(await aks.doctor(r["doc-warn"]!.clusterId))).toContain("backupInstance.notProtecting");
    expect(codes(await aks.doctor(r["doc-norp"]!.clusterId))).toEqual(["backup.none", "recoveryPoints.none"]);

    // A Trusted Access binding without the backup-operator role.
    for (const b of e.state.trustedAccessBindings.under(r["doc-norp"]!.clusterId)) b.roles = ["Microsoft.DataProtection/backupVaults/reader"];
    expect(one(await aks.doctor(r["doc-norp"]!.clusterId), "trustedAccess.wrongRole")).toMatchObject({ severity: "error", fixableByEnableBackup: true });

    // A protection error reported by the service.
    const normBi = e.state.backupInstances.get((await aks.backupInstances.findForCluster(r["doc-norp"]!.clusterId, r["doc-norp"]!.vaultId))!.id)!;
    const error = { code: "UserErrorMissingRequiredPermissions", message: "The vault lacks a role.", recommendedActions: ["Grant it."], isRetryable: false };
    Object.assign(normBi.body.properties, { currentProtectionState: "ProtectionError", protectionStatus: { status: "ProtectionError", errorDetails: error }, protectionErrorDetails: error });
    expect(codes(await aks.doctor(r["doc-norp"]!.clusterId))).toContain("backupInstance.protectionError");

    // The extension: failed, its storage account gone.
    ext.body.properties["provisioningState"] = "Failed";
    e.state.storageAccounts.delete(access.storageAccountId);
    expect(codes(await aks.doctor(access.clusterId))).toEqual(expect.arrayContaining(["extension.failed", "extension.storageAccountMissing"]));

    // Too many on-demand backups today.
    const okBi = (await aks.backupInstances.findForCluster(r["doc-ok"]!.clusterId, r["doc-ok"]!.vaultId))!;
    for (let i = 0; i < 7; i++) await aks.backupInstances.backupNow(okBi.id);
    expect(one(await aks.doctor(r["doc-ok"]!.clusterId), "limit.onDemandBackups").message).toMatch(/^8 on-demand backups/);

    // Out of memory, then scheduled backups keep failing past the policy's interval: an RPO breach.
    e.setClusterResourceCount(r["doc-ok"]!.clusterId, 5000);
    e.advanceTime(13 * 3600); // three 4-hourly slots: the last one at least 9 h after the last good backup
    const oom = await aks.doctor(r["doc-ok"]!.clusterId, { resourceCount: 5000 });
    expect(codes(oom)).toEqual(["backup.lastFailed", "backup.rpoBreached", "extension.undersized", "limit.onDemandBackups"]);
    expect(one(oom, "extension.undersized").severity).toBe("error");
    expect(one(oom, "backup.rpoBreached").severity).toBe("error");
  });

  it("reports an unprotected cluster, a missing vault, a policy-installed extension, providers and a missing cluster", async () => {
    const e = emu.current;
    const bare = seed(e, "doc-bare");
    expect(codes(await aks.doctor(bare.clusterId))).toEqual(["backupInstance.missing", "extension.missing"]);
    expect(codes(await aks.doctor(bare.clusterId, { vaultId: `${bare.vaultId}-gone` }))).toEqual(["extension.missing", "vault.missing"]);
    await aks.extension.install(bare.clusterId, { storageAccountId: bare.storageAccountId, blobContainer: "azure-aks-backup-doc-bare" });
    expect(one(await aks.doctor(bare.clusterId), "extension.installedByPolicy").remedy).toContain("azure-aks-backup-doc-bare");
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "NotRegistered");
    expect(one(await aks.doctor(bare.clusterId), "provider.notRegistered").message).toContain("Microsoft.DataProtection");
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "Registered");
    const gone = await aks.doctor(`/subscriptions/${e.subscriptionId}/resourceGroups/rg-doc-bare/providers/Microsoft.ContainerService/managedClusters/nope`);
    expect(gone).toMatchObject({ healthy: false, findings: [{ code: "cluster.notFound" }] });
    await expect(aks.doctor("not-an-id")).rejects.toThrow(/clusterId/);
  });

  it("warns near the vault and role-assignment limits and errs at them", () => {
    expect(quotaFindings(10, 100)).toEqual([]);
    expect(quotaFindings(4500, 3600).map((f) => [f.code, f.severity])).toEqual([["limit.vaultInstances", "warning"], ["limit.roleAssignments", "warning"]]);
    expect(quotaFindings(backupLimits.instancesPerVault, backupLimits.roleAssignmentsPerSubscription).map((f) => f.severity)).toEqual(["error", "error"]);
  });
});

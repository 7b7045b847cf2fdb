import { describe, expect, it } from "vitest";
import {
  AksBackup, AzureRequestError, DataProtectionClient, InputValidationError, RoleGranter, aksPolicyPresets, buildAksPolicy, validateAksPolicy,
  type AzureBackupRule, type AzureRetentionRule, type EnableBackupRequest,
} from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { setupRequest } from "../support/setupRequest.js";

const emu = useEmulator();
type Disks = NonNullable<Parameters<ArmEmulator["addCluster"]>[0]["disks"]>;

function seed(e: ArmEmulator, name: string, location = "westeurope", disks?: Disks): EnableBackupRequest {
  return { ...setupRequest(e, name, location, disks ? { disks } : {}), policyPreset: "dailyWithVaultTier" };
}

const store = (dataStoreType: string): { dataStoreType: string; objectType: string } => ({ dataStoreType, objectType: "DataStoreInfoBase" });

describe("vault-tier policies", () => {
  it("build the body live Azure records: a Vault rule copying FirstOfDay backups at once to the VaultStore", () => {
    const p = buildAksPolicy("dailyWithVaultTier");
    const tags = (p.policyRules[0] as AzureBackupRule).trigger.taggingCriteria;
    expect(tags.find((t) => t.tagInfo.tagName === "Vault")).toEqual({
      isDefault: false, taggingPriority: 50, tagInfo: { id: "Vault_", tagName: "Vault" },
      criteria: [{ objectType: "ScheduleBasedBackupCriteria", absoluteCriteria: ["FirstOfDay"] }],
    });
    expect(p.policyRules.find((r) => r.name === "Vault")).toEqual({
      objectType: "AzureRetentionRule", name: "Vault", isDefault: false, lifecycles: [
        { deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P7D" }, sourceDataStore: store("OperationalStore"),
          targetDataStoreCopySettings: [{ copyAfter: { objectType: "ImmediateCopyOption" }, dataStore: store("VaultStore") }] },
        { deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P30D" }, sourceDataStore: store("VaultStore"), targetDataStoreCopySettings: [] },
      ],
    });
    expect((p.policyRules.find((r) => r.name === "Default") as AzureRetentionRule).lifecycles[0]!.targetDataStoreCopySettings).toEqual([]);
    expect(() => validateAksPolicy(p)).not.toThrow();
  });

  it("keep the first backup of each week or month in the vault (presets and preset objects), and refuse bad retentions", () => {
    const weekly = buildAksPolicy("weeklyWithVaultTier");
    const monthly = buildAksPolicy({ frequency: "P1W", monthlyVaultRetentionMonths: 6, vaultRetentionDays: 10 });
    const rule = (p: typeof weekly, name: string): AzureRetentionRule => p.policyRules.find((r) => r.name === name) as AzureRetentionRule;
    expect(rule(weekly, "Weekly").lifecycles[1]!.deleteAfter.duration).toBe("P12W");
    expect((weekly.policyRules[0] as AzureBackupRule).trigger.taggingCriteria[1]!.criteria![0]!.absoluteCriteria).toEqual(["FirstOfWeek"]);
    expect(rule(monthly, "Monthly").lifecycles[1]!.deleteAfter.duration).toBe("P6M");
    expect(rule(monthly, "Vault").lifecycles[1]!.deleteAfter.duration).toBe("P10D");
    expect((monthly.policyRules[0] as AzureBackupRule).trigger.schedule.repeatingTimeIntervals).toEqual(["R/2024-01-01T09:00:00+00:00/P1W"]);
    expect(Object.keys(aksPolicyPresets)).toEqual(expect.arrayContaining(["dailyWithVaultTier", "weeklyWithVaultTier", "monthlyWithVaultTier"]));
    expect(() => buildAksPolicy({ weeklyVaultRetentionWeeks: 0 })).toThrow(InputValidationError);
    expect(() => buildAksPolicy({ monthlyVaultRetentionMonths: 121 })).toThrow(expect.objectContaining({ parameter: "preset.monthlyVaultRetentionMonths" }));
  });

  it("refuse unknown preset keys before any request", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const before = e.requests.length;
    const error = await aks.planBackup({ ...seed(e, "c-vt-keys"), policyPreset: { vaultRetentionDays: 30, weeklyRetention: 4 } as never }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).parameter).toMatch(/^policyPreset/);
    expect(e.requests.length).toBe(before);
  });
});

describe("vault tier in setup", () => {
  it("plans a problem for each ineligible disk and for a region without the vault tier, and none for an operational policy", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const request = seed(e, "c-vt-bad", "westeurope", [
      { sizeGB: 64 }, { name: "pvc-big", sizeGB: 2048 }, { name: "pvc-des", sizeGB: 32, encrypted: true }, { name: "pvc-private", sizeGB: 32, publicNetworkAccess: "Disabled" },
      { name: "pvc-entra", sizeGB: 32, dataAccessAuthMode: "AzureActiveDirectory" },
    ]);
    const plan = await aks.planBackup(request);
    const problems = plan.problems.filter((p) => p.subject === "clusterId").map((p) => p.problem);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/pvc-big .* 2048 GB/);
    expect(problems[1]).toMatch(/pvc-des .*disk encryption set/);
    expect(problems[2]).toMatch(/pvc-private .*public network access disabled/);
    expect(problems[3]).toMatch(/pvc-entra .*Entra ID data-access auth/);
    expect((await aks.planBackup({ ...request, policyPreset: "daily" })).problems).toEqual([]);

    const israelRequest = seed(e, "c-vt-il", "israelcentral");
    const israel = await aks.planBackup(israelRequest);
    expect(israel.problems.map((p) => p.problem).join()).toMatch(/DppUserErrorVaultTierPolicyNotSupported/);
    // Azure refuses the policy itself there.
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "Registered");
    e.addResourceGroup({ name: "rg-c-vt-il-backup", location: "israelcentral" });
    await new DataProtectionClient(e.credential, e.subscriptionId, fastOptions(e)).backupVaults.beginCreateOrUpdate("rg-c-vt-il-backup", "vault-c-vt-il", {
      location: "israelcentral", identity: { type: "SystemAssigned" }, properties: { storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }] },
    }).pollUntilDone();
    const refused = await aks.backupInstances.ensurePolicy(`${israelRequest.vaultId}/backupPolicies/vt`, { preset: "dailyWithVaultTier" }).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(AzureRequestError);
    expect((refused as AzureRequestError).code).toBe("DppUserErrorVaultTierPolicyNotSupported");
    expect((refused as AzureRequestError).remedy).toMatch(/operational-tier policy/);
  });

  it("grants the vault Data Operator for Managed Disks on the snapshot group, once", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const request = seed(e, "c-vt-ok", "westeurope", [{ sizeGB: 1024 }, { sizeGB: 16 }]);
    const result = await aks.enableBackup(request);
    expect(result.protectionState).toBe("ProtectionConfigured");
    const dataOperator = result.roleAssignments.filter((r) => r.role === "Data Operator for Managed Disks");
    expect(dataOperator).toHaveLength(1);
    expect(dataOperator[0]!.scope.toLowerCase()).toBe(request.snapshotResourceGroupId.toLowerCase());
    expect(result.roleAssignments).toHaveLength(7);
    const again = await aks.enableBackup(request);
    expect(again.writeSteps).toBe(0);

    const roles = new RoleGranter(e.credential, e.subscriptionId, fastOptions(e));
    const ids = { clusterId: request.clusterId, storageAccountId: request.storageAccountId, snapshotResourceGroupId: request.snapshotResourceGroupId,
      vaultPrincipalId: crypto.randomUUID(), extensionPrincipalId: crypto.randomUUID(), clusterPrincipalId: crypto.randomUUID() };
    const names = async (vaultTier: boolean): Promise<string[]> => (await roles.requiredForBackup({ ...ids, vaultTier })).filter((q) => q.identity === "vault").map((q) => q.role);
    expect(await names(true)).toContain("Data Operator for Managed Disks");
    expect(await names(false)).not.toContain("Data Operator for Managed Disks");
  });
});

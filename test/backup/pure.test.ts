import { describe, expect, it } from "vitest";
import { InputValidationError, InvalidStateError, aksPolicyPresets, buildAksPolicy, defaultBackupInstanceName, isActionAllowed, validateAksPolicy, type AzureBackupRule, type AzureRetentionRule, parseClusterId } from "aks-backup";
import { buildBackupInstance, buildDatasourceParameters, validateBackupConfiguration } from "../../src/backup/requestBuilders.js";
import { validateConfigureRequest } from "../../src/backup/requestBuilders.js";
import { requireState, resumeActionFor } from "../../src/backup/stateRules.js";

const sub = "00000000-0000-0000-0000-000000000001";
const clusterId = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1`;
const vaultId = `/subscriptions/${sub}/resourceGroups/vrg/providers/Microsoft.DataProtection/backupVaults/v1`;
const policyId = `${vaultId}/backupPolicies/p1`;
const snapshotRg = `/subscriptions/${sub}/resourceGroups/snap`;
const request = { clusterId, vaultId, policyId, snapshotResourceGroupId: snapshotRg };

describe("policy presets", () => {
  it("builds the every-4-hours operational policy with 7 days retention", () => {
    const p = buildAksPolicy("every4Hours");
    const backup = p.policyRules[0] as AzureBackupRule;
    const retention = p.policyRules[1] as AzureRetentionRule;
    expect(p.datasourceTypes).toEqual(["Microsoft.ContainerService/managedClusters"]);
    expect(backup.trigger.schedule.repeatingTimeIntervals).toEqual(["R/2024-01-01T09:00:00+00:00/PT4H"]);
    expect(retention).toMatchObject({ name: "Default", isDefault: true, lifecycles: [{ deleteAfter: { duration: "P7D" } }] });
    expect(p.policyRules).toHaveLength(2);
    expect(() => validateAksPolicy(p)).not.toThrow();
  });

  it("adds a Vault rule and tag for a vault tier", () => {
    const p = buildAksPolicy("dailyWithVaultTier");
    const vault = p.policyRules.find((r) => r.name === "Vault") as AzureRetentionRule;
    // As live Azure records it: the tagged backup stays 7 days operational, copied at once to the vault, kept there 30 days.
    expect(vault.lifecycles[0]).toMatchObject({ deleteAfter: { duration: "P7D" }, sourceDataStore: { dataStoreType: "OperationalStore" }, targetDataStoreCopySettings: [{ copyAfter: { objectType: "ImmediateCopyOption" } }] });
    expect(vault.lifecycles[1]).toMatchObject({ deleteAfter: { duration: "P30D" }, sourceDataStore: { dataStoreType: "VaultStore" } });
    const tags = (p.policyRules[0] as AzureBackupRule).trigger.taggingCriteria.map((t) => t.tagInfo.tagName);
    expect(tags).toEqual(["Default", "Vault"]);
    expect(() => validateAksPolicy(p)).not.toThrow();
  });

  it("rejects frequencies and retentions Azure does not offer", () => {
    expect(() => buildAksPolicy({ frequency: "PT1H" as "PT4H" })).toThrow(/frequency/);
    expect(() => buildAksPolicy({ operationalRetentionDays: 0 })).toThrow(InputValidationError);
    expect(() => buildAksPolicy("hourly" as "daily")).toThrow(/not a preset/);
    expect(Object.keys(aksPolicyPresets)).toContain("daily");
  });

  it("rejects a full policy that is not for AKS or misses a retention rule", () => {
    const notAks = { ...buildAksPolicy("daily"), datasourceTypes: ["Microsoft.Compute/disks"] };
    expect(() => validateAksPolicy(notAks)).toThrow(/not for AKS/);
    const noDefault = { ...buildAksPolicy("daily"), policyRules: [buildAksPolicy("daily").policyRules[0]!] };
    expect(() => validateAksPolicy(noDefault)).toThrow(/default retention rule/);
  });
});

describe("backup configuration", () => {
  it("defaults to volumes and cluster-scoped resources, and keeps given lists", () => {
    expect(buildDatasourceParameters()).toEqual({ objectType: "KubernetesClusterBackupDatasourceParameters", snapshotVolumes: true, includeClusterScopeResources: true });
    const p = buildDatasourceParameters({ includedNamespaces: ["app"], labelSelectors: ["app=web"], backupHooks: [{ name: "h", namespace: "app" }] });
    expect(p).toMatchObject({ includedNamespaces: ["app"], labelSelectors: ["app=web"], backupHookReferences: [{ name: "h", namespace: "app" }] });
  });

  it("rejects empty, overlapping and malformed namespace lists", () => {
    expect(() => validateBackupConfiguration({ includedNamespaces: [] })).toThrow(/empty/);
    expect(() => validateBackupConfiguration({ includedNamespaces: ["a", "b"], excludedNamespaces: ["b"] })).toThrow(/both included and excluded/);
    expect(() => validateBackupConfiguration({ excludedNamespaces: ["Bad_NS"] })).toThrow(/namespace name/);
    expect(() => validateBackupConfiguration({ includedVolumeTypes: ["NFS" as "AzureDisk"] })).toThrow(/AzureDisk/);
    expect(() => validateBackupConfiguration({ backupHooks: [{ name: "", namespace: "a" }] })).toThrow(/backupHooks\[0\]\.name/);
  });

  it("builds the instance body with the datasource, snapshot group and policy", () => {
    const body = buildBackupInstance({ cluster: parseClusterId(clusterId, "c"), clusterLocation: "eastus", policyId, snapshotResourceGroupId: snapshotRg });
    expect(body.dataSourceInfo).toMatchObject({ resourceID: clusterId, objectType: "Datasource", resourceLocation: "eastus", datasourceType: "Microsoft.ContainerService/managedClusters" });
    expect(body.dataSourceSetInfo?.objectType).toBe("DatasourceSet");
    expect(body.policyInfo.policyParameters?.dataStoreParametersList?.[0]?.resourceGroupId).toBe(snapshotRg);
  });

  it("names an instance the same way every time", () => {
    expect(defaultBackupInstanceName(clusterId)).toBe(defaultBackupInstanceName(clusterId.replace("/resourceGroups/rg/", "/resourcegroups/RG/")));
    expect(defaultBackupInstanceName(clusterId)).toMatch(/^c1-[0-9a-f]{8}$/);
  });
});

describe("configure request validation", () => {
  it("accepts a consistent request", () => {
    expect(validateConfigureRequest(request).backupInstanceName).toMatch(/^c1-/);
  });

  it("rejects a vault id where a policy id is expected, and a policy of another vault", () => {
    expect(() => validateConfigureRequest({ ...request, policyId: vaultId })).toThrow(/backupPolicies id is expected/);
    const other = policyId.replace("/backupVaults/v1/", "/backupVaults/v2/");
    expect(() => validateConfigureRequest({ ...request, policyId: other })).toThrow(/not in the vault/);
    expect(() => validateConfigureRequest({ ...request, clusterId: "not-an-id" })).toThrow(InputValidationError);
  });
});

describe("state rules", () => {
  it("allows each action only in its states", () => {
    expect(isActionAllowed("resumeProtection", "ProtectionStopped")).toBe(true);
    expect(isActionAllowed("resumeProtection", "ProtectionConfigured")).toBe(false);
    expect(resumeActionFor("BackupSchedulesSuspended")).toBe("resumeBackups");
    expect(resumeActionFor("ProtectionConfigured")).toBeUndefined();
    expect(() => requireState("changePolicy", "bi", "ProtectionStopped")).toThrow(InvalidStateError);
    expect(() => requireState("delete", "bi", "SoftDeleting")).toThrow(/SoftDeleting/);
  });
});

import { describe, expect, it } from "vitest";
import { buildAksPolicy, type RestoreRequest, parseClusterId, parseBackupInstanceId } from "aks-backup";
import { buildAdhocBackupRequest, retentionTagsOf } from "../../src/backup/onDemand/backupNow.js";
import { buildRestoreRequest } from "../../src/backup/restore/requestBuilder.js";
import { validateRestoreRequest } from "../../src/backup/restore/validation.js";
import { recoveryPointName } from "../../src/backup/recoveryPoints.js";

const sub = "00000000-0000-0000-0000-000000000001";
const clusterId = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1`;
const biId = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v1/backupInstances/c1-abc`;

describe("restore request builder", () => {
  it("builds the recorded AKS restore body with defaults", () => {
    const body = buildRestoreRequest("53528d6e37a4490b80cdb5ef33808f8c", clusterId, { cluster: parseClusterId(clusterId, "c"), location: "eastus" });
    expect(body).toEqual({
      objectType: "AzureBackupRecoveryPointBasedRestoreRequest", recoveryPointId: "53528d6e37a4490b80cdb5ef33808f8c", sourceDataStoreType: "OperationalStore", sourceResourceId: clusterId,
      restoreTargetInfo: {
        objectType: "ItemLevelRestoreTargetInfo", recoveryOption: "FailIfExists", restoreLocation: "eastus",
        datasourceInfo: { objectType: "Datasource", resourceID: clusterId, resourceUri: clusterId, resourceName: "c1", resourceType: "Microsoft.ContainerService/managedclusters", resourceLocation: "eastus", datasourceType: "Microsoft.ContainerService/managedClusters" },
        datasourceSetInfo: { objectType: "DatasourceSet", resourceID: clusterId, resourceUri: clusterId, resourceName: "c1", resourceType: "Microsoft.ContainerService/managedclusters", resourceLocation: "eastus", datasourceType: "Microsoft.ContainerService/managedClusters" },
        restoreCriteria: [{ objectType: "KubernetesClusterRestoreCriteria", includeClusterScopeResources: true, persistentVolumeRestoreMode: "RestoreWithVolumeData", conflictPolicy: "Skip" }],
      },
    });
  });

  it("carries namespaces, mappings, conflict policy and hooks", () => {
    const target = `/subscriptions/${sub}/resourceGroups/rg2/providers/Microsoft.ContainerService/managedClusters/c2`;
    const body = buildRestoreRequest("rp", clusterId, { cluster: parseClusterId(target, "t"), location: "eastus" }, {
      includedNamespaces: ["prod"], namespaceMappings: { prod: "prod-copy" }, conflictPolicy: "Patch", restoreVolumeData: false, includeClusterScopeResources: false, restoreHooks: [{ name: "h", namespace: "prod" }],
    });
    expect(body.restoreTargetInfo.datasourceInfo.resourceID).toBe(target);
    expect(body.restoreTargetInfo.restoreCriteria[0]).toMatchObject({ includedNamespaces: ["prod"], namespaceMappings: { prod: "prod-copy" }, conflictPolicy: "Patch", persistentVolumeRestoreMode: "RestoreWithoutVolumeData", includeClusterScopeResources: false, restoreHookReferences: [{ name: "h", namespace: "prod" }] });
  });
});

describe("restore request validation", () => {
  it("accepts a sound request", () => {
    expect(() => validateRestoreRequest({ includedNamespaces: ["a", "b"], namespaceMappings: { a: "a2", b: "b2" }, conflictPolicy: "Skip", targetClusterId: clusterId })).not.toThrow();
    expect(() => validateRestoreRequest({ namespaceMappings: { a: "b", b: "a" }, includedNamespaces: ["a", "b"] })).not.toThrow();
  });

  it.each<[RestoreRequest, string]>([
    [{ namespaceMappings: { prod: "Prod_Copy" } }, 'namespaceMappings["prod"]'],
    [{ namespaceMappings: { "Bad Name": "x" } }, 'namespaceMappings["Bad Name"]'],
    [{ namespaceMappings: { a: "z", b: "z" } }, 'namespaceMappings["b"]'],
    [{ namespaceMappings: {} }, "namespaceMappings"],
    [{ includedNamespaces: ["a"], namespaceMappings: { b: "c" } }, 'namespaceMappings["b"]'],
    [{ excludedNamespaces: ["a"], namespaceMappings: { a: "c" } }, 'namespaceMappings["a"]'],
    [{ includedNamespaces: ["a", "b"], namespaceMappings: { a: "b" } }, 'namespaceMappings["a"]'],
    [{ namespaceMappings: { a: "x".repeat(64) } }, 'namespaceMappings["a"]'],
    [{ conflictPolicy: "Overwrite" as never }, "conflictPolicy"],
    [{ includedNamespaces: ["kube_system"] }, "options.includedNamespaces[0]"],
    [{ includedNamespaces: ["a"], excludedNamespaces: ["a"] }, "options.excludedNamespaces"],
    [{ targetClusterId: biId }, "targetClusterId"],
    [{ snapshotResourceGroupId: clusterId }, "snapshotResourceGroupId"],
    [{ restoreVolumeData: "yes" as never }, "restoreVolumeData"],
    [{ restoreHooks: [{ name: "h", namespace: "Bad" }] }, "restoreHooks[0].namespace"],
  ])("rejects %j", (request, parameter) => {
    expect(() => validateRestoreRequest(request)).toThrow(expect.objectContaining({ name: "InputValidationError", parameter }));
  });
});

describe("recovery point ids", () => {
  const bi = parseBackupInstanceId(biId, "bi");
  it("accepts names and ids of the instance, refuses another instance's", () => {
    expect(recoveryPointName(bi, "53528d6e37a4490b80cdb5ef33808f8c")).toBe("53528d6e37a4490b80cdb5ef33808f8c");
    expect(recoveryPointName(bi, `${biId}/recoveryPoints/rp1`)).toBe("rp1");
    expect(() => recoveryPointName(bi, `${biId.replace("c1-abc", "c2-def")}/recoveryPoints/rp1`)).toThrow(/belongs to .*c2-def/);
    expect(() => recoveryPointName(bi, "a/b")).toThrow(expect.objectContaining({ parameter: "recoveryPointId" }));
    expect(() => recoveryPointName(bi, "")).toThrow(expect.objectContaining({ parameter: "recoveryPointId" }));
  });
});

describe("ad hoc backup request", () => {
  const policy = buildAksPolicy("every4Hours");
  const vaultTier = buildAksPolicy("dailyWithVaultTier");

  it("uses the policy's rule and default retention tag", () => {
    expect(buildAdhocBackupRequest(policy)).toEqual({ backupRuleOptions: { ruleName: "BackupHourly", triggerOption: { retentionTagOverride: "Default" } } });
    expect(retentionTagsOf(vaultTier)[0]).toBe("Default");
    expect(retentionTagsOf(vaultTier)).toContain("Vault");
    expect(buildAdhocBackupRequest(vaultTier, { retentionTag: "vault" }).backupRuleOptions.triggerOption?.retentionTagOverride).toBe("Vault");
  });

  it("rejects rules and tags the policy does not have", () => {
    expect(() => buildAdhocBackupRequest(policy, { ruleName: "Nightly" })).toThrow(expect.objectContaining({ parameter: "ruleName" }));
    expect(() => buildAdhocBackupRequest(policy, { retentionTag: "Vault" })).toThrow(expect.objectContaining({ parameter: "retentionTag" }));
  });
});

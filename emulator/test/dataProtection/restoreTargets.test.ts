import { describe, expect, it } from "vitest";
import type { ArmEmulator } from "../../src/index.js";
import { useEmulator } from "../support/emulator.js";
import { call, finish, grant, obj, roles, seedAks, slowDurations } from "./dppFixtures.js";
import { backupNow, configured, job, jobIdOf, type Configured } from "./jobFixtures.js";

const emu = useEmulator({ durations: slowDurations });
type Json = Record<string, unknown>;
const staging = { storageAccountContributor: "17d1049b-9a84-46fb-8f53-869881c3d3ab", storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" };

/** An AKS restore body; `vault` adds the vault tier's store and staging criteria. */
function restoreBody(rp: string, clusterId: string, location: string, criteria: Json = {}, vault?: { rg: string; sa: string }): Json {
  const ds = (objectType: string): Json => ({ datasourceType: "Microsoft.ContainerService/managedClusters", objectType, resourceId: clusterId, resourceLocation: location, resourceName: clusterId.split("/").pop(), resourceType: "Microsoft.ContainerService/managedclusters", resourceUri: clusterId });
  return {
    objectType: "AzureBackupRecoveryPointBasedRestoreRequest", recoveryPointId: rp, sourceDataStoreType: vault ? "VaultStore" : "OperationalStore",
    restoreTargetInfo: {
      objectType: "ItemLevelRestoreTargetInfo", recoveryOption: "FailIfExists", restoreLocation: location, datasourceInfo: ds("Datasource"), datasourceSetInfo: ds("DatasourceSet"),
      restoreCriteria: [{
        objectType: vault ? "KubernetesClusterVaultTierRestoreCriteria" : "KubernetesClusterRestoreCriteria", includeClusterScopeResources: true, conflictPolicy: "Skip",
        persistentVolumeRestoreMode: "RestoreWithVolumeData", ...(vault ? { stagingResourceGroupId: vault.rg, stagingStorageAccountId: vault.sa } : {}), ...criteria,
      }],
    },
  };
}

/** A protected cluster with objects, and a point that holds them (also in the vault tier, and in the paired region when `secondary`). */
async function pointWithObjects(e: ArmEmulator, name: string, layout = {}): Promise<Configured & { rp: string; rpId: string }> {
  const s = await configured(e, name, [], layout);
  e.addClusterObjects(s.clusterId, [
    { namespace: "prod", kind: "deployments", name: "web", labels: { app: "web", tier: "gold" } },
    { namespace: "prod", kind: "configmaps", name: "settings", labels: { app: "web" } },
    { namespace: "dev", kind: "deployments", name: "web", labels: { app: "web" } },
  ]);
  const jobId = await backupNow(e, s.bi);
  e.advanceTime(190);
  const rp = (((await job(e, jobId))["extendedInfo"] as Json)["targetRecoverPoint"] as Json)["recoveryPointID"] as string;
  return { ...s, rp, rpId: `${s.bi}/recoveryPoints/${rp}` };
}

/** Puts a point in the vault tier (as a Tiering job does); a geo-redundant vault's copy reaches the paired region 12 h later. */
function tier(e: ArmEmulator, rpId: string): void {
  const rp = e.state.recoveryPoints.get(rpId)!;
  (rp.body.properties["recoveryPointDataStoresDetails"] as Json[]).push({ id: e.state.newId(), type: "VaultStore", creationTime: new Date(e.state.clock.now()).toISOString(), expiryTime: new Date(e.state.clock.now() + 30 * 86_400_000).toISOString(), metaData: null, visible: true, state: "COMMITTED" });
  e.advanceTime(13 * 3600);
}

async function runRestore(e: ArmEmulator, path: string, body: Json): Promise<Json> {
  const jobId = await jobIdOf(e, await call(e, "POST", path, body));
  e.advanceTime(220);
  return job(e, jobId);
}

const objectsOf = (e: ArmEmulator, clusterId: string): Record<string, { labels: Record<string, string>; version: number; restoredFrom?: string }> =>
  Object.fromEntries(e.clusterObjects(clusterId).map((o) => [`${o.namespace ?? ""}/${o.kind}/${o.name}`, o]));

describe("restored objects", () => {
  it("a restore writes the point's objects: Skip leaves existing ones, Patch sets the backed-up state; mappings and filters apply", async () => {
    const e = emu.current;
    const s = await pointWithObjects(e, "objs");
    // After the backup: a label changes and an object is deleted.
    e.addClusterObjects(s.clusterId, [{ namespace: "prod", kind: "deployments", name: "web", labels: { app: "web", tier: "bronze" } }]);
    e.state.clusterObjects.get(s.clusterId.toLowerCase())!.delete("prod/configmaps/settings");
    const changedVersion = objectsOf(e, s.clusterId)["prod/deployments/web"]!.version;

    expect(await runRestore(e, `${s.bi}/restore`, restoreBody(s.rp, s.clusterId, "eastus", { includedNamespaces: ["prod"] }))).toMatchObject({ status: "Completed" });
    let now = objectsOf(e, s.clusterId);
    expect(now["prod/configmaps/settings"]).toMatchObject({ version: 1, restoredFrom: s.rp, labels: { app: "web" } });
    expect(now["prod/deployments/web"]).toMatchObject({ version: changedVersion, labels: { tier: "bronze" } });
    expect(now["prod/deployments/web"]!.restoredFrom).toBeUndefined();

    await runRestore(e, `${s.bi}/restore`, restoreBody(s.rp, s.clusterId, "eastus", { includedNamespaces: ["prod"], conflictPolicy: "Patch" }));
    now = objectsOf(e, s.clusterId);
    expect(now["prod/deployments/web"]).toMatchObject({ version: changedVersion + 1, labels: { tier: "gold" }, restoredFrom: s.rp });

    await runRestore(e, `${s.bi}/restore`, restoreBody(s.rp, s.clusterId, "eastus", { includedNamespaces: ["dev"], namespaceMappings: { dev: "dev-copy" }, includedResourceTypes: ["deployments"] }));
    now = objectsOf(e, s.clusterId);
    expect(now["dev-copy/deployments/web"]).toMatchObject({ version: 1, restoredFrom: s.rp });
    expect(now["/namespaces/dev-copy"]).toBeDefined();
    expect(Object.keys(now).filter((k) => k.startsWith("dev-copy/"))).toEqual(["dev-copy/deployments/web"]);
  });
});

describe("vault-tier restore (staging)", () => {
  it("needs a VaultStore point and the vault-tier criteria with staging ids (400s at once)", async () => {
    const e = emu.current;
    const s = await pointWithObjects(e, "vtbad");
    const vault = { rg: `/subscriptions/${e.subscriptionId}/resourceGroups/stage-vtbad`, sa: `/subscriptions/${e.subscriptionId}/resourceGroups/stage-vtbad/providers/Microsoft.Storage/storageAccounts/stagevtbad` };
    const notTiered = await call(e, "POST", `${s.bi}/restore`, restoreBody(s.rp, s.clusterId, "eastus", {}, vault));
    expect([notTiered.status, (obj(notTiered)["error"] as Json)["code"]]).toEqual([400, "UserErrorRecoveryPointNotFound"]);
    tier(e, s.rpId);
    const wrongCriteria = restoreBody(s.rp, s.clusterId, "eastus", { objectType: "KubernetesClusterRestoreCriteria" }, vault);
    const noStaging = restoreBody(s.rp, s.clusterId, "eastus", { stagingStorageAccountId: undefined }, vault);
    for (const body of [wrongCriteria, noStaging]) {
      const res = await call(e, "POST", `${s.bi}/restore`, body);
      expect([res.status, (obj(res)["error"] as Json)["code"]]).toEqual([400, "UserErrorInvalidRequestParameter"]);
    }
  });

  it("checks the staging group and account (cross-tenant replication, public access, region, roles), then restores from the VaultStore", async () => {
    const e = emu.current;
    const s = await pointWithObjects(e, "vt");
    tier(e, s.rpId);
    const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/stage-vt`;
    const accountId = (name: string): string => `${rg}/providers/Microsoft.Storage/storageAccounts/${name}`;
    const validate = async (sa: string): Promise<string | undefined> => {
      const done = await finish(e, await call(e, "POST", `${s.bi}/validateRestore`, { restoreRequestObject: restoreBody(s.rp, s.clusterId, "eastus", {}, { rg, sa }) }));
      return (done["error"] as Json | undefined)?.["code"] as string | undefined;
    };
    expect(await validate(accountId("stagevt"))).toBe("UserErrorStagingResourceGroupNotFound");
    e.addResourceGroup({ name: "stage-vt", location: "eastus" });
    expect(await validate(accountId("stagevt"))).toBe("UserErrorStagingStorageAccountNotFound");
    e.addStorageAccount({ resourceGroup: "stage-vt", name: "stagevtnoxtr", location: "eastus" });
    expect(await validate(accountId("stagevtnoxtr"))).toBe("UserErrorStagingStorageAccountCrossTenantReplicationDisabled");
    e.addStorageAccount({ resourceGroup: "stage-vt", name: "stagevtprivate", location: "eastus", allowCrossTenantReplication: true, publicNetworkAccess: "Disabled" });
    expect(await validate(accountId("stagevtprivate"))).toBe("UserErrorStagingStorageAccountPublicNetworkAccessDisabled");
    e.addResourceGroup({ name: "stage-vt-west", location: "westus" });
    e.addStorageAccount({ resourceGroup: "stage-vt-west", name: "stagevtwest", location: "westus", allowCrossTenantReplication: true });
    const west = `/subscriptions/${e.subscriptionId}/resourceGroups/stage-vt-west/providers/Microsoft.Storage/storageAccounts/stagevtwest`;
    expect(await validate(west)).toBe("UserErrorStagingStorageAccountLocationMismatch");
    const sa = e.addStorageAccount({ resourceGroup: "stage-vt", name: "stagevt", location: "eastus", allowCrossTenantReplication: true });
    const body = obj(await call(e, "GET", sa, undefined, "2023-05-01"));
    expect(body["properties"]).toMatchObject({ allowCrossTenantReplication: true, publicNetworkAccess: "Enabled" });
    expect(await validate(sa)).toBe("UserErrorMissingRequiredPermissions");
    grant(e, s.vaultPrincipal, roles.contributor, rg);
    grant(e, s.vaultPrincipal, staging.storageAccountContributor, sa);
    grant(e, s.vaultPrincipal, staging.storageBlobDataOwner, sa);
    expect(await validate(sa)).toBe("UserErrorMissingRequiredPermissions");
    grant(e, s.extPrincipal!, roles.storageBlobDataContributor, sa);
    expect(await validate(sa)).toBeUndefined();

    e.state.clusterObjects.get(s.clusterId.toLowerCase())!.clear();
    const done = await runRestore(e, `${s.bi}/restore`, restoreBody(s.rp, s.clusterId, "eastus", {}, { rg, sa }));
    expect(done).toMatchObject({ status: "Completed", operation: "Restore", sourceDataStoreType: "VaultStore" });
    expect(e.clusterObjects(s.clusterId).map((o) => `${o.namespace ?? ""}/${o.kind}/${o.name}`)).toEqual(expect.arrayContaining(["prod/deployments/web", "dev/deployments/web", "/namespaces/prod"]));
  });
});

describe("cross-region restore", () => {
  it("restores a secondary-region point into a cluster of the paired region as a CrossRegionRestore job kept in that region", async () => {
    const e = emu.current;
    const s = await pointWithObjects(e, "crr");
    const vault = e.state.backupVaults.get(s.vaultId)!;
    vault.body.properties["storageSettings"] = [{ datastoreType: "VaultStore", type: "GeoRedundant" }];
    vault.body.properties["featureSettings"] = { crossRegionRestoreSettings: { state: "Enabled" } };
    tier(e, s.rpId);
    // The target in the paired region (westus), prepared for the source vault.
    const t = await seedAks(e, "crrdst", [], { location: "westus" });
    e.state.trustedAccessBindings.set({ id: `${t.clusterId}/trustedAccessRoleBindings/src`, name: "src", clusterId: t.clusterId, sourceResourceId: s.vaultId, roles: ["Microsoft.DataProtection/backupVaults/backup-operator"], provisioningState: "Succeeded", createdAt: 0 });
    grant(e, s.vaultPrincipal, roles.reader, t.clusterId);
    grant(e, t.clusterPrincipal, roles.contributor, s.snapshotRgId);
    const rg = e.addResourceGroup({ name: "stage-crr", location: "westus" });
    const sa = e.addStorageAccount({ resourceGroup: "stage-crr", name: "stagecrr", location: "westus", allowCrossTenantReplication: true });
    grant(e, s.vaultPrincipal, roles.contributor, rg);
    grant(e, s.vaultPrincipal, staging.storageAccountContributor, sa);
    grant(e, s.vaultPrincipal, staging.storageBlobDataOwner, sa);
    grant(e, t.extPrincipal!, roles.storageBlobDataContributor, sa);

    const base = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-crr/providers/Microsoft.DataProtection/locations/westus`;
    const details = { sourceRegion: "eastus", sourceBackupInstanceId: s.bi };
    const request = { restoreRequestObject: restoreBody(s.rp, t.clusterId, "westus", {}, { rg, sa }), crossRegionRestoreDetails: details };
    // The caller needs read on the protected cluster (the target is another cluster): 403 LinkedAuthorizationFailed at once.
    e.setCallerCanRead(s.clusterId, false);
    const linked = [await call(e, "POST", `${base}/validateCrossRegionRestore`, { objectType: "ValidateRestoreRequestObject", ...request }), await call(e, "POST", `${base}/crossRegionRestore`, request)];
    expect(linked.map((r) => [r.status, (obj(r)["error"] as Json)["code"]])).toEqual([[403, "LinkedAuthorizationFailed"], [403, "LinkedAuthorizationFailed"]]);
    expect((obj(linked[1]!)["error"] as Json)["message"]).toContain(`'Microsoft.DataProtection/locations/crossRegionRestore/action' on scope '${base}'`);
    e.setCallerCanRead(s.clusterId, true);
    const validated = await call(e, "POST", `${base}/validateCrossRegionRestore`, { objectType: "ValidateRestoreRequestObject", ...request });
    expect((await finish(e, validated))["status"]).toBe("Succeeded");
    const started = await call(e, "POST", `${base}/crossRegionRestore`, request);
    expect(started.headers["azure-asyncoperation"]).toContain("/providers/Microsoft.DataProtection/locations/westus/operationStatus/");
    const jobId = await jobIdOf(e, started);
    e.advanceTime(220);
    const fetched = obj(await call(e, "POST", `${base}/fetchCrossRegionRestoreJob`, { sourceRegion: "eastus", sourceBackupVaultId: s.vaultId, jobId: jobId.split("/").pop() }));
    expect(fetched["properties"]).toMatchObject({ status: "Completed", operation: "CrossRegionRestore", isCrossRegionRestore: true, sourceDataStoreType: "VaultStore" });
    const listed = obj(await call(e, "POST", `${base}/fetchCrossRegionRestoreJobs`, { sourceRegion: "eastus", sourceBackupVaultId: s.vaultId }))["value"] as Json[];
    expect(listed.map((j) => j["id"])).toEqual([fetched["id"]]);
    const vaultJobs = obj(await call(e, "GET", `${s.vaultId}/backupJobs`))["value"] as Json[];
    expect(vaultJobs.some((j) => j["id"] === fetched["id"])).toBe(false);
    expect(e.clusterObjects(t.clusterId).some((o) => o.namespace === "prod" && o.name === "web" && o.restoredFrom === s.rp)).toBe(true);

    // A target outside the secondary region fails the operation.
    const wrong = await call(e, "POST", `${base}/crossRegionRestore`, { ...request, restoreRequestObject: restoreBody(s.rp, s.clusterId, "eastus", {}, { rg, sa }) });
    expect(((await finish(e, wrong))["error"] as Json)["code"]).toBe("UserErrorCrossRegionRestoreInvalidTarget");
  });

  it("a vault with cross-subscription restore disabled refuses a target in another subscription", async () => {
    const e = emu.current;
    const s = await pointWithObjects(e, "xsub");
    e.state.backupVaults.get(s.vaultId)!.body.properties["featureSettings"] = { crossSubscriptionRestoreSettings: { state: "Disabled" } };
    const other = e.addSubscription();
    for (const ns of ["Microsoft.ContainerService", "Microsoft.KubernetesConfiguration"]) e.state.providers.set(other, ns, "Registered");
    const target = e.addCluster({ resourceGroup: "rg-xsub-other", name: "c-xsub-other", location: "eastus", subscriptionId: other });
    grant(e, s.vaultPrincipal, roles.reader, target);
    const validate = async (): Promise<unknown> => ((await finish(e, await call(e, "POST", `${s.bi}/validateRestore`, { restoreRequestObject: restoreBody(s.rp, target, "eastus") })))["error"] as Json)["code"];
    expect(await validate()).toBe("UserErrorCrossSubscriptionRestoreNotEnabled");
    e.state.backupVaults.get(s.vaultId)!.body.properties["featureSettings"] = { crossSubscriptionRestoreSettings: { state: "Enabled" } };
    // Enabled: the target's own prerequisites come next.
    expect(await validate()).toBe("UserErrorKubernetesBackupExtensionNotFoundError");
  });
});

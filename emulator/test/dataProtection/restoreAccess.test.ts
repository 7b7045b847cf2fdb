import { describe, expect, it } from "vitest";
import type { ArmEmulator } from "../../src/index.js";
import { useEmulator } from "../support/emulator.js";
import { call, grant, obj, roles, slowDurations } from "./dppFixtures.js";
import { backupNow, configured, job, jobIdOf, type Configured } from "./jobFixtures.js";

const emu = useEmulator({ durations: slowDurations });
type Json = Record<string, unknown>;
const aksApi = "2024-01-01";
const authApi = "2022-04-01";

/** An AKS restore body from the operational tier into `clusterId`. */
function restoreBody(rp: string, clusterId: string, criteria: Json = {}): Json {
  const ds = (objectType: string): Json => ({ datasourceType: "Microsoft.ContainerService/managedClusters", objectType, resourceId: clusterId, resourceLocation: "eastus", resourceName: clusterId.split("/").pop(), resourceType: "Microsoft.ContainerService/managedclusters", resourceUri: clusterId });
  return {
    objectType: "AzureBackupRecoveryPointBasedRestoreRequest", recoveryPointId: rp, sourceDataStoreType: "OperationalStore",
    restoreTargetInfo: {
      objectType: "ItemLevelRestoreTargetInfo", recoveryOption: "FailIfExists", restoreLocation: "eastus", datasourceInfo: ds("Datasource"), datasourceSetInfo: ds("DatasourceSet"),
      restoreCriteria: [{ objectType: "KubernetesClusterRestoreCriteria", includeClusterScopeResources: true, conflictPolicy: "Skip", persistentVolumeRestoreMode: "RestoreWithVolumeData", ...criteria }],
    },
  };
}

/** A protected cluster with objects and a recovery point, and a second cluster prepared as a restore target of its vault. */
async function sourceAndTarget(e: ArmEmulator, name: string): Promise<Configured & { rp: string; targetId: string }> {
  const s = await configured(e, name);
  e.addClusterObjects(s.clusterId, [{ namespace: "prod", kind: "deployments", name: "web" }]);
  const id = await backupNow(e, s.bi);
  e.advanceTime(190);
  const rp = ((await job(e, id))["extendedInfo"] as Json)["targetRecoverPoint"] as Json;
  const other = await configured(e, `${name}t`, [], { vault: `v-${name}-2` });
  e.state.trustedAccessBindings.set({ id: `${other.clusterId}/trustedAccessRoleBindings/src`, name: "src", clusterId: other.clusterId, sourceResourceId: s.vaultId, roles: ["Microsoft.DataProtection/backupVaults/backup-operator"], provisioningState: "Succeeded", createdAt: 0 });
  grant(e, s.vaultPrincipal, roles.reader, other.clusterId);
  grant(e, other.clusterPrincipal, roles.contributor, s.snapshotRgId);
  return { ...s, rp: rp["recoveryPointID"] as string, targetId: other.clusterId };
}

const code = (body: unknown): string => (body as { error: { code: string } }).error.code;
const message = (body: unknown): string => (body as { error: { message: string } }).error.message;

async function restoreJob(e: ArmEmulator, bi: string, body: Json): Promise<Json> {
  const jobId = await jobIdOf(e, await call(e, "POST", `${bi}/restore`, body));
  e.advanceTime(220);
  return job(e, jobId);
}

describe("the caller's read access (setCallerCanRead)", () => {
  it("reads under a denied scope answer 403 AuthorizationFailed; the permissions there show no read; the nearest switch wins", async () => {
    const e = emu.current;
    const rg = e.addResourceGroup({ name: "rg-noread", location: "eastus" });
    const clusterId = e.addCluster({ resourceGroup: "rg-noread", name: "noread", location: "eastus" });
    const accountId = e.addStorageAccount({ resourceGroup: "rg-noread", name: "sanoread", location: "eastus" });
    e.setCallerCanRead(clusterId, false);
    const denied = await call(e, "GET", clusterId, undefined, aksApi);
    expect([denied.status, code(denied.body)]).toEqual([403, "AuthorizationFailed"]);
    expect(message(denied.body)).toBe(`The client '${e.callerPrincipalId}' with object id '${e.callerPrincipalId}' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read' over scope '${clusterId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
    const extensions = await call(e, "GET", `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions`, undefined, "2025-03-01");
    expect([extensions.status, message(extensions.body)]).toEqual([403, expect.stringContaining("'Microsoft.KubernetesConfiguration/extensions/read'")]);
    expect((await call(e, "GET", rg, undefined, "2021-04-01")).status).toBe(200);

    // Permissions: a role-assigning entry without read while the caller may assign roles; none once it may not.
    const permissions = async (scope: string): Promise<Json[]> => obj(await call(e, "GET", `${scope}/providers/Microsoft.Authorization/permissions`, undefined, authApi))["value"] as Json[];
    expect(await permissions(clusterId)).toEqual([{ actions: ["Microsoft.Authorization/*"], notActions: [], dataActions: [], notDataActions: [] }]);
    e.setCallerCanAssignRoles(clusterId, false);
    expect(await permissions(clusterId)).toEqual([]);
    expect((await permissions(rg))[0]).toMatchObject({ actions: ["*"] });

    // A switch below a denied scope gives read back there only.
    e.setCallerCanRead(clusterId, true);
    e.setCallerCanRead(rg, false);
    e.setCallerCanRead(`${clusterId}/`, true);
    expect((await call(e, "GET", clusterId, undefined, aksApi)).status).toBe(200);
    expect(code((await call(e, "GET", accountId, undefined, "2023-05-01")).body)).toBe("AuthorizationFailed");
    e.setCallerCanRead(rg, true);
    expect((await call(e, "GET", accountId, undefined, "2023-05-01")).status).toBe(200);
  });

  it("a restore (and validateRestore) into another cluster needs read on the source cluster: 403 LinkedAuthorizationFailed, nothing started; into the source itself it does not", async () => {
    const e = emu.current;
    const s = await sourceAndTarget(e, "linked");
    e.setCallerCanRead(s.clusterId, false);
    const jobsBefore = e.state.backupJobs.all().length;
    const validate = await call(e, "POST", `${s.bi}/validateRestore`, { restoreRequestObject: restoreBody(s.rp, s.targetId) });
    const restore = await call(e, "POST", `${s.bi}/restore`, restoreBody(s.rp, s.targetId));
    for (const res of [validate, restore]) expect([res.status, code(res.body)]).toEqual([403, "LinkedAuthorizationFailed"]);
    expect(message(restore.body)).toBe(`The client '${e.callerPrincipalId}' with object id '${e.callerPrincipalId}' has permission to perform action 'Microsoft.DataProtection/backupVaults/backupInstances/restore/action' on scope '${s.bi}'; however, it does not have permission to perform action 'Microsoft.ContainerService/managedClusters/read' on the linked scope(s) '${s.clusterId}' or the linked scope(s) are invalid.`);
    expect(message(validate.body)).toContain("backupInstances/validateRestore/action");
    expect(e.state.backupJobs.all().length).toBe(jobsBefore);

    expect(await restoreJob(e, s.bi, restoreBody(s.rp, s.clusterId))).toMatchObject({ status: "Completed" });
    e.setCallerCanRead(s.clusterId, true);
    expect(await restoreJob(e, s.bi, restoreBody(s.rp, s.targetId))).toMatchObject({ status: "Completed" });
  });
});

describe("resourceModifierReference", () => {
  it("is checked in the request; the job fails without the ConfigMap in the target and marks the restored objects with it", async () => {
    const e = emu.current;
    const s = await sourceAndTarget(e, "modifier");
    const bad = await call(e, "POST", `${s.bi}/restore`, restoreBody(s.rp, s.targetId, { resourceModifierReference: { name: "rules", namespace: "Not A Namespace" } }));
    expect([bad.status, code(bad.body)]).toEqual([400, "UserErrorInvalidRequestParameter"]);
    const unnamed = await call(e, "POST", `${s.bi}/restore`, restoreBody(s.rp, s.targetId, { resourceModifierReference: { namespace: "velero" } }));
    expect(unnamed.status).toBe(400);

    const criteria = { resourceModifierReference: { name: "rules", namespace: "velero" } };
    const failed = await restoreJob(e, s.bi, restoreBody(s.rp, s.targetId, criteria));
    expect(failed["status"]).toBe("Failed");
    const errors = failed["errorDetails"] as Json[];
    expect(errors.map((x) => x["code"])).toEqual(["UserErrorResourceModifierConfigMapNotFound"]);
    expect(errors[0]!["message"]).toContain("'rules'");
    expect(e.clusterObjects(s.targetId).some((o) => o.name === "web")).toBe(false);

    // The ConfigMap in the SOURCE does not count; in the target it does.
    e.addClusterObjects(s.clusterId, [{ namespace: "velero", kind: "configmaps", name: "rules" }]);
    expect((await restoreJob(e, s.bi, restoreBody(s.rp, s.targetId, criteria)))["status"]).toBe("Failed");
    e.addClusterObjects(s.targetId, [{ namespace: "velero", kind: "configmaps", name: "rules" }]);
    expect(await restoreJob(e, s.bi, restoreBody(s.rp, s.targetId, criteria))).toMatchObject({ status: "Completed" });
    expect(e.clusterObjects(s.targetId).find((o) => o.name === "web")).toMatchObject({ namespace: "prod", resourceModifier: "velero/rules", restoredFrom: s.rp });
    expect(e.clusterObjects(s.targetId).find((o) => o.name === "rules")!.resourceModifier).toBeUndefined();
  });
});

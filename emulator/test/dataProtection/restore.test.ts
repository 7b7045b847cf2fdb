import { describe, expect, it } from "vitest";
import type { ArmEmulator } from "../../src/index.js";
import { useEmulator } from "../support/emulator.js";
import { armRequest } from "../support/replay.js";
import { call, finish, grant, obj, roles, slowDurations } from "./dppFixtures.js";
import { backupNow, configured, job, jobIdOf, setExtensionMemory, type Configured } from "./jobFixtures.js";

const emu = useEmulator({ durations: slowDurations });
type Json = Record<string, unknown>;

/** The CLI's AKS restore request (CONTRACTS 5.5) for a recovery point into `clusterId`. */
function restoreRequest(recoveryPointId: string, clusterId: string, location = "eastus", criteria: Json = {}): Json {
  const ds = (objectType: string): Json => ({
    datasourceType: "Microsoft.ContainerService/managedClusters", objectType, resourceId: clusterId, resourceLocation: location,
    resourceName: clusterId.split("/").pop(), resourceType: "Microsoft.ContainerService/managedclusters", resourceUri: clusterId,
  });
  return {
    objectType: "AzureBackupRecoveryPointBasedRestoreRequest", recoveryPointId, sourceDataStoreType: "OperationalStore",
    restoreTargetInfo: {
      objectType: "ItemLevelRestoreTargetInfo", recoveryOption: "FailIfExists", restoreLocation: location, datasourceInfo: ds("Datasource"), datasourceSetInfo: ds("DatasourceSet"),
      restoreCriteria: [{ objectType: "KubernetesClusterRestoreCriteria", includeClusterScopeResources: true, conflictPolicy: "Skip", persistentVolumeRestoreMode: "RestoreWithVolumeData", namespaceMappings: null, ...criteria }],
    },
  };
}

async function withPoint(e: ArmEmulator, name: string): Promise<Configured & { rp: string }> {
  const s = await configured(e, name);
  const id = await backupNow(e, s.bi);
  e.advanceTime(190);
  const rp = ((await job(e, id))["extendedInfo"] as Json)["targetRecoverPoint"] as Json;
  return { ...s, rp: rp["recoveryPointID"] as string };
}

function errorCode(body: unknown): string {
  return ((body as { error: { code: string } }).error).code;
}

describe("restore", () => {
  it("validateRestore then restore: a Restore job InProgress -> Completed", async () => {
    const e = emu.current;
    const s = await withPoint(e, "restore");
    const validate = await call(e, "POST", `${s.bi}/validateRestore`, { restoreRequestObject: restoreRequest(s.rp, s.clusterId) });
    expect(validate.status).toBe(202);
    expect((await finish(e, validate))["status"]).toBe("Succeeded");
    expect(obj(await armRequest(e, "GET", validate.headers["location"]!))).toEqual({ objectType: "OperationJobExtendedInfo" });

    const jobId = await jobIdOf(e, await call(e, "POST", `${s.bi}/restore`, restoreRequest(s.rp, s.clusterId)));
    const running = await job(e, jobId);
    expect(running).toMatchObject({ status: "InProgress", operationCategory: "Restore", operation: "Restore", sourceDataStoreType: "OperationalStore", isUserTriggered: true, endTime: null });
    const ext = running["extendedInfo"] as Json;
    expect((ext["sourceRecoverPoint"] as Json)["recoveryPointID"]).toBe(s.rp);
    expect(ext["recoveryDestination"]).toBe(s.clusterId);
    expect((ext["subTasks"] as Json[])[0]!["taskName"]).toBe("Trigger Restore");
    e.advanceTime(220);
    const done = await job(e, jobId);
    expect(done["status"]).toBe("Completed");
    expect(((done["extendedInfo"] as Json)["subTasks"] as Json[])[0]!["additionalDetails"]).toMatchObject({ DataTransferredInBytes: "0" });
  });

  it("restores to another cluster in the region when it is prepared; another region fails the operation", async () => {
    const e = emu.current;
    const s = await withPoint(e, "restoresrc");
    const other = await configured(e, "restoredst", [], { vault: "v-restoresrc-2" });
    // The source vault needs Trusted Access and Reader on the target cluster too.
    e.state.trustedAccessBindings.set({ id: `${other.clusterId}/trustedAccessRoleBindings/src`, name: "src", clusterId: other.clusterId, sourceResourceId: s.vaultId, roles: ["Microsoft.DataProtection/backupVaults/backup-operator"], provisioningState: "Succeeded", createdAt: 0 });
    grant(e, s.vaultPrincipal, roles.reader, other.clusterId);
    grant(e, other.clusterPrincipal, roles.contributor, s.snapshotRgId);
    const jobId = await jobIdOf(e, await call(e, "POST", `${s.bi}/restore`, restoreRequest(s.rp, other.clusterId, "eastus", { namespaceMappings: { app: "app-restored" } })));
    e.advanceTime(220);
    expect(await job(e, jobId)).toMatchObject({ status: "Completed" });

    const far = await configured(e, "restorefar", [], { location: "westus" });
    const res = await call(e, "POST", `${s.bi}/restore`, restoreRequest(s.rp, far.clusterId, "westus"));
    expect(res.status).toBe(202);
    const failed = await finish(e, res);
    expect(failed["status"]).toBe("Failed");
    expect((failed["error"] as Json)["code"]).toBe("UserErrorDatasourceAndVaultLocationMismatch");
    const gone = await call(e, "POST", `${s.bi}/validateRestore`, { restoreRequestObject: restoreRequest(s.rp, `${s.clusterId}-gone`) });
    expect(((await finish(e, gone))["error"] as Json)["code"]).toBe("UserErrorDatasourceNotFound");
  });

  it("refuses bad requests at once with 400", async () => {
    const e = emu.current;
    const s = await withPoint(e, "restorebad");
    const cases: Array<[unknown, string]> = [
      [restoreRequest("0".repeat(32), s.clusterId), "UserErrorRecoveryPointNotFound"],
      [restoreRequest(s.rp, s.clusterId, "eastus", { namespaceMappings: { app: "Bad_Name" } }), "UserErrorInvalidNamespaceMapping"],
      [{ ...restoreRequest(s.rp, s.clusterId), objectType: "AzureBackupRecoveryTimeBasedRestoreRequest" }, "UserErrorRestoreTypeNotSupported"],
      [restoreRequest(s.rp, s.clusterId, "eastus", { conflictPolicy: "Overwrite" }), "UserErrorInvalidRequestParameter"],
      [{ ...restoreRequest(s.rp, s.clusterId), sourceDataStoreType: "VaultStore" }, "UserErrorInvalidRequestParameter"],
    ];
    for (const [body, code] of cases) {
      const res = await call(e, "POST", `${s.bi}/restore`, body);
      expect([res.status, errorCode(res.body)], code).toEqual([400, code]);
    }
    const unwrapped = await call(e, "POST", `${s.bi}/validateRestore`, restoreRequest(s.rp, s.clusterId));
    expect([unwrapped.status, errorCode(unwrapped.body)]).toEqual([400, "UserErrorInvalidRequestParameter"]);
  });

  it("a restore too big for the target extension's memory fails with the restore OOM error", async () => {
    const e = emu.current;
    const s = await configured(e, "restoreoom");
    e.setClusterResourceCount(s.clusterId, 1500);
    await setExtensionMemory(e, s.clusterId, "4Gi");
    const id = await backupNow(e, s.bi);
    e.advanceTime(190);
    const rp = (((await job(e, id))["extendedInfo"] as Json)["targetRecoverPoint"] as Json)["recoveryPointID"] as string;
    await setExtensionMemory(e, s.clusterId, "1Gi");
    const jobId = await jobIdOf(e, await call(e, "POST", `${s.bi}/restore`, restoreRequest(rp, s.clusterId)));
    e.advanceTime(220);
    const failed = await job(e, jobId);
    expect(failed["status"]).toBe("Failed");
    expect((failed["errorDetails"] as Json[])[0]!["code"]).toBe("UserErrorBackupPluginPodRestartedDuringRestore");
  });

  it("CRD version mismatches and failing restore hooks on the target give CompletedWithWarnings", async () => {
    const e = emu.current;
    const s = await withPoint(e, "restorewarn");
    e.setClusterConditions(s.clusterId, { crdVersionMismatch: ["widgets.example.com"], failingHooks: ["post-restore"] });
    const jobId = await jobIdOf(e, await call(e, "POST", `${s.bi}/restore`, restoreRequest(s.rp, s.clusterId, "eastus", { restoreHookReferences: [{ name: "post-restore", namespace: "app" }] })));
    e.advanceTime(220);
    const p = await job(e, jobId);
    expect(p["status"]).toBe("CompletedWithWarnings");
    const warnings = (p["extendedInfo"] as Json)["warningDetails"] as Array<{ resourceName: string; warning: Json }>;
    expect(warnings.map((w) => [w.resourceName, w.warning["code"]])).toEqual([["widgets.example.com", "UserErrorCRDVersionMismatch"], ["post-restore", "UserErrorRestoreHookExecutionFailed"]]);
  });
});

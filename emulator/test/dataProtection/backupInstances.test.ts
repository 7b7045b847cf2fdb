import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { armRequest } from "../support/replay.js";
import { call, finish, obj, seedAks, slowDurations, type AksSetup } from "./dppFixtures.js";

const emu = useEmulator({ durations: slowDurations, pageSize: 1 });
type Json = Record<string, unknown>;

function props(body: unknown): Json {
  return (body as { properties: Json }).properties;
}

async function state(s: AksSetup, bi: string): Promise<string> {
  return props(obj(await call(emu.current, "GET", `${s.vaultId}/backupInstances/${bi}`)))["currentProtectionState"] as string;
}

async function configured(name: string): Promise<AksSetup> {
  const e = emu.current;
  const s = await seedAks(e, name);
  await finish(e, await call(e, "PUT", `${s.vaultId}/backupInstances/bi`, s.instanceBody()));
  e.advanceTime(60);
  expect(await state(s, "bi")).toBe("ProtectionConfigured");
  return s;
}

describe("backup instances", () => {
  it("PUT: 201 ConfiguringProtection/Provisioning, then Succeeded, then ProtectionConfigured", async () => {
    const e = emu.current;
    const s = await seedAks(e, "create");
    const res = await call(e, "PUT", `${s.vaultId}/backupInstances/bi`, s.instanceBody());
    expect(res.status).toBe(201);
    const p = props(res.body);
    expect(p["currentProtectionState"]).toBe("ConfiguringProtection");
    expect(p["protectionStatus"]).toEqual({ status: "ConfiguringProtection" });
    expect(p["provisioningState"]).toBe("Provisioning");
    expect(((p["policyInfo"] as Json)["policyParameters"] as Json)["backupDatasourceParametersList"]).toEqual([{
      objectType: "KubernetesClusterBackupDatasourceParameters", snapshotVolumes: true, includeClusterScopeResources: true, includedVolumeTypes: null,
      includedNamespaces: null, excludedNamespaces: null, includedResourceTypes: null, excludedResourceTypes: null, labelSelectors: null, backupHookReferences: null,
    }]);
    expect(res.headers["azure-asyncoperation"]).toMatch(/\/backupVaults\/v-create\/operationStatus\//);
    expect(res.headers["retry-after"]).toBeDefined();
    expect((await finish(e, res))["status"]).toBe("Succeeded");
    const mid = props(obj(await call(e, "GET", `${s.vaultId}/backupInstances/bi`)));
    expect([mid["currentProtectionState"], mid["provisioningState"]]).toEqual(["ConfiguringProtection", "Succeeded"]);
    e.advanceTime(60);
    expect(await state(s, "bi")).toBe("ProtectionConfigured");
  });

  it("runs the state machine: stop, resume, suspend, resumeBackups, suspend, resumeProtection, sync", async () => {
    const e = emu.current;
    const s = await configured("machine");
    const steps: Array<[string, string]> = [
      ["stopProtection", "ProtectionStopped"], ["resumeProtection", "ProtectionConfigured"], ["suspendBackups", "BackupsSuspended"],
      ["resumeBackups", "ProtectionConfigured"], ["suspendBackups", "BackupsSuspended"], ["resumeProtection", "ProtectionConfigured"], ["sync", "ProtectionConfigured"],
    ];
    for (const [action, expected] of steps) {
      const res = await call(e, "POST", `${s.vaultId}/backupInstances/bi/${action}`, action === "sync" ? { syncType: "Default" } : undefined);
      expect(res.status, action).toBe(202);
      expect(res.body).toBeNull();
      expect(res.headers["location"]).toMatch(/\/locations\/eastus\/operationResults\//);
      expect((await finish(e, res))["status"], action).toBe("Succeeded");
      expect(obj(await armRequest(e, "GET", res.headers["location"]!))).toEqual({ objectType: "OperationJobExtendedInfo" });
      const p = props(obj(await call(e, "GET", `${s.vaultId}/backupInstances/bi`)));
      expect([p["currentProtectionState"], (p["protectionStatus"] as Json)["status"]], action).toEqual([expected, expected]);
    }
  });

  it("refuses invalid transitions and actions while another runs", async () => {
    const e = emu.current;
    const s = await configured("invalid");
    const bi = `${s.vaultId}/backupInstances/bi`;
    const res = await call(e, "POST", `${bi}/resumeBackups`);
    expect(res.status).toBe(400);
    expect((obj(res)["error"] as { code: string }).code).toBe("UserErrorInvalidOperationForCurrentState");
    // As recorded (softdelete #3): resuming a configured instance answers 200 at once, with no body and no LRO headers.
    const resumed = await call(e, "POST", `${bi}/resumeProtection`);
    expect([resumed.status, resumed.body, resumed.headers["azure-asyncoperation"]]).toEqual([200, null, undefined]);
    const stop = await call(e, "POST", `${bi}/stopProtection`);
    const busy = await call(e, "POST", `${bi}/suspendBackups`);
    expect(busy.status).toBe(409);
    expect((obj(busy)["error"] as { code: string }).code).toBe("BMSUserErrorObjectLocked");
    await finish(e, stop);
    for (const action of ["stopProtection", "suspendBackups", "resumeBackups"]) expect((await call(e, "POST", `${bi}/${action}`)).status, action).toBe(400);
    expect((await call(e, "POST", `${bi}/sync`, { syncType: "Sometimes" })).status).toBe(400);
  });

  it("fails configuration when a prerequisite is missing, and configures again on a new PUT", async () => {
    const e = emu.current;
    const s = await seedAks(e, "cfgfail", ["trustedAccess"]);
    const res = await call(e, "PUT", `${s.vaultId}/backupInstances/bi`, s.instanceBody());
    const status = await finish(e, res);
    expect(status["status"]).toBe("Failed");
    expect((status["error"] as { code: string }).code).toBe("UserErrorTrustedAccessGatewayReturnedForbidden");
    const p = props(obj(await call(e, "GET", `${s.vaultId}/backupInstances/bi`)));
    expect([p["currentProtectionState"], p["provisioningState"]]).toEqual(["ConfiguringProtectionFailed", "Failed"]);
    expect(((p["protectionStatus"] as Json)["errorDetails"] as Json)["code"]).toBe("UserErrorTrustedAccessGatewayReturnedForbidden");
    e.state.trustedAccessBindings.set({ id: s.bindingId, name: "tarb", clusterId: s.clusterId, sourceResourceId: s.vaultId, roles: ["Microsoft.DataProtection/backupVaults/backup-operator"], provisioningState: "Succeeded", createdAt: 0 });
    const again = await call(e, "PUT", `${s.vaultId}/backupInstances/bi`, s.instanceBody());
    expect(again.status).toBe(201);
    expect((await finish(e, again))["status"]).toBe("Succeeded");
    e.advanceTime(60);
    expect(await state(s, "bi")).toBe("ProtectionConfigured");
  });

  it("moves to ProtectionError when a prerequisite disappears, and sync repairs it", async () => {
    const e = emu.current;
    const s = await configured("perror");
    const bi = `${s.vaultId}/backupInstances/bi`;
    await finish(e, await call(e, "POST", `${bi}/stopProtection`));
    e.state.trustedAccessBindings.delete(s.bindingId);
    const resume = await finish(e, await call(e, "POST", `${bi}/resumeProtection`));
    expect(resume["status"]).toBe("Failed");
    const p = props(obj(await call(e, "GET", bi)));
    expect(p["currentProtectionState"]).toBe("ProtectionError");
    expect((p["protectionErrorDetails"] as Json)["code"]).toBe("UserErrorTrustedAccessGatewayReturnedForbidden");
    e.state.trustedAccessBindings.set({ id: s.bindingId, name: "tarb", clusterId: s.clusterId, sourceResourceId: s.vaultId, roles: ["Microsoft.DataProtection/backupVaults/backup-operator"], provisioningState: "Succeeded", createdAt: 0 });
    expect((await finish(e, await call(e, "POST", `${bi}/sync`)))["status"]).toBe("Succeeded");
    const fixed = props(obj(await call(e, "GET", bi)));
    expect(fixed["currentProtectionState"]).toBe("ProtectionConfigured");
    expect(fixed["protectionErrorDetails"]).toBeUndefined();
  });

  it("updates: an unchanged PUT answers 200; a change answers 202 with BI/operationResults", async () => {
    const e = emu.current;
    const s = await configured("update");
    const bi = `${s.vaultId}/backupInstances/bi`;
    const same = await call(e, "PUT", bi, s.instanceBody());
    expect(same.status).toBe(200);
    expect(props(same.body)["currentProtectionState"]).toBe("ProtectionConfigured");
    const changed = s.instanceBody();
    const params = ((props(changed)["policyInfo"] as Json)["policyParameters"] as Json)["backupDatasourceParametersList"] as Json[];
    params[0] = { ...params[0], includedNamespaces: ["nsA"], snapshotVolumes: false };
    const res = await call(e, "PUT", bi, changed);
    expect(res.status).toBe(202);
    expect(res.body).toBeNull();
    expect(res.headers["location"]).toMatch(/\/backupInstances\/bi\/operationResults\//);
    expect((await armRequest(e, "GET", res.headers["location"]!)).status).toBe(202);
    await finish(e, res);
    const result = await armRequest(e, "GET", res.headers["location"]!);
    expect(result.status).toBe(200);
    const p = props(result.body);
    expect(JSON.stringify(p["policyInfo"])).toContain("nsA");
    expect(p["currentProtectionState"]).toBe("ProtectionConfigured");
  });

  it("refuses a second instance for a protected cluster and a changed datasource", async () => {
    const e = emu.current;
    const s = await configured("second");
    const dup = await call(e, "PUT", `${s.vaultId}/backupInstances/bi2`, s.instanceBody());
    expect(dup.status).toBe(400);
    expect((obj(dup)["error"] as { code: string }).code).toBe("UserErrorDppDatasourceAlreadyProtected");
    const other = await seedAks(e, "second2");
    const moved = await call(e, "PUT", `${s.vaultId}/backupInstances/bi`, { properties: { ...props(other.instanceBody()), policyInfo: props(s.instanceBody())["policyInfo"] } });
    expect(moved.status).toBe(400);
  });

  it("rejects bodies that break the contract", async () => {
    const e = emu.current;
    const s = await seedAks(e, "badbody");
    const body = props(s.instanceBody());
    const cases: Array<[string, Json]> = [
      ["no policy", { ...body, policyInfo: { policyId: `${s.vaultId}/backupPolicies/none` } }],
      ["no k8s params", { ...body, policyInfo: { policyId: s.policyId, policyParameters: { dataStoreParametersList: [] } } }],
      ["objectType", { ...body, objectType: "Other" }],
      ["no resourceID", { ...body, dataSourceInfo: { objectType: "Datasource" } }],
    ];
    for (const [what, properties] of cases) expect((await call(e, "PUT", `${s.vaultId}/backupInstances/bad`, { properties })).status, what).toBe(400);
    expect((await call(e, "GET", `${s.vaultId}/backupInstances/bad`)).status).toBe(404);
  });

  it("lists instances of a vault (paged) and of a cluster across vaults", async () => {
    const e = emu.current;
    const s = await configured("lists");
    const page = obj(await call(e, "GET", `${s.vaultId}/backupInstances`));
    expect((page["value"] as unknown[]).length).toBe(1);
    expect(page["nextLink"]).toBeUndefined();
    const byCluster = obj(await call(e, "GET", `${s.clusterId}/providers/Microsoft.DataProtection/backupInstances`));
    expect((byCluster["value"] as Array<{ name: string }>).map((b) => b.name)).toEqual(["bi"]);
    const other = await seedAks(e, "lists2");
    expect(obj(await call(e, "GET", `${other.clusterId}/providers/Microsoft.DataProtection/backupInstances`))["value"]).toEqual([]);
  });

  it("deletes: 202 then gone; absent instance 204; the vault cannot be deleted while it has instances", async () => {
    const e = emu.current;
    const s = await configured("delete");
    const bi = `${s.vaultId}/backupInstances/bi`;
    const vaultDelete = await call(e, "DELETE", s.vaultId);
    expect(vaultDelete.status).toBe(400);
    expect((obj(vaultDelete)["error"] as { code: string }).code).toBe("UserErrorVaultNotEmpty");
    const res = await call(e, "DELETE", bi);
    expect(res.status).toBe(202);
    expect(res.body).toBeNull();
    expect(res.headers["azure-asyncoperation"]).toMatch(/\/backupVaults\/v-delete\/operationStatus\//);
    expect(res.headers["location"]).toMatch(/\/locations\/eastus\/operationResults\//);
    expect((await call(e, "POST", `${bi}/stopProtection`)).status).toBe(409);
    await finish(e, res);
    const gone = await call(e, "GET", bi);
    expect(gone.status).toBe(404);
    expect((obj(gone)["error"] as { code: string }).code).toBe("ResourceNotFound");
    expect((await call(e, "DELETE", bi)).status).toBe(204);
    expect((await call(e, "POST", `${bi}/stopProtection`)).status).toBe(404);
  });

  it("answers 404 for an unknown operation id", async () => {
    const e = emu.current;
    const s = await seedAks(e, "noop");
    expect((await call(e, "GET", `${s.vaultId}/operationStatus/bm9wZQ==`)).status).toBe(404);
    expect((await call(e, "GET", `/subscriptions/${e.subscriptionId}/providers/Microsoft.DataProtection/locations/eastus/operationResults/bm9wZQ==`)).status).toBe(404);
  });
});

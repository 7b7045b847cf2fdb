import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { armRequest } from "../support/replay.js";
import { api, call, finish, obj, seedAks, type AksSetup } from "./dppFixtures.js";

const emu = useEmulator();
type Json = Record<string, unknown>;

function code(body: unknown): string | undefined {
  return ((body as { error?: { code?: string } }).error)?.code;
}

/** A configured instance `bi` in a vault linked to a fresh guard (in another tenant when `tenantId` is given). */
async function guarded(name: string, tenantId?: string, exclusions: string[] = []): Promise<AksSetup & { guardId: string; biId: string }> {
  const e = emu.current;
  const s = await seedAks(e, name);
  const guardId = e.addResourceGuard({ resourceGroup: `rg-guard-${name}`, name: `g-${name}`, location: "eastus", ...(tenantId ? { tenantId } : {}) });
  if (exclusions.length > 0) {
    const put = await call(e, "PUT", guardId, { location: "eastus", properties: { vaultCriticalOperationExclusionList: exclusions } });
    expect(put.status).toBe(200);
  }
  const biId = `${s.vaultId}/backupInstances/bi`;
  await finish(e, await call(e, "PUT", biId, s.instanceBody()));
  e.advanceTime(120);
  // Linking a vault to a guard in another tenant needs that tenant's token, as every operation the guard protects.
  const proxyPath = `${s.vaultId}/backupResourceGuardProxies/DppResourceGuardProxy`;
  const link = await armRequest(e, "PUT", `${proxyPath}?api-version=${api}`, { body: { properties: { resourceGuardResourceId: guardId } }, ...(tenantId ? { headers: { "x-ms-authorization-auxiliary": "Bearer other-tenant" } } : {}) });
  expect(link.status).toBe(200);
  return { ...s, guardId, biId };
}

describe("resource guards: critical operations need the guard's approval", () => {
  it("stopProtection without the guard's request is refused; with it, accepted", async () => {
    const e = emu.current;
    const s = await guarded("stop");
    const vault = obj(await call(e, "GET", s.vaultId));
    expect((vault["properties"] as Json)["isVaultProtectedByResourceGuard"]).toBe(true);
    const refused = await call(e, "POST", `${s.biId}/stopProtection`, {});
    expect(refused.status).toBe(400);
    expect(code(refused.body)).toBe("UserErrorResourceGuardOperationRequestMissing");
    const other = await call(e, "POST", `${s.biId}/stopProtection`, { resourceGuardOperationRequests: [`${s.guardId}/dppDisableSuspendBackupsRequests/default`] });
    expect(other.status).toBe(400);
    const ok = await call(e, "POST", `${s.biId}/stopProtection`, { resourceGuardOperationRequests: [`${s.guardId}/dppDisableStopProtectionRequests/default`] });
    expect(ok.status).toBe(202);
  });

  it("a change of the instance needs dppModifyPolicy; an operation the guard excludes needs nothing", async () => {
    const e = emu.current;
    const s = await guarded("modify", undefined, ["Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action"]);
    const body = s.instanceBody();
    const params = ((body["properties"] as Json)["policyInfo"] as Json)["policyParameters"] as Json;
    (params["backupDatasourceParametersList"] as Json[])[0]!["includedNamespaces"] = ["app"];
    const refused = await call(e, "PUT", s.biId, body);
    expect(refused.status).toBe(400);
    expect(code(refused.body)).toBe("UserErrorResourceGuardOperationRequestMissing");
    (body["properties"] as Json)["resourceGuardOperationRequests"] = [`${s.guardId}/dppModifyPolicy/default`];
    expect((await call(e, "PUT", s.biId, body)).status).toBe(202);
    const proxy = obj(await call(e, "GET", `${s.vaultId}/backupResourceGuardProxies/DppResourceGuardProxy`));
    const details = (proxy["properties"] as Json)["resourceGuardOperationDetails"] as Json[];
    expect(details.find((d) => (d["vaultCriticalOperation"] as string).endsWith("stopProtection/action"))).not.toHaveProperty("defaultResourceRequest");
    e.advanceTime(120);
    expect((await call(e, "POST", `${s.biId}/stopProtection`, {})).status).toBe(202);
  });

  it("a guard in another tenant needs x-ms-authorization-auxiliary (403 LinkedAuthorizationFailed without it)", async () => {
    const e = emu.current;
    const s = await guarded("tenant", "11111111-2222-3333-4444-555555555555");
    const refused = await call(e, "DELETE", s.biId);
    expect(refused.status).toBe(403);
    expect(code(refused.body)).toBe("LinkedAuthorizationFailed");
    const withToken = await armRequest(e, "DELETE", `${s.biId}?api-version=${api}`, { headers: { "x-ms-authorization-auxiliary": "Bearer guard-tenant-token" } });
    expect(withToken.status).toBe(202);
  });

  it("deleting the proxy needs unlockDelete with the guard's request first (as recorded: unlock, then 200)", async () => {
    const e = emu.current;
    const s = await guarded("unlink");
    const proxy = `${s.vaultId}/backupResourceGuardProxies/DppResourceGuardProxy`;
    const locked = await call(e, "DELETE", proxy);
    expect(locked.status).toBe(400);
    expect(code(locked.body)).toBe("UserErrorResourceGuardProxyDeleteNotUnlocked");
    expect((await call(e, "POST", `${proxy}/unlockDelete`, { resourceGuardOperationRequests: [] })).status).toBe(400);
    const unlock = await call(e, "POST", `${proxy}/unlockDelete`, { resourceGuardOperationRequests: [`${s.guardId}/deleteResourceGuardProxyRequests/default`] });
    expect(unlock.status).toBe(200);
    expect(obj(unlock)["unlockDeleteExpiryTime"]).toMatch(/^\d{4}-/);
    expect((await call(e, "DELETE", proxy)).status).toBe(200);
    expect((obj(await call(e, "GET", s.vaultId))["properties"] as Json)["isVaultProtectedByResourceGuard"]).toBe(false);
    // Without a guard nothing is asked for.
    expect((await call(e, "POST", `${s.biId}/stopProtection`, {})).status).toBe(202);
  });
});

describe("validateForModifyBackup", () => {
  it("202 for an allowed change; 400 for a new snapshot resource group or for adding Azure Files (PUT refuses the same)", async () => {
    const e = emu.current;
    const s = await seedAks(e, "modval");
    const biId = `${s.vaultId}/backupInstances/bi`;
    await finish(e, await call(e, "PUT", biId, s.instanceBody()));
    e.advanceTime(120);
    const inner = (mutate: (params: Json) => void): Json => {
      const body = s.instanceBody()["properties"] as Json;
      mutate((body["policyInfo"] as Json)["policyParameters"] as Json);
      return { backupInstance: body };
    };
    const ok = await call(e, "POST", `${biId}/validateForModifyBackup`, inner((p) => { (p["backupDatasourceParametersList"] as Json[])[0]!["includedNamespaces"] = ["app"]; }));
    expect(ok.status).toBe(202);
    expect(ok.headers["azure-asyncoperation"]).toMatch(/\/operationStatus\//);
    expect((await finish(e, ok))["status"]).toBe("Succeeded");
    const newRg = inner((p) => { (p["dataStoreParametersList"] as Json[])[0]!["resourceGroupId"] = `/subscriptions/${e.subscriptionId}/resourceGroups/other`; });
    const rg = await call(e, "POST", `${biId}/validateForModifyBackup`, newRg);
    expect([rg.status, code(rg.body)]).toEqual([400, "UserErrorSnapshotResourceGroupCannotBeModified"]);
    const files = inner((p) => { (p["backupDatasourceParametersList"] as Json[])[0]!["includedVolumeTypes"] = ["AzureDisk", "AzureFileShareSMB"]; });
    const f = await call(e, "POST", `${biId}/validateForModifyBackup`, files);
    expect([f.status, code(f.body)]).toEqual([400, "UserErrorAzureFileShareNotSupportedForExistingBackupInstance"]);
    const put = await call(e, "PUT", biId, { properties: newRg["backupInstance"] });
    expect([put.status, code(put.body)]).toEqual([400, "UserErrorSnapshotResourceGroupCannotBeModified"]);
    expect((await call(e, "POST", `${s.vaultId}/backupInstances/nope/validateForModifyBackup`, files)).status).toBe(404);
    expect((await call(e, "POST", `${biId}/validateForModifyBackup`, {})).status).toBe(400);
  });
});

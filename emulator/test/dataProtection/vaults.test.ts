import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { armRequest } from "../support/replay.js";
import { call, finish, obj, slowDurations, vaultBody } from "./dppFixtures.js";

const emu = useEmulator({ durations: slowDurations, pageSize: 2 });

function vaultPath(rg: string, name: string): string {
  return `/subscriptions/${emu.current.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.DataProtection/backupVaults/${name}`;
}

function setup(rg: string): void {
  emu.current.addResourceGroup({ name: rg, location: "eastus" });
  emu.current.state.providers.set(emu.current.subscriptionId, "Microsoft.DataProtection", "Registered");
}

describe("backup vaults", () => {
  it("creates a vault: 201 Provisioning with a vault-scoped monitor, then Succeeded", async () => {
    const e = emu.current;
    setup("rg-v1");
    const res = await call(e, "PUT", vaultPath("rg-v1", "vault1"), vaultBody());
    expect(res.status).toBe(201);
    const body = obj(res);
    expect((body["properties"] as Record<string, unknown>)["provisioningState"]).toBe("Provisioning");
    const identity = body["identity"] as Record<string, string>;
    expect(identity["type"]).toBe("SystemAssigned");
    expect(e.state.directory.get(identity["principalId"]!)?.kind).toBe("vault");
    expect(identity["tenantId"]).toBe(e.tenantId);
    expect(res.headers["azure-asyncoperation"]).toMatch(/\/backupVaults\/vault1\/operationStatus\/[A-Za-z0-9+/]+=*\?api-version=2025-07-01$/);
    expect(res.headers["location"]).toBeUndefined();
    const running = obj(await armRequest(e, "GET", res.headers["azure-asyncoperation"]!));
    expect(running["status"]).toBe("Inprogress");
    expect(running["endTime"]).toBe("0001-01-01T00:00:00Z");
    expect(Buffer.from(running["name"] as string, "base64").toString()).toMatch(/^[0-9a-f-]{36};[0-9a-f-]{36}$/);
    expect((await finish(e, res))["status"]).toBe("Succeeded");
    const got = obj(await call(e, "GET", vaultPath("rg-v1", "vault1")));
    expect((got["properties"] as Record<string, unknown>)["provisioningState"]).toBe("Succeeded");
    // A second PUT is synchronous and keeps the identity.
    const again = await call(e, "PUT", vaultPath("rg-v1", "vault1"), vaultBody());
    expect(again.status).toBe(200);
    expect((obj(again)["identity"] as Record<string, string>)["principalId"]).toBe(identity["principalId"]);
  });

  it("lists vaults by resource group and subscription, with paging", async () => {
    const e = emu.current;
    setup("rg-list");
    for (const n of ["la", "lb", "lc"]) await call(e, "PUT", vaultPath("rg-list", n), vaultBody());
    const first = obj(await call(e, "GET", `/subscriptions/${e.subscriptionId}/resourceGroups/rg-list/providers/Microsoft.DataProtection/backupVaults`));
    expect((first["value"] as unknown[]).length).toBe(2);
    const second = obj(await armRequest(e, "GET", first["nextLink"] as string));
    expect((second["value"] as Array<{ name: string }>).map((v) => v.name)).toEqual(["lc"]);
    expect(second["nextLink"]).toBeUndefined();
    const sub = obj(await call(e, "GET", `/subscriptions/${e.subscriptionId}/providers/Microsoft.DataProtection/backupVaults`));
    expect((sub["value"] as unknown[]).length).toBe(2);
  });

  it("answers 404 ResourceNotFound for a missing vault and 204 when deleting it", async () => {
    const e = emu.current;
    setup("rg-missing");
    const res = await call(e, "GET", vaultPath("rg-missing", "nope"));
    expect(res.status).toBe(404);
    expect((obj(res)["error"] as { code: string }).code).toBe("ResourceNotFound");
    expect((await call(e, "DELETE", vaultPath("rg-missing", "nope"))).status).toBe(204);
  });

  it("deletes a vault: 202 with monitor and location headers, operationResults 202 then 200", async () => {
    const e = emu.current;
    setup("rg-del");
    await finish(e, await call(e, "PUT", vaultPath("rg-del", "vdel"), vaultBody()));
    const res = await call(e, "DELETE", vaultPath("rg-del", "vdel"));
    expect(res.status).toBe(202);
    expect(res.body).toBeNull();
    expect(res.headers["azure-asyncoperation"]).toMatch(/\/resourceGroups\/rg-del\/providers\/Microsoft\.DataProtection\/locations\/eastus\/operationStatus\//);
    const location = res.headers["location"]!;
    expect(location).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/[^/]+\/providers\/Microsoft\.DataProtection\/locations\/eastus\/operationResults\//);
    expect((await armRequest(e, "GET", location)).status).toBe(202);
    expect((await finish(e, res))["status"]).toBe("Succeeded");
    const done = await armRequest(e, "GET", location);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ objectType: "OperationJobExtendedInfo" });
    expect(done.headers["azure-asyncoperation"]).toMatch(/\/locations\/eastus\/operationStatus\//);
    expect((await call(e, "GET", vaultPath("rg-del", "vdel"))).status).toBe(404);
  });

  it("patches a vault through V/operationResults", async () => {
    const e = emu.current;
    setup("rg-patch");
    await finish(e, await call(e, "PUT", vaultPath("rg-patch", "vp"), vaultBody()));
    const res = await call(e, "PATCH", vaultPath("rg-patch", "vp"), { properties: { monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: "Disabled" } } } });
    expect(res.status).toBe(202);
    expect(res.headers["location"]).toMatch(/\/backupVaults\/vp\/operationResults\//);
    await finish(e, res);
    const result = await armRequest(e, "GET", res.headers["location"]!);
    expect(result.status).toBe(200);
    const props = obj(result)["properties"] as Record<string, unknown>;
    expect(props["monitoringSettings"]).toEqual({ azureMonitorAlertSettings: { alertsForAllJobFailures: "Disabled" } });
    expect(props["provisioningState"]).toBe("Succeeded");
  });

  it("validates the body and the name", async () => {
    const e = emu.current;
    setup("rg-bad");
    const noSettings = await call(e, "PUT", vaultPath("rg-bad", "vbad"), { location: "eastus", properties: {} });
    expect(noSettings.status).toBe(400);
    expect((obj(noSettings)["error"] as { target: string }).target).toBe("properties.storageSettings");
    expect((await call(e, "PUT", vaultPath("rg-bad", "1bad"), vaultBody())).status).toBe(400);
    const badType = await call(e, "PUT", vaultPath("rg-bad", "vbad"), { ...vaultBody(), identity: { type: "Magic" } });
    expect(badType.status).toBe(400);
    expect((await call(e, "PUT", vaultPath("rg-bad", "vbad"), { properties: vaultBody()["properties"] })).status).toBe(400);
  });

  it("needs Microsoft.DataProtection registered for writes", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-unreg", location: "eastus" });
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "NotRegistered");
    const res = await call(e, "PUT", vaultPath("rg-unreg", "vu"), vaultBody());
    expect(res.status).toBe(409);
    expect((obj(res)["error"] as { code: string }).code).toBe("MissingSubscriptionRegistration");
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "Registered");
  });

  it("answers checkNameAvailability", async () => {
    const e = emu.current;
    setup("rg-name");
    await call(e, "PUT", vaultPath("rg-name", "taken"), vaultBody());
    const url = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-name/providers/Microsoft.DataProtection/locations/eastus/checkNameAvailability`;
    expect(obj(await call(e, "POST", url, { name: "taken", type: "Microsoft.DataProtection/BackupVaults" }))["nameAvailable"]).toBe(false);
    expect(obj(await call(e, "POST", url, { name: "free1", type: "Microsoft.DataProtection/BackupVaults" }))["nameAvailable"]).toBe(true);
  });

  it("accepts the recorded api-versions and refuses others", async () => {
    const e = emu.current;
    setup("rg-api");
    for (const v of ["2024-04-01", "2025-01-01", "2026-03-01"]) expect((await call(e, "PUT", vaultPath("rg-api", `va${v.slice(0, 4)}`), vaultBody(), v)).status).toBe(201);
    expect((await call(e, "GET", vaultPath("rg-api", "va2024"), undefined, "2019-01-01")).status).toBe(400);
  });

  it("answers the final operationResults 200 with Retry-After 30, as Azure does, and vault bodies by api-version", async () => {
    const e = emu.current;
    setup("rg-v9");
    const id = vaultPath("rg-v9", "vault9");
    await call(e, "PUT", id, vaultBody());
    e.advanceTime(60);
    const del = await call(e, "DELETE", id);
    expect(del.status).toBe(202);
    e.advanceTime(60);
    const result = await armRequest(e, "GET", del.headers["location"]!);
    expect(result.status).toBe(200);
    expect(result.headers["retry-after"]).toBe(String(Math.ceil(e.state.clock.toRealMs(30) / 1000)));
    await call(e, "PUT", id, vaultBody());
    const at = async (v: string): Promise<string[]> => Object.keys(obj(await call(e, "GET", id, undefined, v))["properties"] as object);
    // As recorded: no scores or replicated regions at 2022-12-01, no bcdrSecurityLevel at 2023-11-01.
    expect(await at("2022-12-01")).not.toContain("secureScore");
    expect(await at("2023-11-01")).toEqual(expect.arrayContaining(["secureScore", "replicatedRegions"]));
    expect(await at("2023-11-01")).not.toContain("bcdrSecurityLevel");
    expect(await at("2025-07-01")).toEqual(expect.arrayContaining(["secureScore", "bcdrSecurityLevel", "replicatedRegions"]));
  });
});

import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { armRequest } from "../support/replay.js";
import { specValidator } from "../support/specs.js";
import { call, finish, obj, seedAks, slowDurations } from "./dppFixtures.js";

const spec = "Microsoft.DataProtection/2025-07-01/dataprotection.json";
const v = (definition: string) => specValidator(spec, definition);
const emu = useEmulator({ durations: slowDurations });

describe("DataProtection responses validate against the 2025-07-01 spec", () => {
  it("vaults, policies, backup instances, monitors, results and errors", async () => {
    const e = emu.current;
    const s = await seedAks(e, "schema");
    // The validator is not vacuous: a body without its required fields fails.
    expect(v("BackupInstanceResource")({ properties: { objectType: "BackupInstance" } })).not.toEqual([]);
    const vault = await call(e, "GET", s.vaultId);
    expect(v("BackupVaultResource")(vault.body)).toEqual([]);
    expect(v("BackupVaultResourceList")((await call(e, "GET", `/subscriptions/${e.subscriptionId}/providers/Microsoft.DataProtection/backupVaults`)).body)).toEqual([]);
    expect(v("BaseBackupPolicyResource")((await call(e, "GET", s.policyId)).body)).toEqual([]);
    expect(v("BaseBackupPolicyResourceList")((await call(e, "GET", `${s.vaultId}/backupPolicies`)).body)).toEqual([]);

    const put = await call(e, "PUT", `${s.vaultId}/backupInstances/bi`, s.instanceBody());
    expect(v("BackupInstanceResource")(put.body)).toEqual([]);
    const running = obj(await armRequest(e, "GET", put.headers["azure-asyncoperation"]!));
    expect(running["status"]).toBe("Inprogress");
    expect(v("OperationResource")(running)).toEqual([]);
    expect(v("OperationResource")(await finish(e, put))).toEqual([]);
    e.advanceTime(60);
    expect(v("BackupInstanceResource")((await call(e, "GET", `${s.vaultId}/backupInstances/bi`)).body)).toEqual([]);
    expect(v("BackupInstanceResourceList")((await call(e, "GET", `${s.vaultId}/backupInstances`)).body)).toEqual([]);

    const stop = await call(e, "POST", `${s.vaultId}/backupInstances/bi/stopProtection`);
    await finish(e, stop);
    expect(v("OperationJobExtendedInfo")((await armRequest(e, "GET", stop.headers["location"]!)).body)).toEqual([]);

    const error = await call(e, "POST", `${s.vaultId}/backupInstances/bi/resumeBackups`);
    expect(error.status).toBe(400);
    expect(v("CloudError")(error.body)).toEqual([]);
  });

  it("a failed operation's monitor body is an OperationResource with the error", async () => {
    const e = emu.current;
    const s = await seedAks(e, "schemafail", ["clusterContributor"]);
    const res = await call(e, "POST", `${s.vaultId}/validateForBackup`, { backupInstance: s.instanceBody()["properties"] });
    const failed = await finish(e, res);
    expect(failed["status"]).toBe("Failed");
    expect(v("OperationResource")(failed)).toEqual([]);
  });

  it("BackupsSuspended, as recorded from the live service, is the one value outside the spec's enums", async () => {
    const e = emu.current;
    const s = await seedAks(e, "schemasusp");
    await finish(e, await call(e, "PUT", `${s.vaultId}/backupInstances/bi`, s.instanceBody()));
    e.advanceTime(60);
    await finish(e, await call(e, "POST", `${s.vaultId}/backupInstances/bi/suspendBackups`));
    const errors = v("BackupInstanceResource")((await call(e, "GET", `${s.vaultId}/backupInstances/bi`)).body);
    expect(errors.length).toBeGreaterThan(0);
    for (const message of errors) expect(message).toMatch(/currentProtectionState|protectionStatus/);
  });

  it("resource guards, their vault proxies, unlockDelete and soft-deleted backup instances", async () => {
    const e = emu.current;
    const s = await seedAks(e, "schemaguard");
    const rg = s.vaultId.slice(0, s.vaultId.indexOf("/providers/"));
    const guard = `${rg}/providers/Microsoft.DataProtection/resourceGuards/guard1`;
    const put = await call(e, "PUT", guard, { location: "eastus", properties: { vaultCriticalOperationExclusionList: ["Microsoft.DataProtection/backupVaults/backupInstances/delete"] } });
    expect(put.status).toBe(200);
    expect(v("ResourceGuardResource")(put.body)).toEqual([]);
    expect(JSON.stringify(put.body)).not.toContain("\"vaultCriticalOperation\":\"Microsoft.DataProtection/backupVaults/backupInstances/delete\"");
    expect(v("ResourceGuardResourceList")((await call(e, "GET", `${rg}/providers/Microsoft.DataProtection/resourceGuards`)).body)).toEqual([]);
    const proxy = await call(e, "PUT", `${s.vaultId}/backupResourceGuardProxies/DppResourceGuardProxy`, { properties: { resourceGuardResourceId: guard } });
    expect(v("ResourceGuardProxyBaseResource")(proxy.body)).toEqual([]);
    expect((obj(await call(e, "GET", s.vaultId))["properties"] as { isVaultProtectedByResourceGuard: boolean }).isVaultProtectedByResourceGuard).toBe(true);
    expect((await call(e, "DELETE", guard)).status).toBe(409);
    const unlock = await call(e, "POST", `${s.vaultId}/backupResourceGuardProxies/DppResourceGuardProxy/unlockDelete`, { resourceGuardOperationRequests: [`${guard}/deleteResourceGuardProxyRequests/default`] });
    expect(v("UnlockDeleteResponse")(unlock.body)).toEqual([]);
    expect((await call(e, "DELETE", `${s.vaultId}/backupResourceGuardProxies/DppResourceGuardProxy`)).status).toBe(200);
    expect((await call(e, "DELETE", guard)).status).toBe(200);
    // The seeded vault has soft delete On (Azure's default): a deleted instance is kept.
    await finish(e, await call(e, "PUT", `${s.vaultId}/backupInstances/bi`, s.instanceBody()));
    await finish(e, await call(e, "DELETE", `${s.vaultId}/backupInstances/bi`));
    const deleted = await call(e, "GET", `${s.vaultId}/deletedBackupInstances`);
    expect(v("DeletedBackupInstanceResourceList")(deleted.body)).toEqual([]);
    expect((obj(deleted)["value"] as unknown[]).length).toBe(1);
    expect(v("DeletedBackupInstanceResource")((await call(e, "GET", `${s.vaultId}/deletedBackupInstances/bi`)).body)).toEqual([]);
  });
});

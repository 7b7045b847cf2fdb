import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { call, finish, grant, obj, roles, seedAks, type Prerequisite } from "./dppFixtures.js";

const emu = useEmulator();

async function validate(name: string, omit: Prerequisite[]): Promise<Record<string, unknown>> {
  const e = emu.current;
  const s = await seedAks(e, name, omit);
  const res = await call(e, "POST", `${s.vaultId}/validateForBackup`, { backupInstance: s.instanceBody()["properties"] });
  expect(res.status).toBe(202);
  return finish(e, res);
}

describe("validateForBackup checks every AKS backup prerequisite", () => {
  it("succeeds when everything is in place, and the Location answers OperationJobExtendedInfo", async () => {
    const e = emu.current;
    const s = await seedAks(e, "allgood");
    const res = await call(e, "POST", `${s.vaultId}/validateForBackup`, { backupInstance: s.instanceBody()["properties"] });
    expect(res.status).toBe(202);
    expect(res.body).toBeNull();
    expect(res.headers["location"]).toMatch(/\/subscriptions\/[^/]+\/providers\/Microsoft\.DataProtection\/locations\/eastus\/operationResults\/[A-Za-z0-9+/=]+\?api-version=2025-07-01$/);
    expect((await finish(e, res))["status"]).toBe("Succeeded");
    const result = await call(e, "GET", new URL(res.headers["location"]!).pathname);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ objectType: "OperationJobExtendedInfo" });
  });

  const cases: Array<[Prerequisite, string]> = [
    ["providers", "UserErrorResourceProviderNotRegistered"],
    ["sameRegion", "UserErrorDatasourceAndVaultLocationMismatch"],
    ["vaultReaderOnCluster", "KubernetesBackupListExtensionsError"],
    ["extension", "UserErrorKubernetesBackupExtensionNotFoundError"],
    ["extensionSucceeded", "UserErrorKubernetesBackupExtensionHasErrors"],
    ["extensionStorageRole", "UserErrorExtensionMSIMissingPermissionsOnBackupStorageLocation"],
    ["trustedAccess", "UserErrorTrustedAccessGatewayReturnedForbidden"],
    ["snapshotRg", "UserErrorSnapshotResourceGroupNotFound"],
    ["vaultReaderOnSnapshotRg", "UserErrorMissingRequiredPermissions"],
    ["vaultSnapshotContributor", "UserErrorMissingRequiredPermissions"],
    ["clusterContributor", "UserErrorMissingRequiredPermissions"],
  ];
  it.each(cases)("without %s it fails with %s", async (missing, code) => {
    const status = await validate(`m${missing.toLowerCase()}`, [missing]);
    expect(status["status"]).toBe("Failed");
    const error = status["error"] as { code: string; message: string; additionalInfo: Array<{ type: string; info: { code: string; recommendedAction: string[] } }> };
    expect(error.code).toBe(code);
    expect(error.additionalInfo[0]!.type).toBe("UserFacingError");
    expect(error.additionalInfo[0]!.info.code).toBe(code);
    expect(error.additionalInfo[0]!.info.recommendedAction.length).toBeGreaterThan(0);
  });

  it("names the missing role in the permissions message", async () => {
    const status = await validate("mrolemsg", ["clusterContributor"]);
    expect((status["error"] as { message: string }).message).toMatch(/cluster's identity needs the Contributor role/);
  });

  it("accepts a role inherited from the subscription", async () => {
    const e = emu.current;
    const s = await seedAks(e, "inherit", ["vaultReaderOnCluster"]);
    grant(e, s.vaultPrincipal, roles.reader, `/subscriptions/${e.subscriptionId}`);
    const res = await call(e, "POST", `${s.vaultId}/validateForBackup`, { backupInstance: s.instanceBody()["properties"] });
    expect((await finish(e, res))["status"]).toBe("Succeeded");
  });

  it("refuses at once (400) a cluster that another backup instance protects", async () => {
    const e = emu.current;
    const s = await seedAks(e, "dup");
    await finish(e, await call(e, "PUT", `${s.vaultId}/backupInstances/bi1`, s.instanceBody()));
    const res = await call(e, "POST", `${s.vaultId}/validateForBackup`, { backupInstance: s.instanceBody()["properties"] });
    expect(res.status).toBe(400);
    const error = obj(res)["error"] as { code: string; additionalInfo: Array<{ type: string }> };
    expect(error.code).toBe("UserErrorDppDatasourceAlreadyProtected");
    expect(error.additionalInfo[0]!.type).toBe("UserFacingError");
  });

  it("accepts resourceId spelled in lower camel case, as the CLI sends it", async () => {
    const e = emu.current;
    const s = await seedAks(e, "camel");
    const props = s.instanceBody()["properties"] as Record<string, Record<string, unknown>>;
    const info = { ...props["dataSourceInfo"]! };
    info["resourceId"] = info["resourceID"];
    delete info["resourceID"];
    const res = await call(e, "POST", `${s.vaultId}/validateForBackup`, { backupInstance: { ...props, dataSourceInfo: info } });
    expect(res.status).toBe(202);
    expect((await finish(e, res))["status"]).toBe("Succeeded");
  });

  it("rejects a body without backupInstance", async () => {
    const e = emu.current;
    const s = await seedAks(e, "nobody");
    const res = await call(e, "POST", `${s.vaultId}/validateForBackup`, { something: 1 });
    expect(res.status).toBe(400);
  });
});

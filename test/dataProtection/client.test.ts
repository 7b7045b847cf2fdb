import { describe, expect, it } from "vitest";
import { isRestError } from "@azure/core-rest-pipeline";
import { DataProtectionClient, DataProtectionOperationError, OperationFailedError, parseArmId, parseClusterId } from "aks-backup";
import { buildBackupInstance } from "../../src/backup/requestBuilders.js";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, rawClientFor, protectableCluster } from "../backup/support.js";

const emu = useEmulator(backupEmulatorOptions);

describe("DataProtectionClient", () => {
  it("raises a 404 RestError with the service's code for a missing vault", async () => {
    const client = new DataProtectionClient(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    emu.current.addResourceGroup({ name: "empty-rg", location: "eastus" });
    const error = await client.backupVaults.get("empty-rg", "nope").catch((e: unknown) => e);
    expect(isRestError(error)).toBe(true);
    expect((error as { statusCode?: number }).statusCode).toBe(404);
    expect((error as { code?: string }).code).toMatch(/NotFound/);
  });

  it("reads jobs and recovery points at the spec's paths, taking a job's last id segment", async () => {
    const client = new DataProtectionClient(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const vaultPath = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-x/providers/Microsoft.DataProtection/backupVaults/v1`;
    await client.jobs.get("rg-x", "v1", `${vaultPath}/backupJobs/6217ef99-a85d-4d43-8016-39a38da9cdaa`).catch(() => undefined);
    await client.recoveryPoints.list("rg-x", "v1", "bi1", { filter: "startDate eq '2024-01-01T00:00:00Z'" }).next().catch(() => undefined);
    const paths = emu.current.requests.slice(-2).map((r) => `${r.method} ${r.path}`);
    expect(paths[0]).toBe(`GET ${vaultPath}/backupJobs/6217ef99-a85d-4d43-8016-39a38da9cdaa`);
    expect(paths[1]).toBe(`GET ${vaultPath}/backupInstances/bi1/recoveryPoints`);
    expect(emu.current.requests.at(-1)?.query["$filter"]).toMatch(/startDate/);
  });

  it("rejects a malformed subscription id", () => {
    expect(() => new DataProtectionClient(emu.current.credential, "not-a-guid")).toThrow(/subscriptionId/);
  });

  it("keeps the service's code, message and additionalInfo when a long-running operation fails", async () => {
    const m = managerFor(emu.current);
    const t = await protectableCluster(emu.current, m, "lrofail");
    for (const b of emu.current.state.trustedAccessBindings.all()) if (b.clusterId === t.clusterId) emu.current.state.trustedAccessBindings.delete(b.id);
    const vault = parseArmId(t.vaultId, "vaultId");
    const body = buildBackupInstance({ cluster: parseClusterId(t.clusterId, "c"), clusterLocation: "eastus", policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId });
    const error = await rawClientFor(emu.current).backupInstances
      .beginValidateForBackup(vault.resourceGroupName!, vault.name, { backupInstance: body }, { pollIntervalInMs: 10 })
      .pollUntilDone()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataProtectionOperationError);
    expect(error).toBeInstanceOf(OperationFailedError);
    const e = error as DataProtectionOperationError;
    expect(e.code).toBe("UserErrorTrustedAccessGatewayReturnedForbidden");
    expect(e.serviceMessage).toMatch(/Trusted Access/);
    expect(e.additionalInfo[0]?.type).toBe("UserFacingError");
    expect(e.recommendedActions.join(" ")).toMatch(/Trusted Access role binding/);
  });

  it("lists policies page by page", async () => {
    const m = managerFor(emu.current);
    const t = await protectableCluster(emu.current, m, "pages");
    const vault = parseArmId(t.vaultId, "vaultId");
    const rg = vault.resourceGroupName!;
    const pages: string[][] = [];
    for await (const page of rawClientFor(emu.current).backupPolicies.list(rg, vault.name).byPage()) pages.push(page.map((p) => p.name ?? ""));
    expect(pages.flat()).toEqual(["aks-4h"]);

    const next = await rawClientFor(emu.current).backupPolicies.list(rg, vault.name).byPage({ continuationToken: undefined }).next();
    expect((next.value as Array<{ name?: string }>).map((p) => p.name)).toEqual(["aks-4h"]);
  });
});

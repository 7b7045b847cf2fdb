import { describe, expect, it } from "vitest";
import { DataProtectionClient, parseArmId, parseClusterId } from "aks-backup";
import { buildRestoreRequest } from "../../src/backup/restore/requestBuilder.js";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { advancing, managerFor, rawClientFor, protectedCluster, backupEmulatorOptions } from "../backup/support.js";

const emu = useEmulator({ ...backupEmulatorOptions, pageSize: 1 });

describe("DataProtectionClient restore operations and job pages", () => {
  it("validates and triggers a restore at the spec's paths and names the restore job", async () => {
    const m = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "dprest");
    const backup = await m.waitForJob((await m.backupNow(t.backupInstanceId)).id, advancing(emu.current));
    const client = new DataProtectionClient(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const bi = parseArmId(t.backupInstanceId, "bi");
    const body = buildRestoreRequest(backup.recoveryPointId!, t.clusterId, { cluster: parseClusterId(t.clusterId, "c"), location: "eastus" });
    const names = [bi.resourceGroupName!, bi.typeNames[0]!.name, bi.name] as const;
    const validated = await client.backupInstances.beginValidateForRestore(...names, { restoreRequestObject: body }, { pollIntervalInMs: 10 }).pollUntilDone();
    expect(validated.objectType).toBe("OperationJobExtendedInfo");
    const started = await client.backupInstances.beginTriggerRestore(...names, body, { pollIntervalInMs: 10 }).pollUntilDone();
    expect(started.jobId).toMatch(/\/backupJobs\/[0-9a-f-]{36}$/i);
    const posts = emu.current.requests.filter((r) => r.method === "POST").map((r) => r.path);
    expect(posts).toContain(`${t.backupInstanceId}/validateRestore`);
    expect(posts).toContain(`${t.backupInstanceId}/restore`);
  });

  it("reads job pages one at a time by nextLink", async () => {
    const m = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "dppage");
    for (let i = 0; i < 2; i++) await m.waitForJob((await m.backupNow(t.backupInstanceId)).id, advancing(emu.current));
    const vault = parseArmId(t.vaultId, "v");
    const first = await rawClientFor(emu.current).jobs.listPage(vault.resourceGroupName!, vault.name);
    expect(first.value).toHaveLength(1);
    expect(first.nextLink).toMatch(/\/backupJobs\?/);
    const second = await rawClientFor(emu.current).jobs.listPage(vault.resourceGroupName!, vault.name, first.nextLink);
    expect(second.value).toHaveLength(1);
    expect(second.value[0]!.id).not.toBe(first.value[0]!.id);
  });
});

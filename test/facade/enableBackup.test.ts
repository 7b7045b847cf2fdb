import { describe, expect, it } from "vitest";
import { AksBackup, PreflightError, SetupStepError, type EnableBackupRequest, type StepEvent } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { setupRequest } from "../support/setupRequest.js";

const emu = useEmulator();

function seed(e: ArmEmulator, name: string, location = "westeurope"): EnableBackupRequest {
  return setupRequest(e, name, location);
}

const writes = (e: ArmEmulator, from = 0): string[] =>
  e.requests.slice(from).filter((r) => !["GET", "HEAD"].includes(r.method) && !/validateForBackup$/i.test(r.path)).map((r) => `${r.method} ${r.path}`);

describe("AksBackup.enableBackup", () => {
  it("takes a cluster from nothing to protected, then makes no write the second time", async () => {
    const e = emu.current;
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "NotRegistered");
    e.state.providers.set(e.subscriptionId, "Microsoft.KubernetesConfiguration", "NotRegistered");
    const request = seed(e, "c-full");
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));

    const before = e.requests.length;
    const plan = await aks.planBackup(request);
    expect(plan.problems).toEqual([]);
    expect(writes(e, before)).toEqual([]);
    expect(new Set(plan.actions.map((a) => a.step))).toEqual(new Set([
      "providers", "snapshotResourceGroup", "blobContainer", "vault", "policy", "extension", "trustedAccess", "roles.cluster", "roles.vault", "roles.extension", "backupInstance",
    ]));

    const events: StepEvent[] = [];
    const result = await aks.enableBackup(request, { onProgress: (ev) => events.push(ev) });
    expect(result.protectionState).toBe("ProtectionConfigured");
    expect(result.backupInstanceId).toMatch(/\/backupInstances\/c-full-[0-9a-f]{8}$/);
    expect(result.roleAssignments).toHaveLength(6);
    expect(result.roleAssignments.every((r) => r.created)).toBe(true);
    expect(result.extensionPrincipalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.writeSteps).toBe(11);
    expect(events.filter((ev) => ev.type === "done").map((ev) => ev.step).sort()).toEqual(result.steps.map((s) => s.step).sort());
    expect(result.criticalPath.steps.at(-1)).toBe("backupInstance");
    expect(result.sumOfStepsInMs).toBeGreaterThanOrEqual(result.criticalPath.durationInMs);

    const mark = e.requests.length;
    const again = await aks.enableBackup(request);
    expect(again.writeSteps).toBe(0);
    expect(again.backupInstanceId).toBe(result.backupInstanceId);
    expect(writes(e, mark)).toEqual([]);
    expect((await aks.planBackup(request)).actions).toEqual([]);
  });

  it("reports every preflight problem together, before any request or write", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const count = e.requests.length;
    const error = await aks.enableBackup({
      clusterId: "not-an-id",
      vaultId: `/subscriptions/${e.subscriptionId}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x`,
      storageAccountId: "",
      blobContainer: "Bad_Name",
      snapshotResourceGroupId: `/subscriptions/${e.subscriptionId}/resourceGroups/snap`,
      extensionResources: { limits: { memory: "4400MB" } },
    }).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).problems.map((p) => p.subject)).toEqual(["clusterId", "vaultId", "storageAccountId", "blobContainer", "extensionResources.limits.memory"]);
    expect(e.requests.length).toBe(count);

    const request = seed(e, "c-bad");
    const noIdentity = e.addCluster({ resourceGroup: "rg-c-bad", name: "c-noid", location: "westeurope", identity: "None" });
    const farStorage = e.addStorageAccount({ resourceGroup: "rg-far", name: "safarbad", location: "eastus" });
    const mark = e.requests.length;
    const preflight = await aks.enableBackup({ ...request, clusterId: noIdentity, storageAccountId: farStorage }).catch((x: unknown) => x);
    expect(preflight).toBeInstanceOf(PreflightError);
    expect((preflight as Error).message).toMatch(/no managed identity/);
    expect((preflight as Error).message).toMatch(/storage account is in eastus/);
    expect(writes(e, mark)).toEqual([]);
  });

  it("names the failed step and what completed, and a rerun converges without duplicates", async () => {
    const e = emu.current;
    const request = seed(e, "c-resume");
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    e.injectFault({ method: "PUT", path: /c-resume\/trustedAccessRoleBindings\//, status: 400, code: "BadRequest", message: "injected" });
    const error = await aks.enableBackup(request).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(SetupStepError);
    expect((error as SetupStepError).step).toBe("trustedAccess");
    expect((error as SetupStepError).completed.map((c) => c.step)).toContain("vault");
    expect((error as Error).message).toMatch(/injected/);

    const result = await aks.enableBackup(request);
    expect(result.protectionState).toBe("ProtectionConfigured");
    const cluster = request.clusterId.toLowerCase();
    expect(e.state.trustedAccessBindings.all().filter((b) => b.clusterId.toLowerCase() === cluster)).toHaveLength(1);
    expect(e.state.backupInstances.all().filter((b) => JSON.stringify(b).toLowerCase().includes(cluster))).toHaveLength(1);
    expect(e.state.extensions.under(request.clusterId)).toHaveLength(1);
  });

  it("a run aborted mid-way and started again converges with no duplicates", async () => {
    const e = emu.current;
    const request = seed(e, "c-killed");
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const controller = new AbortController();
    const aborted = await aks.enableBackup(request, {
      abortSignal: controller.signal,
      onProgress: (ev) => {
        if (ev.step === "extension" && ev.type === "waiting") controller.abort();
      },
    }).catch((x: unknown) => x);
    expect((aborted as Error).name).toBe("AbortError");
    expect(e.state.backupInstances.all().some((b) => JSON.stringify(b).includes("c-killed"))).toBe(false);

    const result = await aks.enableBackup(request);
    expect(result.protectionState).toBe("ProtectionConfigured");
    const again = await aks.enableBackup(request);
    expect(again.writeSteps).toBe(0);
    const mine = (id: string): boolean => id.toLowerCase().includes("c-killed");
    expect(e.state.backupVaults.all().filter((v) => mine(v.id))).toHaveLength(1);
    expect(e.state.trustedAccessBindings.all().filter((b) => mine(b.clusterId))).toHaveLength(1);
    expect(e.state.extensions.all().filter((x) => mine(x.id))).toHaveLength(1);
    const principals = new Set(result.roleAssignments.map((r) => r.principalId));
    expect(e.state.roleAssignments.all().filter((r) => principals.has(r.principalId))).toHaveLength(6);
  });

  it("runs the steps one after another when asked, as the CLI does", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const events: StepEvent[] = [];
    let running = 0;
    let most = 0;
    await aks.enableBackup(seed(e, "c-serial"), {
      concurrency: 1,
      onProgress: (ev) => {
        if (ev.type === "started") most = Math.max(most, ++running);
        if (["done", "skipped", "failed"].includes(ev.type)) running -= 1;
        events.push(ev);
      },
    });
    expect(most).toBe(1);
    expect(events.filter((ev) => ev.type === "started")).toHaveLength(11);
  });

  it("disables backup in the three modes, deleting data only with the confirmation", async () => {
    const e = emu.current;
    const request = seed(e, "c-stop");
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const { backupInstanceId } = await aks.enableBackup(request);
    const name = backupInstanceId.split("/").at(-1)!;
    await expect(aks.disableBackup({ clusterId: request.clusterId, vaultId: request.vaultId, mode: "retainForever" })).rejects.toMatchObject({ name: "ConfirmationRequiredError" });
    expect((await aks.disableBackup({ clusterId: request.clusterId, vaultId: request.vaultId, mode: "retainForever", confirm: name }))?.protectionState).toBe("ProtectionStopped");
    expect((await aks.enableBackup(request)).protectionState).toBe("ProtectionConfigured");
    const suspended = await aks.disableBackup({ clusterId: request.clusterId, vaultId: request.vaultId, mode: "retainAsPerPolicy", confirm: name });
    expect(["BackupsSuspended", "BackupSchedulesSuspended"]).toContain(suspended?.protectionState);
    await expect(aks.disableBackup({ clusterId: request.clusterId, vaultId: request.vaultId, mode: "deleteData" })).rejects.toThrow(/confirm/);
    await expect(aks.disableBackup({ clusterId: request.clusterId, vaultId: request.vaultId, mode: "deleteData", confirm: "wrong" })).rejects.toThrow(/confirm/);
    expect(await aks.backupInstances.get(backupInstanceId)).toBeDefined();
    await aks.disableBackup({ clusterId: request.clusterId, vaultId: request.vaultId, mode: "deleteData", confirm: name });
    expect(await aks.backupInstances.get(backupInstanceId)).toBeUndefined();
  });

  it("protects a fleet with bounded concurrency; a failing cluster does not stop the others", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const good = [seed(e, "f-1"), seed(e, "f-2"), seed(e, "f-3")];
    const bad = { ...seed(e, "f-4"), clusterId: e.addCluster({ resourceGroup: "rg-f-4", name: "f-4-noid", location: "westeurope", identity: "None" }) };
    const done: string[] = [];
    const results = await aks.enableBackupForFleet([good[0]!, bad, good[1]!, good[2]!], { clusterConcurrency: 2, onClusterDone: (r) => done.push(r.clusterId) });
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true]);
    expect(results[1]!.ok ? undefined : results[1]!.error).toBeInstanceOf(PreflightError);
    expect(done).toHaveLength(4);
  });
});

import { describe, expect, it } from "vitest";
import type { ArmEmulator } from "aks-backup-emulator";
import { ExtensionManager, InputValidationError, ProviderRegistrar, TrustedAccessBinder, WaitTimeoutError, type BackupInstanceManager } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, protectableCluster, protectedCluster, rawClientFor } from "../backup/support.js";

// Operations take a few hundred real milliseconds, so a poller can be serialized mid-wait.
const emu = useEmulator({
  ...backupEmulatorOptions,
  durations: { backupInstanceUpdate: 0.3, backupInstanceConfigure: 0.3, backupInstanceAction: 0.3, backupInstanceDelete: 0.3, providerRegistration: 0.3, extensionInstall: 0.3, trustedAccessBindingApply: 0.3, backupTrigger: 0.3 },
});

const writes = (e: ArmEmulator, under = ""): string[] =>
  e.requests.filter((r) => !["GET", "HEAD"].includes(r.method) && r.path.toLowerCase().includes(under.toLowerCase())).map((r) => `${r.method} ${r.path}`);

/**
 * Starts a wait, polls it once, serializes it and drops it. `midWait`: the wait must still be
 * running (the actions whose start includes their operation are done by then).
 */
async function serializedMidWait(poller: { submitted(): Promise<void>; poll(): Promise<unknown>; serialize(): Promise<string>; readonly isDone: boolean }, midWait = true): Promise<string> {
  await poller.submitted();
  await poller.poll();
  if (midWait) expect(poller.isDone).toBe(false);
  const state = await poller.serialize();
  expect(JSON.parse(state)).toMatchObject({ kind: "aks-backup/wait", started: true, status: poller.isDone ? "succeeded" : "running" });
  return state;
}

describe("begin* pollers resume from serialize()", () => {
  it("configureProtection: a new manager resumes without writing again and reaches the same instance", async () => {
    const t = await protectableCluster(emu.current, managerFor(emu.current), "rsm1");
    const request = { clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId };
    const state = await serializedMidWait(managerFor(emu.current).beginConfigureProtection(request));
    expect(JSON.parse(state)).toMatchObject({ kind: "aks-backup/wait", started: true, status: "running" });
    const before = writes(emu.current, t.vaultId);
    const resumed = await managerFor(emu.current).beginConfigureProtection(request, { restoreFrom: state });
    expect(resumed.protectionState).toBe("ProtectionConfigured");
    expect(writes(emu.current, t.vaultId)).toEqual(before);
    expect(before.filter((w) => w.startsWith("PUT") && w.includes("/backupInstances/"))).toHaveLength(1);
  });

  it("stop, resume, update, change policy and delete resume mid-wait with one write each", async () => {
    const m: BackupInstanceManager = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "rsm2");
    const bi = t.backupInstanceId;
    const resumeEach = async <T>(begin: (restoreFrom?: string) => { submitted(): Promise<void>; poll(): Promise<unknown>; serialize(): Promise<string>; readonly isDone: boolean; pollUntilDone(): Promise<T> }): Promise<{ result: T; newWrites: string[] }> => {
      const state = await serializedMidWait(begin(), false);
      const before = writes(emu.current, bi).length;
      const result = await begin(state).pollUntilDone();
      return { result, newWrites: writes(emu.current, bi).slice(before) };
    };
    const o = (restoreFrom?: string): { restoreFrom?: string } => (restoreFrom ? { restoreFrom } : {});

    const stopped = await resumeEach((r) => managerFor(emu.current).beginStopProtection(bi, { retain: "forever", confirm: t.bi.name, ...o(r) }));
    expect(stopped).toMatchObject({ result: { protectionState: "ProtectionStopped" }, newWrites: [] });
    const resumed = await resumeEach((r) => managerFor(emu.current).beginResumeProtection(bi, o(r)));
    expect(resumed).toMatchObject({ result: { protectionState: "ProtectionConfigured" }, newWrites: [] });
    const updated = await resumeEach((r) => managerFor(emu.current).beginUpdateBackupConfiguration(bi, { labelSelectors: ["app=web"] }, { confirm: t.bi.name, ...o(r) }));
    expect(updated.result.configuration.labelSelectors).toEqual(["app=web"]);
    expect(updated.newWrites).toEqual([]);
    const daily = await m.ensurePolicy(`${t.vaultId}/backupPolicies/aks-daily`, { preset: "daily" });
    const moved = await resumeEach((r) => managerFor(emu.current).beginChangePolicy(bi, daily.id, o(r)));
    expect(moved.result.policyId.toLowerCase()).toBe(daily.id.toLowerCase());
    expect(moved.newWrites).toEqual([]);
    const deleted = await resumeEach((r) => managerFor(emu.current).beginDelete(bi, { confirm: t.bi.name, ...o(r) }));
    expect(deleted.newWrites).toEqual([]);
    expect(writes(emu.current, bi).filter((w) => w.startsWith("DELETE"))).toHaveLength(1);
  });

  it("backupNow: a resumed poller follows the started backup and never starts a second one", async () => {
    const t = await protectedCluster(emu.current, managerFor(emu.current), "rsm3");
    const poller = managerFor(emu.current).beginBackupNow(t.backupInstanceId);
    await poller.submitted();
    const state = await poller.serialize();
    const saved = JSON.parse(state) as { started: boolean; memo: { operation: unknown } };
    expect(saved.started).toBe(true);
    expect(typeof saved.memo.operation).toBe("string");
    const job = await managerFor(emu.current).beginBackupNow(t.backupInstanceId, { restoreFrom: state });
    expect(job.id).toMatch(/\/backupJobs\//);
    expect(writes(emu.current, t.backupInstanceId).filter((w) => w.endsWith("/backup"))).toHaveLength(1);
    expect((await poller.pollUntilDone()).id).toBe(job.id);
  });

  it("provider registration, extension install and Trusted Access bind resume with the same result", async () => {
    const e = emu.current;
    const registrar = (): ProviderRegistrar => new ProviderRegistrar(e.credential, e.subscriptionId, fastOptions(e));
    const regState = await serializedMidWait(registrar().beginRegister("Microsoft.Kubernetes"));
    const registered = await registrar().beginRegister("Microsoft.Kubernetes", { restoreFrom: regState });
    expect(registered.registrationState).toBe("Registered");
    expect(writes(e, "/providers/Microsoft.Kubernetes/register")).toHaveLength(1);

    const clusterId = e.addCluster({ resourceGroup: "rg-rsm4", name: "rsm4", location: "eastus" });
    const storageAccountId = e.addStorageAccount({ resourceGroup: "rg-rsm4", name: "sarsm4", location: "eastus", containers: ["backups"] });
    const extensions = (): ExtensionManager => new ExtensionManager(e.credential, e.subscriptionId, fastOptions(e));
    const extState = await serializedMidWait(extensions().beginInstall(clusterId, { storageAccountId, blobContainer: "backups" }));
    const ext = await extensions().beginInstall(clusterId, { storageAccountId, blobContainer: "backups" }, { restoreFrom: extState });
    expect(ext.provisioningState).toBe("Succeeded");
    expect(writes(e, clusterId)).toHaveLength(1);

    const m = managerFor(e);
    const vault = await m.ensureVault(`/subscriptions/${e.subscriptionId}/resourceGroups/rg-rsm4/providers/Microsoft.DataProtection/backupVaults/v-rsm4`, { clusterId });
    const binder = (): TrustedAccessBinder => new TrustedAccessBinder(e.credential, e.subscriptionId, fastOptions(e));
    const bindState = await serializedMidWait(binder().beginBind(clusterId, vault.id));
    expect((JSON.parse(bindState) as { memo: { created: boolean } }).memo.created).toBe(true);
    const bound = await binder().beginBind(clusterId, vault.id, { restoreFrom: bindState });
    expect(bound.created).toBe(true);
    expect(writes(e, `${clusterId}/trustedAccessRoleBindings`)).toHaveLength(1);
  });

  it("DataProtectionClient LROs and ensureVault resume from serialize() without sending the initial request again", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-rsm5", location: "eastus" });
    const body = { location: "eastus", identity: { type: "SystemAssigned" }, properties: { storageSettings: [{ datastoreType: "VaultStore" as const, type: "LocallyRedundant" as const }] } };
    const first = rawClientFor(e).backupVaults.beginCreateOrUpdate("rg-rsm5", "v-rsm5", body);
    await first.submitted();
    const state = await first.serialize();
    const vault = await rawClientFor(e).backupVaults.beginCreateOrUpdate("rg-rsm5", "v-rsm5", body, { restoreFrom: state }).pollUntilDone();
    expect(vault.name).toBe("v-rsm5");
    expect(writes(e, "/backupVaults/v-rsm5").filter((w) => w.startsWith("PUT"))).toHaveLength(1);

    const vaultId = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-rsm5/providers/Microsoft.DataProtection/backupVaults/v-rsm6`;
    const ensure = managerFor(e).beginEnsureVault(vaultId, { location: "eastus" });
    await ensure.submitted();
    const ensured = await managerFor(e).beginEnsureVault(vaultId, { location: "eastus", restoreFrom: await ensure.serialize() });
    expect(ensured).toMatchObject({ action: "created", location: "eastus" });
    expect(writes(e, "/backupVaults/v-rsm6").filter((w) => w.startsWith("PUT"))).toHaveLength(1);
  });

  it("refuses a state of another wait or one that is not a state, before any request", async () => {
    const e = emu.current;
    const registrar = new ProviderRegistrar(e.credential, e.subscriptionId, fastOptions(e));
    const state = await registrar.beginRegister("Microsoft.Kubernetes").serialize();
    const count = e.requests.length;
    expect(() => registrar.beginRegister("Microsoft.DataProtection", { restoreFrom: state })).toThrow(InputValidationError);
    expect(() => registrar.beginRegister("Microsoft.DataProtection", { restoreFrom: "{}" })).toThrow(InputValidationError);
    expect(e.requests.length).toBe(count);
  });
});

describe("waits are bounded and abortable", () => {
  const slow = useEmulator({ registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.KubernetesConfiguration"], durations: { providerRegistration: 3600, extensionInstall: 3600 } });

  it("honours timeoutInMs, also while another caller's extension operation is in flight", async () => {
    const e = slow.current;
    const registrar = new ProviderRegistrar(e.credential, e.subscriptionId, fastOptions(e));
    const t0 = Date.now();
    await expect(registrar.register("Microsoft.DataProtection", { timeoutInMs: 150, pollIntervalInMs: 20 })).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(Date.now() - t0).toBeLessThan(2000);

    const clusterId = e.addCluster({ resourceGroup: "rg-slow", name: "slow", location: "eastus" });
    const storageAccountId = e.addStorageAccount({ resourceGroup: "rg-slow", name: "saslow", location: "eastus", containers: ["backups"] });
    const other = new ExtensionManager(e.credential, e.subscriptionId, fastOptions(e)).beginInstall(clusterId, { storageAccountId, blobContainer: "backups" });
    await other.submitted();
    const t1 = Date.now();
    // The extension stays Creating: settle() must give up at timeoutInMs too.
    await expect(new ExtensionManager(e.credential, e.subscriptionId, fastOptions(e)).install(clusterId, { storageAccountId, blobContainer: "backups" }, { timeoutInMs: 150, pollIntervalInMs: 20 }))
      .rejects.toBeInstanceOf(WaitTimeoutError);
    expect(Date.now() - t1).toBeLessThan(2000);
  });

  it("abort stops polling (no request after it) and cancels nothing in Azure", async () => {
    const e = slow.current;
    const registrar = new ProviderRegistrar(e.credential, e.subscriptionId, fastOptions(e));
    const controller = new AbortController();
    const done = registrar.register("Microsoft.Kubernetes", { abortSignal: controller.signal, pollIntervalInMs: 10 });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: "AbortError" });
    const after = e.requests.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(e.requests.slice(after).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(writes(e, "Microsoft.Kubernetes/")).toEqual([`POST /subscriptions/${e.subscriptionId}/providers/Microsoft.Kubernetes/register`]);
  });
});

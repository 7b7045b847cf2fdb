import { describe, expect, it } from "vitest";
import type { ArmEmulator } from "aks-backup-emulator";
import { AksBackup, DataProtectionClient, InputValidationError, RoleGranter, TrustedAccessBinder, parseClusterId } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions } from "../backup/support.js";

const emulator = useEmulator(backupEmulatorOptions);
const principal = "11111111-2222-3333-4444-555555555555";

/** Runs `call`, expects an InputValidationError naming `parameter`, and that no request reached the emulator. */
async function refusedWithoutRequest(emu: ArmEmulator, parameter: string, call: () => unknown): Promise<InputValidationError> {
  const mark = emu.requests.length;
  const error = await Promise.resolve().then(call).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputValidationError);
  expect((error as InputValidationError).parameter).toContain(parameter);
  expect(emu.requests.slice(mark)).toEqual([]);
  return error as InputValidationError;
}

describe("traversal and injection through public entry points make no request", () => {
  it.each(["..", "%2e%2e", "%2E.", "."])("trustedAccess.unbind refuses a binding named %j (it used to DELETE the cluster)", async (name) => {
    const emu = emulator.current;
    const clusterId = emu.addCluster({ resourceGroup: "rg-ta-dots", name: `aks-dots-${encodeURIComponent(name).replace(/[^a-z0-9]/gi, "")}${name.length}`, location: "eastus" });
    const binder = new TrustedAccessBinder(emu.credential, emu.subscriptionId, fastOptions(emu));
    await refusedWithoutRequest(emu, "bindingId", () => binder.unbind(`${clusterId}/trustedAccessRoleBindings/${name}`, { confirm: name }));
    expect(emu.state.clusters.get(clusterId)).toBeDefined();
  });

  it.each([
    ["aks0?api-version=1&$filter=x#", true],
    ["aks0#frag", true],
    ["aks0%3Fx", true],
    ["aks 0", true],
    ["aks0\n", true],
    ["aks0/..", true],
    ["-aks0", false],
    ["aks0_", false],
    ["a".repeat(64), false],
  ])("refuses the cluster name %j before any request (bind, list, planBackup; listForResource when it is unsafe in a path: %s)", async (name, unsafe) => {
    const emu = emulator.current;
    const clusterId = `/subscriptions/${emu.subscriptionId}/resourceGroups/rg-q/providers/Microsoft.ContainerService/managedClusters/${name}`;
    const vaultId = `/subscriptions/${emu.subscriptionId}/resourceGroups/rg-q/providers/Microsoft.DataProtection/backupVaults/vault-q`;
    const binder = new TrustedAccessBinder(emu.credential, emu.subscriptionId, fastOptions(emu));
    const client = new DataProtectionClient(emu.credential, emu.subscriptionId, fastOptions(emu));
    await refusedWithoutRequest(emu, "clusterId", () => binder.bind(clusterId, vaultId));
    await refusedWithoutRequest(emu, "clusterId", () => binder.list(clusterId).next());
    if (unsafe) await refusedWithoutRequest(emu, "resourceId", () => client.backupInstances.listForResource(clusterId).next());
    const aks = new AksBackup(emu.credential, emu.subscriptionId, fastOptions(emu));
    const mark = emu.requests.length;
    const plan = await aks.planBackup({
      clusterId,
      vaultId,
      storageAccountId: `/subscriptions/${emu.subscriptionId}/resourceGroups/rg-q/providers/Microsoft.Storage/storageAccounts/saq`,
      blobContainer: "backups",
      snapshotResourceGroupId: `/subscriptions/${emu.subscriptionId}/resourceGroups/rg-q-snap`,
    }).then((p) => p.problems, (e: unknown) => e);
    expect(emu.requests.slice(mark)).toEqual([]);
    const subjects = Array.isArray(plan) ? plan.map((p: { subject: string }) => p.subject) : [(plan as InputValidationError).parameter];
    expect(subjects.join(" ")).toContain("clusterId");
  });

  it.each(["..", "%2e%2e", "%2E%2E", ".%2e"])("roles.grant refuses the scope .../resourceGroups/%s (it used to grant Owner on the subscription)", async (seg) => {
    const emu = emulator.current;
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    await refusedWithoutRequest(emu, "scope", () => granter.grant({ principalId: principal, role: "Owner", scope: `/subscriptions/${emu.subscriptionId}/resourceGroups/${seg}` }));
    await refusedWithoutRequest(emu, "scope", () => granter.grant({ principalId: principal, role: "Owner", scope: `/subscriptions/${emu.subscriptionId}/resourceGroups/rg/${seg}/${seg}` }));
  });

  it("roles.grant refuses a whole subscription unless allowSubscriptionScope is set", async () => {
    const emu = emulator.current;
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const scope = `/subscriptions/${emu.subscriptionId}`;
    const clusterId = emu.addCluster({ resourceGroup: "rg-subscope", name: "aks-subscope", location: "eastus" });
    const principalId = emu.state.clusters.get(clusterId)!.identity.principalId!;
    const error = await refusedWithoutRequest(emu, "scope", () => granter.grant({ principalId, role: "Reader", scope }));
    expect(error.fix).toMatch(/allowSubscriptionScope/);
    const granted = await granter.grant({ principalId, role: "Reader", scope }, { allowSubscriptionScope: true });
    expect(granted.id.toLowerCase()).toMatch(new RegExp(`^/subscriptions/${emu.subscriptionId}/providers/microsoft.authorization/roleassignments/`));
    const at = emu.state.roleAssignments.all().find((r) => r.id.toLowerCase() === granted.id.toLowerCase());
    expect(at?.scope.toLowerCase()).toBe(scope.toLowerCase());
  });

  it.each(["..", "%2e%2e"])("grantForBackup refuses a snapshot resource group ending in resourceGroups/%s", async (seg) => {
    const emu = emulator.current;
    const tag = seg === ".." ? "a" : "b";
    const clusterId = emu.addCluster({ resourceGroup: `rg-gfb${tag}`, name: `aks-gfb${tag}`, location: "eastus" });
    const storageAccountId = emu.addStorageAccount({ resourceGroup: `rg-gfb${tag}`, name: `sagfb${tag}`, location: "eastus" });
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const before = emu.state.roleAssignments.all().length;
    await refusedWithoutRequest(emu, "snapshotResourceGroupId", () => granter.grantForBackup({
      clusterId, storageAccountId, snapshotResourceGroupId: `/subscriptions/${emu.subscriptionId}/resourceGroups/${seg}`,
      vaultPrincipalId: principal, extensionPrincipalId: principal, clusterPrincipalId: principal,
    }));
    await refusedWithoutRequest(emu, "snapshotResourceGroupId", () => granter.grantForRestore({
      targetClusterId: clusterId, snapshotResourceGroupId: `/subscriptions/${emu.subscriptionId}/resourceGroups/${seg}`,
      vaultPrincipalId: principal, clusterPrincipalId: principal,
    }));
    expect(emu.state.roleAssignments.all().length).toBe(before);
  });

  it("grantForBackup never grants at subscription scope, even with allowSubscriptionScope passed through", async () => {
    const emu = emulator.current;
    const clusterId = emu.addCluster({ resourceGroup: "rg-gfb2", name: "aks-gfb2", location: "eastus" });
    const storageAccountId = emu.addStorageAccount({ resourceGroup: "rg-gfb2", name: "sagfb2", location: "eastus" });
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    await refusedWithoutRequest(emu, "snapshotResourceGroupId", () => granter.grantForBackup({
      clusterId, storageAccountId, snapshotResourceGroupId: `/subscriptions/${emu.subscriptionId}`,
      vaultPrincipalId: principal, extensionPrincipalId: principal, clusterPrincipalId: principal,
    }, { allowSubscriptionScope: true } as never));
  });

  it.each([
    ["vaultId", (sub: string) => ({ vaultId: `/subscriptions/${sub}/resourceGroups/rg-n/providers/Microsoft.DataProtection/backupVaults/v_1` })],
    ["policyId", (sub: string) => ({ policyId: `/subscriptions/${sub}/resourceGroups/rg-n/providers/Microsoft.DataProtection/backupVaults/vault-n/backupPolicies/p_1` })],
    ["snapshotResourceGroupId", (sub: string) => ({ snapshotResourceGroupId: `/subscriptions/${sub}/resourceGroups/rg snap` })],
    ["snapshotResourceGroupId", (sub: string) => ({ snapshotResourceGroupId: `/subscriptions/${sub}/resourceGroups/%2e%2e` })],
    ["backupInstanceName", () => ({ backupInstanceName: "bad name!" })],
    ["blobContainer", () => ({ blobContainer: "Backups" })],
    ["storageAccountId", (sub: string) => ({ storageAccountId: `/subscriptions/${sub}/resourceGroups/rg-n/providers/Microsoft.Storage/storageAccounts/sa_n` })],
  ] as Array<[string, (sub: string) => Record<string, string>]>)("enableBackup refuses a bad %s before any request", async (parameter, patch) => {
    const emu = emulator.current;
    const sub = emu.subscriptionId;
    const aks = new AksBackup(emu.credential, sub, fastOptions(emu));
    const request = {
      clusterId: `/subscriptions/${sub}/resourceGroups/rg-n/providers/Microsoft.ContainerService/managedClusters/aks-n`,
      vaultId: `/subscriptions/${sub}/resourceGroups/rg-n/providers/Microsoft.DataProtection/backupVaults/vault-n`,
      storageAccountId: `/subscriptions/${sub}/resourceGroups/rg-n/providers/Microsoft.Storage/storageAccounts/san`,
      blobContainer: "backups",
      snapshotResourceGroupId: `/subscriptions/${sub}/resourceGroups/rg-n-snap`,
      ...patch(sub),
    };
    const mark = emu.requests.length;
    const error = await aks.enableBackup(request).catch((e: unknown) => e);
    expect(emu.requests.slice(mark)).toEqual([]);
    expect(["InputValidationError", "PreflightError"]).toContain((error as Error).name);
    expect(JSON.stringify(error, ["parameter", "problems", "issues", "subject"]) + String(error)).toContain(parameter);
  });

  it("a parsed reference is accepted where the id string is, with no second parse", async () => {
    const emu = emulator.current;
    const clusterId = emu.addCluster({ resourceGroup: "rg-ref", name: "aks-ref", location: "eastus" });
    const cluster = parseClusterId(clusterId, "clusterId");
    const binder = new TrustedAccessBinder(emu.credential, emu.subscriptionId, fastOptions(emu));
    const names: string[] = [];
    for await (const b of binder.list(cluster)) names.push(b.name);
    expect(names).toEqual([]);
    expect(emu.requests.at(-1)?.path.toLowerCase()).toBe(`${clusterId}/trustedAccessRoleBindings`.toLowerCase());
  });
});

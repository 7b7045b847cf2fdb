import { describe, it } from "vitest";
import fc from "fast-check";
import { ExtensionManager, ProviderRegistrar, RoleGranter, TrustedAccessBinder } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { expectRefused, hostileLastSegment, hostileSegments, notADuration, notIds, notSignals, runs, withLastSegment } from "./support.js";

const emu = useEmulator();
const e = (): ArmEmulator => emu.current;
const providers = (): ProviderRegistrar => new ProviderRegistrar(e().credential, e().subscriptionId, fastOptions(e()));
const extension = (): ExtensionManager => new ExtensionManager(e().credential, e().subscriptionId, fastOptions(e()));
const roles = (): RoleGranter => new RoleGranter(e().credential, e().subscriptionId, fastOptions(e()));
const trusted = (): TrustedAccessBinder => new TrustedAccessBinder(e().credential, e().subscriptionId, fastOptions(e()));
const sub = (): string => `/subscriptions/${e().subscriptionId}`;
const cluster = (): string => `${sub()}/resourceGroups/rg-h/providers/Microsoft.ContainerService/managedClusters/aks-h`;
const account = (): string => `${sub()}/resourceGroups/rg-h/providers/Microsoft.Storage/storageAccounts/sah`;
const vault = (): string => `${sub()}/resourceGroups/rg-h/providers/Microsoft.DataProtection/backupVaults/vault-h`;
const binding = (): string => `${cluster()}/trustedAccessRoleBindings/tarb-1`;
const assignment = (): string => `${account()}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-0000-0000-0000000000aa`;
const principal = "00000000-0000-0000-0000-0000000000bb";
const n = (v: unknown): never => v as never;

describe("ProviderRegistrar", () => {
  it.each([
    ["get(namespace '..')", () => providers().get("..")],
    ["get(namespace 'Microsoft.DataProtection/../x')", () => providers().get("Microsoft.DataProtection/../x")],
    ["get(namespace null)", () => providers().get(n(null))],
    ["get(abortSignal {})", () => providers().get("Microsoft.DataProtection", n({ abortSignal: {} }))],
    ["register(namespace '?')", () => providers().register("Microsoft.X?api-version=1")],
    ["register(timeoutInMs -5)", () => providers().register("Microsoft.DataProtection", { timeoutInMs: -5 })],
    ["register(unknown option)", () => providers().register("Microsoft.DataProtection", n({ timeoutInMS: 5 }))],
    ["beginRegister(pollIntervalInMs NaN)", () => providers().beginRegister("Microsoft.DataProtection", { pollIntervalInMs: Number.NaN })],
    ["ensureRegistered(not a list)", () => providers().ensureRegistered(n("Microsoft.DataProtection"))],
    ["ensureRegistered([bad])", () => providers().ensureRegistered(["Microsoft.DataProtection", "nope"])],
    ["ensureRegistered(onProgress 1)", () => providers().ensureRegistered(undefined, n({ onProgress: 1 }))],
  ] as const)("%s", async (_, call) => {
    await expectRefused(e(), call);
  });
});

describe("ExtensionManager", () => {
  const params = () => ({ storageAccountId: account(), blobContainer: "backups" });
  it.each([
    ["install: memory request 2Gi without a limit", () => extension().install(cluster(), { ...params(), resources: { requests: { memory: "2Gi" } } })],
    ["install: memory limit 200Mi without a request", () => extension().install(cluster(), { ...params(), resources: { limits: { memory: "200Mi" } } })],
    ["install: memory 1e309", () => extension().install(cluster(), { ...params(), resources: { limits: { memory: "1e309" } } })],
    ["install: cpu -1", () => extension().install(cluster(), { ...params(), resources: { limits: { cpu: "-1" } } })],
    ["install: unknown resources key", () => extension().install(cluster(), n({ ...params(), resources: { limit: { cpu: "1" } } }))],
    ["install: unknown parameter", () => extension().install(cluster(), n({ ...params(), storageAcountId: account() }))],
    ["install: parameters null", () => extension().install(cluster(), n(null))],
    ["install: extension name '..'", () => extension().install(cluster(), { ...params(), name: ".." })],
    ["install: container 'a/../b'", () => extension().install(cluster(), { ...params(), blobContainer: "a/../b" })],
    ["install: storage account traversal", () => extension().install(cluster(), { ...params(), storageAccountId: `${account()}/..` })],
    ["install: releaseTrain ''", () => extension().install(cluster(), { ...params(), releaseTrain: "" })],
    ["install: timeoutInMs -5", () => extension().install(cluster(), params(), { timeoutInMs: -5 })],
    ["update: resources.requests.memory 'lots'", () => extension().update(cluster(), { resources: { requests: { memory: "lots" } } })],
    ["update: unknown key", () => extension().update(cluster(), n({ blobContainr: "x" }))],
    ["delete: no confirm", () => extension().delete(cluster(), n({}))],
    ["delete: no options", () => extension().delete(cluster(), n(undefined))],
    ["delete: confirm 1", () => extension().delete(cluster(), n({ confirm: 1 }))],
    ["get: name 'A B'", () => extension().get(cluster(), { name: "A B" })],
    ...notSignals.map((s) => [`get: abortSignal ${JSON.stringify(s)}`, () => extension().get(cluster(), n({ abortSignal: s }))] as const),
  ] as const)("%s", async (_, call) => {
    await expectRefused(e(), call);
  });

  it.each(hostileSegments.map((s) => [JSON.stringify(s), s] as const))("delete(cluster named %s)", async (_, s) => {
    await expectRefused(e(), () => extension().delete(withLastSegment(cluster(), s), { confirm: "azure-aks-backup" }), { parameter: /clusterId/ });
  });

  it.each(notIds.map((v) => [String(v).slice(0, 20), v] as const))("get(clusterId %s)", async (_, v) => {
    await expectRefused(e(), () => extension().get(n(v)), { parameter: /clusterId/ });
  });

  it("install refuses any hostile cluster name (property)", async () => {
    await fc.assert(fc.asyncProperty(hostileLastSegment, async (name) => {
      await expectRefused(e(), () => extension().install(withLastSegment(cluster(), name), { storageAccountId: account(), blobContainer: "backups" }));
    }), runs);
  });

  it("a move of an installed extension's storage needs confirm = its name (reads only)", async () => {
    e().state.providers.set(e().subscriptionId, "Microsoft.KubernetesConfiguration", "Registered");
    const c = e().addCluster({ resourceGroup: "rg-hmove", name: "hmove", location: "westeurope" });
    const sa = e().addStorageAccount({ resourceGroup: "rg-hmove", name: "sahmove", location: "westeurope", containers: ["one", "two"] });
    await extension().install(c, { storageAccountId: sa, blobContainer: "one" });
    await expectRefused(e(), () => extension().install(c, { storageAccountId: sa, blobContainer: "two" }), { name: "ConfirmationRequiredError", reads: true });
    await expectRefused(e(), () => extension().update(c, { blobContainer: "two", confirm: "other" }), { name: "ConfirmationRequiredError", reads: true });
    await expectRefused(e(), () => extension().delete(c, { confirm: "not-it" }), { name: "ConfirmationRequiredError", reads: true });
  });
});

describe("RoleGranter", () => {
  const grant = () => ({ principalId: principal, role: "Reader", scope: account() });
  it.each([
    ["grant: scope resourceGroups/..", () => roles().grant({ ...grant(), scope: `${sub()}/resourceGroups/..` })],
    ["grant: scope resourceGroups/%2e%2e", () => roles().grant({ ...grant(), scope: `${sub()}/resourceGroups/%2e%2e` })],
    ["grant: subscription scope without opt-in", () => roles().grant({ ...grant(), role: "Owner", scope: sub() })],
    ["grant: principal not a GUID", () => roles().grant({ ...grant(), principalId: "me" })],
    ["grant: principalType Robot", () => roles().grant(n({ ...grant(), principalType: "Robot" }))],
    ["grant: role ''", () => roles().grant({ ...grant(), role: "" })],
    ["grant: unknown key", () => roles().grant(n({ ...grant(), rol: "Reader" }))],
    ["grant: request null", () => roles().grant(n(null))],
    ["grant: propagationTimeoutInMs -1", () => roles().grant(grant(), { propagationTimeoutInMs: -1 })],
    ["list: scope with a query", () => roles().list(`${account()}?$filter=x`)],
    ["list: principalId not a GUID", () => roles().list(account(), { principalId: "x" })],
    ["list: atScopeAndAbove 'yes'", () => roles().list(account(), n({ atScopeAndAbove: "yes" }))],
    ["revoke: no confirm", () => roles().revoke(assignment(), n({}))],
    ["revoke: confirm of another assignment", () => roles().revoke(assignment(), { confirm: "00000000-0000-0000-0000-0000000000ab" })],
    ["revoke: id with traversal", () => roles().revoke(`${assignment()}/..`, { confirm: "x" })],
    ["revoke: not a GUID name", () => roles().revoke(withLastSegment(assignment(), "abc"), { confirm: "abc" })],
    ["grantForBackup: snapshot group '..'", () => roles().grantForBackup({ clusterId: cluster(), storageAccountId: account(), snapshotResourceGroupId: `${sub()}/resourceGroups/..`, vaultPrincipalId: principal, extensionPrincipalId: principal, clusterPrincipalId: principal })],
    ["grantForBackup: unknown key", () => roles().grantForBackup(n({ clusterId: cluster(), storageAccountId: account(), snapshotResourceGroupId: `${sub()}/resourceGroups/snap`, vaultPrincipalId: principal, extensionPrincipalId: principal, extraScope: sub() }))],
    ["grantForRestore: target not a cluster", () => roles().grantForRestore({ targetClusterId: account(), snapshotResourceGroupId: `${sub()}/resourceGroups/snap`, vaultPrincipalId: principal })],
    ["requiredForBackup: vaultPrincipalId ''", () => roles().requiredForBackup({ clusterId: cluster(), storageAccountId: account(), snapshotResourceGroupId: `${sub()}/resourceGroups/snap`, vaultPrincipalId: "", extensionPrincipalId: principal })],
    ["grantAll: a requirement at subscription scope", () => roles().grantAll([{ identity: "vault", principalId: principal, role: "Owner", scope: sub(), reason: "x" }])],
    ["plan: not a list", () => roles().plan(n({}))],
    ["canAssignRoles: scope '..'", () => roles().canAssignRoles(`${sub()}/resourceGroups/..`)],
  ] as const)("%s", async (_, call) => {
    await expectRefused(e(), call);
  });
});

describe("TrustedAccessBinder", () => {
  it.each([
    ["unbind: binding '..' (used to DELETE the cluster)", () => trusted().unbind(`${cluster()}/trustedAccessRoleBindings/..`, { confirm: ".." })],
    ["unbind: binding '%2e%2e'", () => trusted().unbind(`${cluster()}/trustedAccessRoleBindings/%2e%2e`, { confirm: "%2e%2e" })],
    ["unbind: no confirm", () => trusted().unbind(binding(), n({}))],
    ["unbind: wrong confirm", () => trusted().unbind(binding(), { confirm: "tarb-2" })],
    ["unbind: cluster id instead of a binding", () => trusted().unbind(cluster(), { confirm: "aks-h" })],
    ["unbind: timeoutInMs Infinity", () => trusted().unbind(binding(), { confirm: "tarb-1", timeoutInMs: Number.POSITIVE_INFINITY })],
    ["bind: vault id of a storage account", () => trusted().bind(cluster(), account())],
    ["bind: name with a space", () => trusted().bind(cluster(), vault(), { name: "my binding" })],
    ["bind: unknown option", () => trusted().bind(cluster(), vault(), n({ nmae: "x" }))],
    ["bind: cluster with a query", () => trusted().bind(`${cluster()}?api-version=1`, vault())],
    ["get: binding with a fragment", () => trusted().get(`${binding()}#x`)],
    ["list: cluster 'aks0?api-version=1&$filter=x#'", () => trusted().list(withLastSegment(cluster(), "aks0?api-version=1&$filter=x#"))],
    ["isRoleAvailable: location '../x'", () => trusted().isRoleAvailable("../x")],
    ["isRoleAvailable: role with traversal", () => trusted().isRoleAvailable("westeurope", "Microsoft.DataProtection/backupVaults/../x")],
  ] as const)("%s", async (_, call) => {
    await expectRefused(e(), call);
  });

  it("refuses any non-duration wait option (property)", async () => {
    await fc.assert(fc.asyncProperty(notADuration, async (pollIntervalInMs) => {
      await expectRefused(e(), () => trusted().bind(cluster(), vault(), n({ pollIntervalInMs })), { parameter: /pollIntervalInMs/ });
    }), runs);
  });
});

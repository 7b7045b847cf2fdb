import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { DataProtectionClient, type BackupInstanceManager, type InputValidationError } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, protectedCluster } from "../backup/support.js";
import { expectRefused, hostileLastSegment, hostileSegments, notADuration, runs, withLastSegment } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);
const e = (): ArmEmulator => emu.current;
const m = (): BackupInstanceManager => managerFor(e());
const n = (v: unknown): never => v as never;
let t: Awaited<ReturnType<typeof protectedCluster>>;

beforeAll(async () => {
  t = await protectedCluster(emu.current, managerFor(emu.current), "hbi");
});

describe("BackupInstanceManager: hostile input is refused before any request", () => {
  const vaultRg = () => t.vaultId.split("/")[4]!;
  it.each([
    ["getVault: vault '..'", () => m().getVault(withLastSegment(t.vaultId, ".."))],
    ["ensureVault: soft delete 5 days", () => m().ensureVault(t.vaultId, { location: "westeurope", softDelete: { state: "On", retentionDurationInDays: 5 } })],
    ["ensureVault: storageRedundancy Whatever", () => m().ensureVault(t.vaultId, n({ location: "westeurope", storageRedundancy: "Whatever" }))],
    ["ensureVault: vault v_1", () => m().ensureVault(withLastSegment(t.vaultId, "v_1"), { location: "westeurope" })],
    ["ensureVault: unknown option", () => m().ensureVault(t.vaultId, n({ location: "westeurope", softdelete: {} }))],
    ["ensureVault: tags not strings", () => m().ensureVault(t.vaultId, n({ location: "westeurope", tags: { a: 1 } }))],
    ["getPolicy: policy p_1", () => m().getPolicy(`${t.vaultId}/backupPolicies/p_1`)],
    ["ensurePolicy: both preset and policy", () => m().ensurePolicy(t.policyId, n({ preset: "daily", policy: {} }))],
    ["ensurePolicy: neither", () => m().ensurePolicy(t.policyId, n({}))],
    ["ensurePolicy: timeZone 123", () => m().ensurePolicy(t.policyId, n({ preset: { timeZone: 123 } }))],
    ["ensurePolicy: start 2024-02-30", () => m().ensurePolicy(t.policyId, { preset: { startTime: "2024-02-30T09:00:00+00:00" } })],
    ["ensurePolicy: retention 1e309", () => m().ensurePolicy(t.policyId, { preset: { operationalRetentionDays: Number("1e309") } })],
    ["ensurePolicy: policy name '..'", () => m().ensurePolicy(`${t.vaultId}/backupPolicies/..`, { preset: "daily" })],
    ["get: instance '%2e%2e'", () => m().get(`${t.vaultId}/backupInstances/%2e%2e`)],
    ["list: vault with a query", () => m().list(`${t.vaultId}?x=1`)],
    ["listPolicies: not an id", () => m().listPolicies("vault-hbi")],
    ["configureProtection: instance 'bad name!'", () => m().configureProtection({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId, backupInstanceName: "bad name!" })],
    ["configureProtection: includeNamespaces typo", () => m().configureProtection(n({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId, configuration: { includeNamespaces: ["a"] } }))],
    ["configureProtection: rg 'rg snap'", () => m().configureProtection({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: withLastSegment(t.snapshotResourceGroupId, "rg snap") })],
    ["configureProtection: timeoutInMs -5", () => m().configureProtection({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId }, { timeoutInMs: -5 })],
    ["updateBackupConfiguration: snapshotVolumes 'no'", () => m().updateBackupConfiguration(t.backupInstanceId, n({ snapshotVolumes: "no" }))],
    ["updateBackupConfiguration: configuration null", () => m().updateBackupConfiguration(t.backupInstanceId, n(null))],
    ["changePolicy: policy of another vault", () => m().changePolicy(t.backupInstanceId, `${withLastSegment(t.vaultId, "other")}/backupPolicies/p1`)],
    ["stopProtection: no confirm", () => m().stopProtection(t.backupInstanceId, n({ retain: "forever" }))],
    ["stopProtection: wrong confirm", () => m().stopProtection(t.backupInstanceId, { retain: "asPerPolicy", confirm: "other" })],
    ["stopProtection: retain 'never'", () => m().stopProtection(t.backupInstanceId, n({ retain: "never", confirm: "x" }))],
    ["delete: no confirm", () => m().delete(t.backupInstanceId, n({}))],
    ["delete: confirm of the vault", () => m().delete(t.backupInstanceId, { confirm: "vault-hbi" })],
    ["resumeProtection: unknown option", () => m().resumeProtection(t.backupInstanceId, n({ force: true }))],
    ["backupNow: ruleName ''", () => m().backupNow(t.backupInstanceId, { ruleName: "" })],
    ["listJobs: status 'Done'", () => m().listJobs(t.vaultId, n({ status: "Done" }))],
    ["listJobs: since 2024-02-30", () => m().listJobs(t.vaultId, { since: "2024-02-30" })],
    ["listJobs: since Invalid Date", () => m().listJobs(t.vaultId, { since: new Date(Number.NaN) })],
    ["getJob: job name not a GUID", () => m().getJob(`${t.vaultId}/backupJobs/..`)],
    ["waitForJob: throwOnFailure 'true'", () => m().waitForJob(`${t.vaultId}/backupJobs/00000000-0000-0000-0000-000000000001`, n({ throwOnFailure: "true" }))],
    ["listRecoveryPoints: instance with a fragment", () => m().listRecoveryPoints(`${t.backupInstanceId}#x`)],
    ["getRecoveryPoint: empty id", () => m().getRecoveryPoint(t.backupInstanceId, "")],
    ["restore: conflictPolicy Replace", () => m().restore(t.backupInstanceId, n({ conflictPolicy: "Replace" }))],
    ["restore: namespace mapping to 'Prod Copy'", () => m().restore(t.backupInstanceId, { namespaceMappings: { prod: "Prod Copy" } })],
    ["restore: target traversal", () => m().restore(t.backupInstanceId, { targetClusterId: `${t.clusterId}/..` })],
    ["validateRestore: unknown option", () => m().validateRestore(t.backupInstanceId, n({ grantPermisions: false }))],
  ] as const)("%s", async (_, call) => {
    await expectRefused(e(), call);
  });

  it.each(hostileSegments.map((s) => [JSON.stringify(s), s] as const))("delete(instance named %s)", async (_, s) => {
    await expectRefused(e(), () => m().delete(withLastSegment(t.backupInstanceId, s), { confirm: s }), { parameter: /backupInstanceId/ });
  });

  it("any hostile policy name is refused with no request (property)", async () => {
    await fc.assert(fc.asyncProperty(hostileLastSegment, async (name) => {
      await expectRefused(e(), () => m().ensurePolicy(`${t.vaultId}/backupPolicies/${name}`, { preset: "daily" }));
    }), runs);
  });

  it("any non-duration pollIntervalInMs is refused with no request (property)", async () => {
    await fc.assert(fc.asyncProperty(notADuration, async (pollIntervalInMs) => {
      await expectRefused(e(), () => m().resumeProtection(t.backupInstanceId, n({ pollIntervalInMs })), { parameter: /pollIntervalInMs/ });
    }), runs);
  });

  it("the raw DataProtection client is not reachable through the manager (a #private field)", () => {
    const manager = m();
    // @ts-expect-error: there is no `client` property; deleting goes through delete({ confirm }).
    const raw: unknown = manager.client;
    expect(raw).toBeUndefined();
    expect(Object.getOwnPropertyNames(manager).filter((k) => /client/i.test(k))).toEqual([]);
  });

  it.each([
    ["policy '..' (used to DELETE the vault)", (c: DataProtectionClient) => c.backupPolicies.delete(vaultRg(), "vault-hbi", "..")],
    ["abortSignal not a signal", (c: DataProtectionClient) => c.backupVaults.get(vaultRg(), "vault-hbi", n({ abortSignal: { aborted: "no" } }))],
    ["vault name with a query", (c: DataProtectionClient) => c.backupVaults.get(vaultRg(), "vault-hbi?x=1")],
  ] as const)("DataProtectionClient: %s", async (_, call) => {
    const client = new DataProtectionClient(e().credential, e().subscriptionId, fastOptions(e()));
    await expectRefused(e(), () => call(client));
  });
});

describe("BackupInstanceManager: destruction and narrowing need confirm (reads only, no write)", () => {
  it("updateBackupConfiguration narrowing to one namespace", async () => {
    const err = await expectRefused(e(), () => m().updateBackupConfiguration(t.backupInstanceId, { includedNamespaces: ["web"] }), { name: "ConfirmationRequiredError", reads: true });
    expect((err as InputValidationError & { expected: string }).expected).toBe(t.bi.name);
  });

  it("configureProtection narrowing an existing instance", async () => {
    await expectRefused(e(), () => m().configureProtection({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId, configuration: { excludedNamespaces: ["prod"] } }), { name: "ConfirmationRequiredError", reads: true });
  });

  it("ensurePolicy overwriting the policy in use (7 days -> 1)", async () => {
    const err = await expectRefused(e(), () => m().ensurePolicy(t.policyId, { preset: { operationalRetentionDays: 1 } }), { name: "ConfirmationRequiredError", reads: true });
    expect((err as InputValidationError & { expected: string }).expected).toBe(t.policyId.split("/").at(-1));
  });

  it("restore with Patch over the original cluster", async () => {
    const err = await expectRefused(e(), () => m().restore(t.backupInstanceId, { conflictPolicy: "Patch" }), { name: "ConfirmationRequiredError", reads: true });
    expect((err as InputValidationError & { expected: string }).expected).toBe(t.clusterId.split("/").at(-1));
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AksBackup, type EnableBackupRequest, type InputValidationError } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { expectRefused, hostileLastSegment, hostileSegments, notADuration, notIds, notSignals, runs, seed, withLastSegment, writesSince } from "./support.js";

const emu = useEmulator();
let shared: AksBackup | undefined;
/** One facade for the file (its clients are reused, as an application would). */
const aksOf = (): AksBackup => (shared ??= new AksBackup(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current)));
let base: EnableBackupRequest | undefined;
const request = (): EnableBackupRequest => (base ??= seed(emu.current, "hf-base"));
const as = (v: unknown): EnableBackupRequest => v as EnableBackupRequest;

/** Requests the issue found accepted silently or failing only after writes: each is refused with no request. */
const badRequests: Array<[string, (r: EnableBackupRequest) => unknown, RegExp]> = [
  ["backup instance name 'bad name!'", (r) => ({ ...r, backupInstanceName: "bad name!" }), /backupInstanceName/],
  ["vault v_1", (r) => ({ ...r, vaultId: withLastSegment(r.vaultId, "v_1") }), /vaultId/],
  ["vault v (one letter)", (r) => ({ ...r, vaultId: withLastSegment(r.vaultId, "v") }), /vaultId/],
  ["policy p_1", (r) => ({ ...r, policyId: `${r.vaultId}/backupPolicies/p_1` }), /policyId/],
  ["policy of another vault", (r) => ({ ...r, policyId: `${withLastSegment(r.vaultId, "other")}/backupPolicies/p1` }), /policyId/],
  ["resource group 'rg snap'", (r) => ({ ...r, snapshotResourceGroupId: withLastSegment(r.snapshotResourceGroupId, "rg snap") }), /snapshotResourceGroupId/],
  ["soft delete 5 days", (r) => ({ ...r, vault: { softDelete: { state: "On", retentionDurationInDays: 5 } } }), /vault\.softDelete\.retentionDurationInDays/],
  ["soft delete 181 days", (r) => ({ ...r, vault: { softDelete: { state: "On", retentionDurationInDays: 181 } } }), /retentionDurationInDays/],
  ["soft delete state Maybe", (r) => ({ ...r, vault: { softDelete: { state: "Maybe" } } }), /vault\.softDelete\.state/],
  ["storageRedundancy Whatever", (r) => ({ ...r, vault: { storageRedundancy: "Whatever" } }), /vault\.storageRedundancy/],
  ["unknown vault setting", (r) => ({ ...r, vault: { storageRedundency: "GeoRedundant" } }), /vault\.storageRedundency/],
  ["includeNamespaces typo", (r) => ({ ...r, backupConfiguration: { includeNamespaces: ["a"] } }), /backupConfiguration\.includeNamespaces/],
  ["includedNamespaces empty", (r) => ({ ...r, backupConfiguration: { includedNamespaces: [] } }), /includedNamespaces/],
  ["namespace 'Bad NS'", (r) => ({ ...r, backupConfiguration: { includedNamespaces: ["Bad NS"] } }), /includedNamespaces\[0\]/],
  ["snapshotVolumes 'false'", (r) => ({ ...r, backupConfiguration: { snapshotVolumes: "false" } }), /snapshotVolumes/],
  ["volume type NFS", (r) => ({ ...r, backupConfiguration: { includedVolumeTypes: ["NFS"] } }), /includedVolumeTypes/],
  ["timeZone 123", (r) => ({ ...r, policyPreset: { timeZone: 123 } }), /policyPreset/],
  ["timeZone Mars/Base", (r) => ({ ...r, policyPreset: { timeZone: "Mars/Base" } }), /policyPreset/],
  ["start time 2024-02-30", (r) => ({ ...r, policyPreset: { startTime: "2024-02-30T09:00:00+00:00" } }), /policyPreset/],
  ["retention 1e309 days", (r) => ({ ...r, policyPreset: { operationalRetentionDays: Number("1e309") } }), /policyPreset/],
  ["retention 0 days", (r) => ({ ...r, policyPreset: { operationalRetentionDays: 0 } }), /policyPreset/],
  ["frequency PT1H", (r) => ({ ...r, policyPreset: { frequency: "PT1H" } }), /policyPreset/],
  ["preset name hourly", (r) => ({ ...r, policyPreset: "hourly" }), /policyPreset/],
  ["firstBackup 'no'", (r) => ({ ...r, firstBackup: "no" }), /firstBackup/],
  ["moveExtensionStorage 'false'", (r) => ({ ...r, moveExtensionStorage: "false" }), /moveExtensionStorage/],
  ["memory request 2Gi above the chart's limit", (r) => ({ ...r, extensionResources: { requests: { memory: "2Gi" } } }), /extensionResources\.requests\.memory/],
  ["memory limit 200Mi below the chart's request", (r) => ({ ...r, extensionResources: { limits: { memory: "200Mi" } } }), /extensionResources\.limits\.memory/],
  ["cpu request 2 above the chart's limit", (r) => ({ ...r, extensionResources: { requests: { cpu: "2" } } }), /extensionResources\.requests\.cpu/],
  ["memory 1e309", (r) => ({ ...r, extensionResources: { limits: { memory: "1e309" } } }), /extensionResources\.limits\.memory/],
  ["memory 4400MB", (r) => ({ ...r, extensionResources: { limits: { memory: "4400MB" } } }), /extensionResources\.limits\.memory/],
  ["blob container Bad_Name", (r) => ({ ...r, blobContainer: "Bad_Name" }), /blobContainer/],
  ["unknown top-level key", (r) => ({ ...r, clusterID: r.clusterId }), /clusterID/],
  ["storage account id given as a vault id", (r) => ({ ...r, storageAccountId: r.vaultId }), /storageAccountId/],
];

describe("AksBackup: hostile requests are refused before any request", () => {
  it.each(badRequests)("enableBackup: %s", async (_, change, subject) => {
    await expectRefused(emu.current, () => aksOf().enableBackup(as(change(request()))), { name: "PreflightError", parameter: subject });
  });

  it.each(badRequests)("planBackup: %s", async (_, change, parameter) => {
    await expectRefused(emu.current, () => aksOf().planBackup(as(change(request()))), { parameter });
  });

  it.each(hostileSegments.map((s) => [JSON.stringify(s), s] as const))("enableBackup with cluster name %s", async (_, segment) => {
    await expectRefused(emu.current, () => aksOf().enableBackup({ ...request(), clusterId: withLastSegment(request().clusterId, segment) }), { name: "PreflightError", parameter: /clusterId/ });
  });

  it.each(notIds.map((v) => [String(v).slice(0, 20), v] as const))("planBackup with clusterId %s", async (_, v) => {
    await expectRefused(emu.current, () => aksOf().planBackup(as({ ...request(), clusterId: v })), { parameter: /clusterId/ });
  });

  it.each([["null", null], ["undefined", undefined], ["a string", "req"], ["a number", 7], ["an array", []]] as const)("planBackup(%s)", async (_, v) => {
    await expectRefused(emu.current, () => aksOf().planBackup(as(v)));
  });

  it("says 'did you mean' for a key close to a known one", async () => {
    const e = await expectRefused(emu.current, () => aksOf().planBackup(as({ ...request(), backupConfiguration: { includeNamespaces: ["a"] } })));
    expect((e as InputValidationError).fix).toMatch(/did you mean `includedNamespaces`\?/);
  });

  it("reports every problem of a request at once", async () => {
    const e = await expectRefused(emu.current, () => aksOf().planBackup(as({ ...request(), firstBackup: "no", vault: { storageRedundancy: "Whatever" }, timeZone: "UTC" })));
    expect((e as InputValidationError).issues.map((i) => i.parameter)).toEqual(["vault.storageRedundancy", "firstBackup", "timeZone"]);
  });

  it.each([
    ["timeoutInMs -5", { timeoutInMs: -5 }, /timeoutInMs/],
    ["timeoutInMs NaN", { timeoutInMs: Number.NaN }, /timeoutInMs/],
    ["concurrency 0", { concurrency: 0 }, /concurrency/],
    ["concurrency '4'", { concurrency: "4" }, /concurrency/],
    ["concurrency 1.5", { concurrency: 1.5 }, /concurrency/],
    ["propagationTimeoutInMs Infinity", { propagationTimeoutInMs: Number.POSITIVE_INFINITY }, /propagationTimeoutInMs/],
    ["onProgress not a function", { onProgress: "log" }, /onProgress/],
    ["unknown option timeoutInMS", { timeoutInMS: 5 }, /timeoutInMS/],
    ...notSignals.map((s) => [`abortSignal ${JSON.stringify(s)}`, { abortSignal: s }, /abortSignal/] as const),
  ] as const)("enableBackup options: %s", async (_, options, subject) => {
    await expectRefused(emu.current, () => aksOf().enableBackup(request(), options as never), { name: "PreflightError", parameter: subject });
  });

  it("enableBackup refuses any hostile vault name with no request (property)", async () => {
    await fc.assert(fc.asyncProperty(hostileLastSegment, async (name) => {
      await expectRefused(emu.current, () => aksOf().enableBackup({ ...request(), vaultId: withLastSegment(request().vaultId, name) }), { name: "PreflightError" });
    }), runs);
  });

  it("enableBackup refuses any non-duration timeoutInMs with no request (property)", async () => {
    await fc.assert(fc.asyncProperty(notADuration, async (timeoutInMs) => {
      await expectRefused(emu.current, () => aksOf().enableBackup(request(), { timeoutInMs } as never), { name: "PreflightError", parameter: /timeoutInMs/ });
    }), runs);
  });
});

describe("AksBackup.enableBackupForFleet checks every request before touching any cluster", () => {
  it("a fleet with one vault named 'v' makes no request at all", async () => {
    const fleet = [seed(emu.current, "hf-f1"), seed(emu.current, "hf-f2"), seed(emu.current, "hf-f3")];
    fleet[2] = { ...fleet[2]!, vaultId: withLastSegment(fleet[2]!.vaultId, "v") };
    const e = await expectRefused(emu.current, () => aksOf().enableBackupForFleet(fleet));
    expect((e as InputValidationError).parameter).toBe("requests[2].vaultId");
  });

  it.each([
    ["clusterConcurrency '4'", { clusterConcurrency: "4" }],
    ["clusterConcurrency 0", { clusterConcurrency: 0 }],
    ["clusterConcurrency -1", { clusterConcurrency: -1 }],
    ["timeoutInMs -5", { timeoutInMs: -5 }],
    ["onClusterDone 1", { onClusterDone: 1 }],
    ["unknown option", { concurency: 2 }],
  ] as const)("fleet options: %s", async (_, options) => {
    await expectRefused(emu.current, () => aksOf().enableBackupForFleet([request()], options as never));
  });

  it.each([["null", null], ["an object", {}], ["a string", "clusters"]] as const)("requests is %s", async (_, v) => {
    await expectRefused(emu.current, () => aksOf().enableBackupForFleet(v as never));
  });
});

describe("AksBackup.restoreCluster", () => {
  const bi = (): string => `${request().vaultId}/backupInstances/bi-1`;
  it.each([
    ["conflictPolicy Replace", () => ({ backupInstanceId: bi(), conflictPolicy: "Replace" }), undefined],
    ["backup instance '..'", () => ({ backupInstanceId: withLastSegment(bi(), "..") }), undefined],
    ["unknown key", () => ({ backupInstanceId: bi(), includeNamespaces: ["a"] }), undefined],
    ["namespace mapping to 'Prod Copy'", () => ({ backupInstanceId: bi(), namespaceMappings: { prod: "Prod Copy" } }), undefined],
    ["grantPermissions 'no'", () => ({ backupInstanceId: bi() }), { grantPermissions: "no" }],
    ["pollIntervalInMs -1", () => ({ backupInstanceId: bi() }), { pollIntervalInMs: -1 }],
  ] as const)("%s", async (_, make, options) => {
    await expectRefused(emu.current, () => aksOf().restoreCluster(make(), options as never));
  });
});

describe("AksBackup.disableBackup", () => {
  it.each([
    ["mode nuke", { mode: "nuke" }, /mode/],
    ["no mode", { mode: undefined }, /mode/],
    ["bad cluster id", { clusterId: "x" }, /clusterId/],
    ["traversal in vault id", { vaultId: "VAULT/.." }, /vaultId/],
    ["confirm 42", { confirm: 42 }, /confirm/],
    ["unknown key", { retain: "forever" }, /retain/],
  ] as const)("%s", async (_, change, parameter) => {
    const r = request();
    const full = { clusterId: r.clusterId, vaultId: r.vaultId, mode: "retainForever", confirm: "x", ...change };
    if (full.vaultId === "VAULT/..") full.vaultId = `${r.vaultId}/..`;
    await expectRefused(emu.current, () => aksOf().disableBackup(full as never), { parameter });
  });

  it.each(["retainForever", "retainAsPerPolicy", "deleteData"] as const)("mode %s without confirm: ConfirmationRequiredError, no request", async (mode) => {
    const r = request();
    await expectRefused(emu.current, () => aksOf().disableBackup({ clusterId: r.clusterId, vaultId: r.vaultId, mode }), { name: "ConfirmationRequiredError" });
  });
});

describe("AksBackup: moves and narrowing need confirm (found by reads, before any write)", () => {
  it("narrowing a protected cluster's backups to one namespace needs the instance's name; the plan marks it", async () => {
    const e = emu.current;
    const r = seed(e, "hf-narrow");
    const aks = aksOf();
    const { backupInstanceId } = await aks.enableBackup(r);
    const name = backupInstanceId.split("/").at(-1)!;
    const narrowed = { ...r, backupConfiguration: { includedNamespaces: ["web"] } };
    const plan = await aks.planBackup(narrowed);
    expect(plan.actions.find((a) => a.step === "backupInstance")?.confirm).toBe(name);
    const err = await expectRefused(e, () => aks.enableBackup(narrowed), { name: "ConfirmationRequiredError", reads: true });
    expect((err as InputValidationError & { expected: string }).expected).toBe(name);
    await expectRefused(e, () => aks.enableBackup({ ...narrowed, confirm: "wrong" }), { name: "ConfirmationRequiredError", reads: true });
    await expectRefused(e, () => aks.restoreCluster({ backupInstanceId, conflictPolicy: "Patch" }), { name: "ConfirmationRequiredError", reads: true });
    await expectRefused(e, () => aks.restoreCluster({ backupInstanceId, conflictPolicy: "Patch", confirm: name }), { name: "ConfirmationRequiredError", reads: true });
    const mark = e.requests.length;
    await aks.enableBackup({ ...narrowed, confirm: name });
    expect(writesSince(e, mark).length).toBeGreaterThan(0);
  });

  it("moving the Backup Extension's storage needs moveExtensionStorage and the extension's name; the plan marks it", async () => {
    const e = emu.current;
    const r = seed(e, "hf-move");
    const aks = aksOf();
    const first = await aks.enableBackup(r);
    const extensionName = first.extensionId.split("/").at(-1)!;
    const moved = { ...r, blobContainer: "aks-backups-2", moveExtensionStorage: true };
    expect((await aks.planBackup(moved)).actions.find((a) => a.step === "extension")?.confirm).toBe(extensionName);
    await expectRefused(e, () => aks.enableBackup(moved), { name: "ConfirmationRequiredError", reads: true });
    const result = await aks.enableBackup({ ...moved, confirm: [extensionName] });
    expect(result.storage.blobContainer).toBe("aks-backups-2");
    expect((await aks.extension.get(r.clusterId))?.blobContainer).toBe("aks-backups-2");
  });

  it("disableBackup with the wrong confirm reads, then refuses with no write", async () => {
    const e = emu.current;
    const r = seed(e, "hf-stop");
    const aks = aksOf();
    await aks.enableBackup(r);
    for (const mode of ["retainForever", "retainAsPerPolicy", "deleteData"] as const) {
      await expectRefused(e, () => aks.disableBackup({ clusterId: r.clusterId, vaultId: r.vaultId, mode, confirm: "not-the-name" }), { name: "ConfirmationRequiredError", reads: true });
    }
  });
});

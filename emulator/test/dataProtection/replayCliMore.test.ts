/**
 * Replays of the Azure CLI dataprotection recordings added to shared/recordings in issue 11
 * (vault update, resource guards, recovery points, soft delete, blob restore, cross-region
 * restore). Interactions that need what the emulator does not model are skipped with a reason.
 */
import { describe, expect, it } from "vitest";
import type { ArmEmulator } from "../../src/index.js";
import { useEmulator } from "../support/emulator.js";
import { armRequest, loadRecording, replayRecording, type RecordedInteraction } from "../support/replay.js";
import { call } from "./dppFixtures.js";

const sub = "00000000-0000-0000-0000-000000000000";
type Json = Record<string, unknown>;

/** Resource Graph is not emulated (the same reason the job list replay gives). */
const resourceGraph = (i: RecordedInteraction): string | undefined =>
  /Microsoft\.ResourceGraph/i.test(i.path) ? "Azure Resource Graph (Microsoft.ResourceGraph) is not emulated" : undefined;

/** Makes the resource group the CLI's test preparer made (with its tags), from the recording's GET of it. */
async function seedGroup(emu: ArmEmulator, recording: string, index = 0): Promise<void> {
  const it = loadRecording(recording).interactions[index]!;
  const rg = it.responseBody as { location: string; tags?: Record<string, string> };
  const res = await call(emu, "PUT", it.path, { location: rg.location, tags: rg.tags }, "2021-04-01");
  expect(res.status).toBe(201);
}

describe("replay: backup vault update by GET + full PUT (api 2022-12-01)", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"], durations: { backupVaultCreate: 1, backupVaultUpdate: 1 } });
  it("matches the recorded traffic", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "clitestdataprotection_backupvault_000001", location: "eastus" });
    const recording = "test_dataprotection_backup_vault_update.json";
    const rateLimited = "Azure refused it with its update rate limit (CloudDosTimeboudLimitReached), which is not emulated; checked below";
    const report = await replayRecording(e, { recording, skip: (_i, index) => (index === 30 || index === 32 ? rateLimited : undefined) });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.filter((s) => s.outcome === "followed")).toHaveLength(7);
    // The same PUTs weaken a Locked immutability, which Azure documents as irreversible: still a 400.
    for (const index of [30, 32]) {
      const it = loadRecording(recording).interactions[index]!;
      const res = await call(e, "PUT", it.path, it.requestBody, it.apiVersion!);
      expect(res.status).toBe(400);
    }
  });
});

describe("replay: resource guards (create, list, get, delete; update; mapping to a vault)", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"], durations: { backupVaultCreate: 1 } });
  it("matches the recorded create and delete traffic (api 2024-04-01)", async () => {
    const e = emu.current;
    await seedGroup(e, "test_dataprotection_resource_guard_create_and_delete.json");
    const report = await replayRecording(e, { recording: "test_dataprotection_resource_guard_create_and_delete.json" });
    expect(report.problems, report.summary()).toEqual([]);
  });
  it("matches the recorded update traffic (api 2023-01-01: exclusions and tags)", async () => {
    const e = emu.current;
    await seedGroup(e, "test_dataprotection_resource_guard_update.json");
    const report = await replayRecording(e, { recording: "test_dataprotection_resource_guard_update.json" });
    expect(report.problems, report.summary()).toEqual([]);
  });
  it("matches the recorded vault mapping traffic (api 2023-11-01: proxy, unlockDelete, delete)", async () => {
    const e = emu.current;
    // The first test made this group (same name); the CLI made it afresh with this test's tags.
    await call(e, "PUT", loadRecording("test_dataprotection_resource_guard_mapping.json").interactions[0]!.path, {
      location: "centraluseuap", tags: (loadRecording("test_dataprotection_resource_guard_mapping.json").interactions[0]!.responseBody as { tags: unknown }).tags }, "2021-04-01");
    const report = await replayRecording(e, { recording: "test_dataprotection_resource_guard_mapping.json" });
    expect(report.problems, report.summary()).toEqual([]);
  });
});

/**
 * Seeds a disk backup instance that existed before a recording (a `*-donotdelete` one), written
 * directly as the datasource type is not emulated, with the recovery points the recording lists.
 */
async function seedInstanceWithPoints(emu: ArmEmulator, biId: string, points: Json[]): Promise<void> {
  const vaultId = biId.slice(0, biId.toLowerCase().indexOf("/backupinstances/"));
  const rg = vaultId.split("/")[4]!;
  if (!emu.state.resourceGroups.has(`/subscriptions/${sub}/resourceGroups/${rg}`)) emu.addResourceGroup({ name: rg, location: "centraluseuap" });
  if (!emu.state.backupVaults.has(vaultId)) {
    const res = await call(emu, "PUT", vaultId, { location: "centraluseuap", identity: { type: "SystemAssigned" }, properties: { storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }] } });
    expect(res.status).toBe(201);
  }
  const name = biId.split("/").pop()!;
  const disk = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/disks/${name.split("-").slice(0, 5).join("-")}`;
  emu.state.backupInstances.set({ id: biId, name, vaultId: emu.state.backupVaults.get(vaultId)!.id, datasourceId: disk, body: {
    properties: { friendlyName: name, dataSourceInfo: { resourceID: disk, datasourceType: "Microsoft.Compute/disks", objectType: "Datasource" },
      protectionStatus: { status: "ProtectionConfigured" }, currentProtectionState: "ProtectionConfigured", provisioningState: "Succeeded", objectType: "BackupInstance" },
    id: biId, name, type: "Microsoft.DataProtection/backupVaults/backupInstances",
  } });
  for (const p of points) {
    const time = Date.parse(String((p["properties"] as Json)["recoveryPointTime"]));
    emu.state.recoveryPoints.set({ id: String(p["id"]), backupInstanceId: biId, time, expiresAt: Number.POSITIVE_INFINITY, resourceCount: 0, body: p as Json & { properties: Json } });
  }
}

describe("replay: recovery points of a disk backup instance (api 2023-01-01)", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"] });
  const pointsOf = (recording: string): Json[] => (loadRecording(recording).interactions[0]!.responseBody as { value: Json[] }).value;
  const biOf = (recording: string): string => loadRecording(recording).interactions[0]!.path.replace(/\/recoveryPoints$/i, "");
  it("lists them with and without a startDate/endDate $filter, as recorded", async () => {
    const e = emu.current;
    const recording = "test_dataprotection_recovery_point_list.json";
    // The points are the recorded ones (disk backups are not emulated); the replay checks the listing and its $filter.
    await seedInstanceWithPoints(e, biOf(recording), pointsOf(recording));
    const report = await replayRecording(e, { recording });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
  });
  it("gets one point (its metaData a JSON string), as recorded", async () => {
    const e = emu.current;
    const recording = "test_dataprotection_recovery_point_show.json";
    const shown = loadRecording(recording).interactions[1]!.responseBody as Json;
    e.state.recoveryPoints.delete(String(shown["id"]));
    await seedInstanceWithPoints(e, biOf(recording), [shown]);
    const report = await replayRecording(e, { recording });
    expect(report.problems, report.summary()).toEqual([]);
  });
});

/** A disk backup policy PUT body (the shape of seedFromRecording's policies). */
function diskPolicy(): Json {
  const store = { dataStoreType: "OperationalStore", objectType: "DataStoreInfoBase" };
  return { properties: { objectType: "BackupPolicy", datasourceTypes: ["Microsoft.Compute/disks"], policyRules: [
    { objectType: "AzureBackupRule", name: "BackupHourly", dataStore: store, backupParameters: { objectType: "AzureBackupParams", backupType: "Incremental" },
      trigger: { objectType: "ScheduleBasedTriggerContext", schedule: { repeatingTimeIntervals: ["R/2024-01-01T09:00:00+00:00/PT4H"] }, taggingCriteria: [{ isDefault: true, taggingPriority: 99, tagInfo: { tagName: "Default" } }] } },
    { objectType: "AzureRetentionRule", name: "Default", isDefault: true, lifecycles: [{ deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P7D" }, sourceDataStore: store }] },
  ] } };
}

describe("replay: soft delete and undelete of a disk backup instance (api 2025-07-01 and 2026-03-01)", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"], durations: {
    backupValidate: 40, backupInstanceCreate: 30, backupInstanceConfigure: 3600, backupInstanceDelete: 60, backupInstanceAction: 40,
  } });
  it("matches the recorded traffic", async () => {
    const e = emu.current;
    const recording = "test_dataprotection_backup_instance_softdelete.json";
    const rg = `/subscriptions/${sub}/resourceGroups/clitest-dpp-rg`;
    e.addResourceGroup({ name: "clitest-dpp-rg", location: "centraluseuap" });
    const vaults = `${rg}/providers/Microsoft.DataProtection/backupVaults`;
    const lrs = [{ datastoreType: "VaultStore", type: "LocallyRedundant" }];
    // The two vaults the test uses, as it found them: soft delete Off in one (its delete is final, #30 then #37), On in the other.
    for (const [vault, state, policy] of [["clitest-bkp-vault-persistent-bi-donotdelete", "Off", "diskpolicy"], ["clitest-bkp-vault-sd1-donotdelete", "On", "diskpol"]] as const) {
      expect((await call(e, "PUT", `${vaults}/${vault}`, { location: "centraluseuap", identity: { type: "SystemAssigned" },
        properties: { storageSettings: lrs, securitySettings: { softDeleteSettings: { state, retentionDurationInDays: 14 } } } })).status).toBe(201);
      expect((await call(e, "PUT", `${vaults}/${vault}/backupPolicies/${policy}`, diskPolicy())).status).toBe(200);
    }
    e.advanceTime(10);
    // The backup instance in the soft-delete vault, as its first recorded GET shows it (written directly: disks are not emulated).
    const bi = loadRecording(recording).interactions[4]!.responseBody as Json & { id: string; name: string; properties: Json };
    const datasourceId = (bi.properties["dataSourceInfo"] as Json)["resourceID"] as string;
    e.state.backupInstances.set({ id: bi.id, name: bi.name, vaultId: e.state.backupVaults.get(`${vaults}/clitest-bkp-vault-sd1-donotdelete`)!.id, datasourceId, body: structuredClone(bi) });
    const report = await replayRecording(e, { recording });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.filter((s) => s.outcome === "sent").map((s) => s.status)).toEqual(
      report.steps.filter((s) => s.outcome === "sent").map((s) => s.recordedStatus));
  });
});

describe("replay: point-in-time restore of a blob backup instance (api 2023-01-01)", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"], durations: { restoreValidate: 40, backupTrigger: 2, restoreJob: 220 } });
  it("matches the recorded traffic (findRestorableTimeRanges, validateRestore, restore, the restore job)", async () => {
    const e = emu.current;
    const recording = "test_dataprotection_backup_instance_restore_blob.json";
    const { interactions } = loadRecording(recording);
    const bi = interactions[1]!.responseBody as Json & { id: string; name: string; properties: Json };
    await seedInstanceWithPoints(e, bi.id, []);
    e.state.backupInstances.set({ ...e.state.backupInstances.get(bi.id)!, datasourceId: (bi.properties["dataSourceInfo"] as Json)["resourceID"] as string, body: structuredClone(bi) });
    // The recorded restore time (2023) moved into the emulator's restorable window (the last 30 days).
    const mapIds: Record<string, string> = { "2023-06-21T19:15:02.0000000Z": new Date(e.state.clock.now() - 3_600_000).toISOString() };
    const report = await replayRecording(e, {
      recording, mapIds, skip: resourceGraph,
      before: (_i, index) => {
        // As the README says, #10 and #11 were spliced in from another run: their operation and job ids
        // are not the restore's. They stand for the restore's own, so they are mapped to the emulator's.
        if (index === 10) {
          const recorded = interactions[10]!.path.split("/").pop()!;
          mapIds[recorded] = [...e.state.dataProtectionOperations.values()].at(-1)!.id;
        }
        if (index === 11) {
          const job = e.state.backupJobs.all().find((j) => j.body.properties["operationCategory"] === "Restore")!;
          mapIds[interactions[11]!.path.split("/").pop()!] = String(job.body["name"]);
        }
      },
    });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.filter((s) => s.outcome === "skipped" && !s.reason?.startsWith("LRO poll")).map((s) => s.index)).toEqual([2]);
    // A time outside the restorable window (the recorded 2023 time, as sent) is refused at once.
    const tooOld = await call(e, "POST", interactions[3]!.path, interactions[3]!.requestBody, "2023-01-01");
    expect([tooOld.status, ((tooOld.body as Json)["error"] as Json)["code"]]).toEqual([400, "UserErrorRestorePointInTimeNotAvailable"]);
  });
});

describe("replay: cross-region restore validation of a PostgreSQL backup instance (api 2024-04-01)", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"], durations: { restoreValidate: 20 } });
  it("matches the recorded traffic (secondary points, then a validation that fails for the vault's missing permissions)", async () => {
    const e = emu.current;
    const recording = "test_dataprotection_cross_region_restore.json";
    const { interactions } = loadRecording(recording);
    const details = (interactions[1]!.requestBody as { sourceBackupInstanceId: string }).sourceBackupInstanceId;
    const vaultId = details.slice(0, details.toLowerCase().indexOf("/backupinstances/"));
    e.addResourceGroup({ name: "clitest-dpp-rg", location: "eastus2euap" });
    // The CRR vault as the test found it: geo-redundant with cross-region restore on.
    expect((await call(e, "PUT", vaultId, { location: "eastus2euap", identity: { type: "SystemAssigned" }, properties: {
      storageSettings: [{ datastoreType: "VaultStore", type: "GeoRedundant" }], featureSettings: { crossRegionRestoreSettings: { state: "Enabled" } },
    } })).status).toBe(201);
    // Its PostgreSQL backup instance (from the recorded Resource Graph record) and its replicated VaultStore points, written directly.
    const record = (interactions[0]!.responseBody as { data: Array<Json & { properties: Json }> }).data[0]!;
    const datasourceId = String((record.properties["dataSourceInfo"] as Json)["resourceID"]);
    e.state.backupInstances.set({ id: details, name: details.split("/").pop()!, vaultId: e.state.backupVaults.get(vaultId)!.id, datasourceId, body: {
      properties: { ...record.properties }, id: details, name: details.split("/").pop()!, type: "Microsoft.DataProtection/backupVaults/backupInstances",
    } });
    for (const p of (interactions[1]!.responseBody as { value: Json[] }).value) {
      e.state.recoveryPoints.set({ id: String(p["id"]), backupInstanceId: details, time: Date.parse(String((p["properties"] as Json)["recoveryPointTime"])),
        expiresAt: Number.POSITIVE_INFINITY, resourceCount: 0, body: structuredClone(p) as Json & { properties: Json } });
    }
    const report = await replayRecording(e, {
      recording,
      skip: (i) => resourceGraph(i) ?? (/Microsoft\.DBforPostgreSQL/i.test(i.path)
        ? "Microsoft.DBforPostgreSQL is not emulated (the CLI deletes the restore target first; ARM answered 404 ResourceNotFound)" : undefined),
    });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.filter((s) => s.outcome === "skipped" && !s.reason?.startsWith("LRO poll")).map((s) => s.index)).toEqual([0, 2, 3]);
    expect(report.steps.filter((s) => s.outcome === "followed").map((s) => s.index)).toEqual([5]);
    // With a role for the vault's identity on the target server, the same validation succeeds.
    const validate = interactions[4]!;
    const server = String((((validate.requestBody as Json)["restoreRequestObject"] as Json)["restoreTargetInfo"] as { datasourceSetInfo: Json }).datasourceSetInfo["resourceId"]);
    const principal = String((e.state.backupVaults.get(vaultId)!.body["identity"] as Json)["principalId"]);
    e.state.roleAssignments.set({ id: `${server}/providers/Microsoft.Authorization/roleAssignments/1`, name: "1", scope: server, principalId: principal, principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, createdAt: 0 });
    const started = await call(e, "POST", validate.path, validate.requestBody, validate.apiVersion!);
    expect(started.status).toBe(202);
    e.advanceTime(20);
    const done = await armRequest(e, "GET", started.headers["azure-asyncoperation"]!);
    expect((done.body as Json)["status"]).toBe("Succeeded");
  });
});

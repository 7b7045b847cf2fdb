import { describe, expect, it } from "vitest";
import { addClusterDisks } from "../../src/rp/compute.js";
import { useEmulator } from "../support/emulator.js";
import { armRequest } from "../support/replay.js";
import { api, call, finish, grant, obj, seedAks, vaultBody, type AksSetup } from "./dppFixtures.js";
import { alignToSlot, listAll } from "./jobFixtures.js";

// The counts below follow the every-4-hours schedule from a fixed time of day (12:20 UTC).
const emu = useEmulator({ pageSize: 2, startTime: Date.UTC(2026, 0, 5, 12, 20) });
type Json = Record<string, unknown>;
const hour = 3600;
const dataOperatorForManagedDisks = "959f8984-c045-4866-89c7-12bf9737be2e";

/** The AKS vault-tier policy as live Azure records it (every 4 hours; first of each day also kept 30 days in the vault). */
function vaultTierPolicy(): Json {
  const store = (t: string): Json => ({ dataStoreType: t, objectType: "DataStoreInfoBase" });
  return { properties: { objectType: "BackupPolicy", datasourceTypes: ["Microsoft.ContainerService/managedClusters"], policyRules: [
    { objectType: "AzureBackupRule", name: "BackupHourly", backupParameters: { objectType: "AzureBackupParams", backupType: "Incremental" }, dataStore: store("OperationalStore"),
      trigger: { objectType: "ScheduleBasedTriggerContext", schedule: { repeatingTimeIntervals: ["R/2024-01-01T09:00:00+00:00/PT4H"], timeZone: "UTC" },
        taggingCriteria: [
          { isDefault: true, taggingPriority: 99, tagInfo: { tagName: "Default" } },
          { isDefault: false, taggingPriority: 50, tagInfo: { id: "Vault_", tagName: "Vault" }, criteria: [{ objectType: "ScheduleBasedBackupCriteria", absoluteCriteria: ["FirstOfDay"] }] },
        ] } },
    { objectType: "AzureRetentionRule", name: "Default", isDefault: true,
      lifecycles: [{ deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P7D" }, sourceDataStore: store("OperationalStore"), targetDataStoreCopySettings: [] }] },
    { objectType: "AzureRetentionRule", name: "Vault", isDefault: false, lifecycles: [
      { deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P7D" }, sourceDataStore: store("OperationalStore"),
        targetDataStoreCopySettings: [{ copyAfter: { objectType: "ImmediateCopyOption" }, dataStore: store("VaultStore") }] },
      { deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P30D" }, sourceDataStore: store("VaultStore"), targetDataStoreCopySettings: [] },
    ] },
  ] } };
}

interface Options { geo?: boolean; role?: boolean; disks?: Array<{ sizeGB: number; encrypted?: boolean; publicNetworkAccess?: "Enabled" | "Disabled" }> }

/** A configured backup instance under the vault-tier policy, at 10 minutes past a 4-hour slot. */
async function vaultTierInstance(name: string, o: Options = {}): Promise<AksSetup & { bi: string }> {
  const e = emu.current;
  const s = await seedAks(e, name);
  if (o.geo) {
    const body = vaultBody();
    const props = body["properties"] as Json;
    props["storageSettings"] = [{ datastoreType: "VaultStore", type: "GeoRedundant" }];
    props["featureSettings"] = { crossRegionRestoreSettings: { state: "Enabled" } };
    const res = await call(e, "PUT", s.vaultId, body);
    if (res.status >= 300) throw new Error(`vault PUT: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.status === 201) await finish(e, res);
  }
  expect((await call(e, "PUT", s.policyId, vaultTierPolicy())).status).toBe(200);
  if (o.role !== false) grant(e, s.vaultPrincipal, dataOperatorForManagedDisks, s.snapshotRgId);
  if (o.disks) addClusterDisks(e.state, e.state.clusters.get(s.clusterId)!, o.disks);
  const bi = `${s.vaultId}/backupInstances/bi`;
  await finish(e, await call(e, "PUT", bi, s.instanceBody()));
  e.advanceTime(60);
  alignToSlot(e);
  return { ...s, bi };
}

async function jobsOf(vaultId: string, category: string): Promise<Json[]> {
  return (await listAll(emu.current, `${vaultId}/backupJobs`)).items.map((j) => j["properties"] as Json).filter((p) => p["operationCategory"] === category);
}

function stores(point: Json): string[] {
  return ((point["properties"] as Json)["recoveryPointDataStoresDetails"] as Json[]).map((d) => String(d["type"]));
}

describe("vault tier", () => {
  it("tags the first backup of each day Vault and copies it to the VaultStore within 4 hours, with a Tiering job", async () => {
    const e = emu.current;
    const s = await vaultTierInstance("tier");
    e.advanceTime(24 * hour);
    const points = (await listAll(e, `${s.bi}/recoveryPoints`)).items;
    const tags = points.map((p) => (p["properties"] as Json)["retentionTagName"]);
    expect(tags.filter((t) => t === "vault")).toHaveLength(1);
    expect(tags.filter((t) => t === "default").length).toBeGreaterThanOrEqual(5);
    e.advanceTime(4 * hour);
    const tiering = await jobsOf(s.vaultId, "Tiering");
    expect(tiering).toHaveLength(1);
    expect(tiering[0]).toMatchObject({ status: "Completed", operation: "Tiering", sourceDataStoreType: "OperationalStore", destinationDataStoreName: "VaultStore", isUserTriggered: false });
    const vaultPoint = (await listAll(e, `${s.bi}/recoveryPoints`)).items.find((p) => (p["properties"] as Json)["retentionTagName"] === "vault")!;
    expect(stores(vaultPoint)).toEqual(["OperationalStore", "VaultStore"]);
    // 7 days later the operational copy has expired; the vault copy is kept (30 days).
    e.advanceTime(8 * 24 * hour);
    const later = obj(await call(e, "GET", vaultPoint["id"] as string));
    expect(stores(later)).toEqual(["VaultStore"]);
  });

  it("fails tiering for a disk over 1 TB, an encrypted disk, or a vault without Data Operator for Managed Disks", async () => {
    const e = emu.current;
    const big = await vaultTierInstance("bigdisk", { disks: [{ sizeGB: 128 }, { sizeGB: 2048 }] });
    const des = await vaultTierInstance("desdisk", { disks: [{ sizeGB: 64, encrypted: true }] });
    const norole = await vaultTierInstance("norole", { role: false, disks: [{ sizeGB: 64 }] });
    e.advanceTime(28 * hour);
    const code = async (vaultId: string): Promise<unknown> => ((await jobsOf(vaultId, "Tiering"))[0]?.["errorDetails"] as Json[] | undefined)?.[0]?.["code"];
    expect(await code(big.vaultId)).toBe("UserErrorVaultTierDiskSizeNotSupported");
    expect(await code(des.vaultId)).toBe("UserErrorVaultTierEncryptedDiskNotSupported");
    expect(await code(norole.vaultId)).toBe("UserErrorMSIMissingPermissions");
    const points = (await listAll(e, `${big.bi}/recoveryPoints`)).items;
    expect(points.every((p) => !stores(p).includes("VaultStore"))).toBe(true);
    // The cluster's disks are readable where AKS puts them (the node resource group).
    const nodeRg = e.state.clusters.get(big.clusterId)!.nodeResourceGroup;
    const disks = obj(await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourceGroups/${nodeRg}/providers/Microsoft.Compute/disks?api-version=2024-03-02`));
    expect((disks["value"] as Json[]).map((d) => (d["properties"] as Json)["diskSizeGB"]).sort()).toEqual([128, 2048]);
  });

  it("copies vault points of a geo-redundant vault to the paired region after about 12 hours (fetchSecondaryRecoveryPoints, paged)", async () => {
    const e = emu.current;
    const s = await vaultTierInstance("geo", { geo: true });
    const fetch = async (query = ""): Promise<Json> => obj(await armRequest(e, "POST",
      `/subscriptions/${e.subscriptionId}/resourceGroups/${s.rg}/providers/Microsoft.DataProtection/locations/westus/fetchSecondaryRecoveryPoints?api-version=${api}${query}`,
      { body: { sourceRegion: "eastus", sourceBackupInstanceId: s.bi } }));
    // Just after the first backup of a day (01:00 UTC on this schedule): tiered 2 hours later, in the paired region 12 hours after that.
    const now = e.state.clock.now();
    const nextDay = Math.ceil((now - hour * 1000) / (24 * hour * 1000)) * 24 * hour * 1000 + hour * 1000;
    e.advanceTime((nextDay - now) / 1000 + 600);
    e.advanceTime(3 * hour);
    expect((await jobsOf(s.vaultId, "Tiering")).map((j) => j["status"])).toEqual(["Completed"]);
    expect((await fetch())["value"]).toEqual([]);
    e.advanceTime(12 * hour);
    const first = (await fetch())["value"] as Json[];
    expect(first).toHaveLength(1);
    expect(stores(first[0]!)).toEqual(["VaultStore"]);
    e.advanceTime(2 * 24 * hour);
    const page = await fetch();
    expect((page["value"] as Json[])).toHaveLength(2);
    expect(page["nextLink"]).toMatch(/skipToken=2/);
    const future = await fetch(`&$filter=${encodeURIComponent("startDate eq '2100-01-01T00:00:00Z'")}`);
    expect(future["value"]).toEqual([]);
  });

  it("refuses a vault-tier policy in a region without the vault tier (DppUserErrorVaultTierPolicyNotSupported)", async () => {
    const e = emu.current;
    const rg = e.addResourceGroup({ name: "rg-il", location: "israelcentral" });
    const vaultId = `${rg}/providers/Microsoft.DataProtection/backupVaults/v-il`;
    const v = await call(e, "PUT", vaultId, vaultBody("israelcentral"));
    if (v.status === 201) await finish(e, v);
    const res = await call(e, "PUT", `${vaultId}/backupPolicies/p`, vaultTierPolicy());
    expect([res.status, (obj(res)["error"] as Json)["code"]]).toEqual([400, "DppUserErrorVaultTierPolicyNotSupported"]);
  });
});

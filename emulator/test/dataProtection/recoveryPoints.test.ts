import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { armRequest } from "../support/replay.js";
import { specValidator } from "../support/specs.js";
import { api, call, obj, slowDurations } from "./dppFixtures.js";
import { backupNow, configured, job, listAll } from "./jobFixtures.js";

const emu = useEmulator({ durations: slowDurations, pageSize: 2 });
const v = (definition: string) => specValidator("Microsoft.DataProtection/2025-07-01/dataprotection.json", definition);
type Json = Record<string, unknown>;

describe("recovery points", () => {
  it("list (paged, newest first, $filter by date), get, 404 and findRestorableTimeRanges", async () => {
    const e = emu.current;
    const s = await configured(e, "points");
    const times: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await backupNow(e, s.bi);
      e.advanceTime(600);
      const rpId = (((await job(e, id))["extendedInfo"] as Json)["targetRecoverPoint"] as Json)["recoveryPointID"] as string;
      times.push(((obj(await call(e, "GET", `${s.bi}/recoveryPoints/${rpId}`))["properties"]) as Json)["recoveryPointTime"] as string);
    }
    // The CLI sends an empty $filter.
    const all = await listAll(e, `${s.bi}/recoveryPoints`, "&$filter=");
    expect(all.pages).toBeGreaterThanOrEqual(2);
    const listed = all.items.map((p) => (p["properties"] as Json)["recoveryPointTime"] as string);
    expect(listed.filter((t) => times.includes(t))).toEqual([...times].reverse());
    const p = all.items[0]!["properties"] as Json;
    expect(p).toMatchObject({ objectType: "AzureBackupDiscreteRecoveryPoint", recoveryPointType: "Incremental", retentionTagName: "default", policyName: "akspolicy" });
    expect((p["recoveryPointDataStoresDetails"] as Json[])[0]).toMatchObject({ type: "OperationalStore", state: "COMMITTED", visible: true });

    const filter = `startDate eq '${times[1]!}' and endDate eq '${times[1]!}'`;
    const one = await listAll(e, `${s.bi}/recoveryPoints`, `&$filter=${encodeURIComponent(filter)}`);
    expect(one.items.map((x) => (x["properties"] as Json)["recoveryPointTime"])).toEqual([times[1]]);
    const bad = await armRequest(e, "GET", `${s.bi}/recoveryPoints?api-version=${api}&$filter=${encodeURIComponent("time gt 1")}`);
    expect(bad.status).toBe(400);
    const missing = await call(e, "GET", `${s.bi}/recoveryPoints/${"f".repeat(32)}`);
    expect(missing.status).toBe(404);

    const ranges = await call(e, "POST", `${s.bi}/findRestorableTimeRanges`, { sourceDataStoreType: "OperationalStore", startTime: times[0], endTime: times[2] });
    expect(ranges.status).toBe(200);
    // A scheduled backup may fall inside the window (the policy's schedule is by time of day): keep ours.
    expect(((obj(ranges)["properties"] as Json)["restorableTimeRanges"] as Json[]).map((r) => r["startTime"]).filter((t) => times.includes(t as string))).toEqual(times);
    expect(v("AzureBackupFindRestorableTimeRangesResponseResource")(ranges.body)).toEqual([]);
  });

  it("jobs and recovery points validate against the 2025-07-01 spec", async () => {
    const e = emu.current;
    const s = await configured(e, "pointschema");
    // The validator is not vacuous.
    expect(v("AzureBackupJobResource")({ properties: { status: "Completed" } })).not.toEqual([]);
    e.setClusterConditions(s.clusterId, { snapshotLimitReached: true });
    const warned = await backupNow(e, s.bi);
    expect(v("AzureBackupJobResource")(obj(await call(e, "GET", warned)))).toEqual([]);
    e.advanceTime(190);
    const done = obj(await call(e, "GET", warned));
    expect((done["properties"] as Json)["status"]).toBe("CompletedWithWarnings");
    expect(v("AzureBackupJobResource")(done)).toEqual([]);
    e.setClusterResourceCount(s.clusterId, 5000);
    const failed = await backupNow(e, s.bi);
    e.advanceTime(190);
    const f = obj(await call(e, "GET", failed));
    expect((f["properties"] as Json)["status"]).toBe("Failed");
    expect(v("AzureBackupJobResource")(f)).toEqual([]);
    expect(v("AzureBackupJobResourceList")((await call(e, "GET", `${s.vaultId}/backupJobs`)).body)).toEqual([]);
    expect(v("AzureBackupRecoveryPointResourceList")((await call(e, "GET", `${s.bi}/recoveryPoints`)).body)).toEqual([]);
    const rp = (await listAll(e, `${s.bi}/recoveryPoints`)).items[0];
    expect(v("AzureBackupRecoveryPointResource")(obj(await call(e, "GET", rp!["id"] as string)))).toEqual([]);
  });
});

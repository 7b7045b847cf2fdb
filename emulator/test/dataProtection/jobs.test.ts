import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { armRequest } from "../support/replay.js";
import { call, obj, slowDurations } from "./dppFixtures.js";
import { adhocBody, backupNow, configured, job, jobIdOf, listAll, setExtensionMemory } from "./jobFixtures.js";

const emu = useEmulator({ durations: slowDurations, pageSize: 2 });
type Json = Record<string, unknown>;

function errorCode(body: unknown): string {
  return ((body as { error: { code: string } }).error).code;
}

describe("on-demand backup jobs", () => {
  it("POST backup: 202, an operation naming the job, then InProgress -> Completed with a recovery point", async () => {
    const e = emu.current;
    const s = await configured(e, "adhoc");
    const res = await call(e, "POST", `${s.bi}/backup`, adhocBody);
    expect(res.status).toBe(202);
    expect(res.body).toBeNull();
    expect(res.headers["azure-asyncoperation"]).toMatch(/\/backupVaults\/v-adhoc\/operationStatus\//);
    expect(res.headers["location"]).toMatch(/\/providers\/Microsoft\.DataProtection\/locations\/eastus\/operationResults\//);
    const jobId = await jobIdOf(e, res);
    expect(jobId).toMatch(new RegExp(`^${s.vaultId}/backupJobs/[0-9a-f-]{36}$`, "i"));
    expect(obj(await armRequest(e, "GET", res.headers["location"]!))).toEqual({ jobId, objectType: "OperationJobExtendedInfo" });

    const running = await job(e, jobId);
    expect(running).toMatchObject({ status: "InProgress", endTime: null, duration: "PT0S", operationCategory: "Backup", operation: "Backup", isUserTriggered: true, supportedActions: [""], dataSourceId: s.clusterId, policyName: "akspolicy", vaultName: "v-adhoc", errorDetails: null });
    const ext = running["extendedInfo"] as Json;
    expect(ext["subTasks"]).toEqual([{ taskId: 1, taskName: "Trigger Backup", taskStatus: "InProgress", taskProgress: null, additionalDetails: null }]);
    expect(ext["targetRecoverPoint"]).toBeNull();
    expect(ext["additionalDetails"]).toEqual({ RetentionTag: "Default" });

    e.advanceTime(190);
    const done = await job(e, jobId);
    expect(done["status"]).toBe("Completed");
    expect(done["endTime"]).toEqual(expect.any(String));
    expect(done["duration"]).toMatch(/^PT3M10(\.\d+)?S$/);
    const target = (done["extendedInfo"] as Json)["targetRecoverPoint"] as Json;
    expect(target["recoveryPointID"]).toMatch(/^[0-9a-f]{32}$/);
    const rp = obj(await call(e, "GET", `${s.bi}/recoveryPoints/${String(target["recoveryPointID"])}`));
    expect((rp["properties"] as Json)["objectType"]).toBe("AzureBackupDiscreteRecoveryPoint");
  });

  it("refuses a rule that is not a backup rule, a tag the rule lacks, and a stopped instance", async () => {
    const e = emu.current;
    const s = await configured(e, "adhocbad");
    const rule = await call(e, "POST", `${s.bi}/backup`, { backupRuleOptions: { ruleName: "Default", triggerOption: {} } });
    expect([rule.status, errorCode(rule.body)]).toEqual([400, "UserErrorBackupRuleNotFound"]);
    const tag = await call(e, "POST", `${s.bi}/backup`, { backupRuleOptions: { ruleName: "BackupHourly", triggerOption: { retentionTagOverride: "Vault" } } });
    expect([tag.status, errorCode(tag.body)]).toEqual([400, "UserErrorRetentionTagNotFound"]);
    // As recorded from the CLI: an empty triggerOption is accepted and retained as "default".
    const plain = await backupNow(e, s.bi, { backupRuleOptions: { ruleName: "BackupHourly", triggerOption: {} } });
    expect(((await job(e, plain))["extendedInfo"] as Json)["additionalDetails"]).toEqual({ RetentionTag: "default" });
    const stop = await call(e, "POST", `${s.bi}/stopProtection`);
    e.advanceTime(40);
    expect(stop.status).toBe(202);
    const stopped = await call(e, "POST", `${s.bi}/backup`, adhocBody);
    expect([stopped.status, errorCode(stopped.body)]).toEqual([400, "UserErrorInvalidOperationForCurrentState"]);
  });

  it("a cluster too big for the extension's memory fails with the OOM error; raising the limit fixes it", async () => {
    const e = emu.current;
    const s = await configured(e, "oom");
    e.setClusterResourceCount(s.clusterId, 1500); // needs ~1756Mi; the chart default is 1280Mi
    const failed = await backupNow(e, s.bi);
    e.advanceTime(190);
    const f = await job(e, failed);
    expect(f["status"]).toBe("Failed");
    const [err] = f["errorDetails"] as Json[];
    expect(err!["code"]).toBe("UserErrorBackupPluginPodRestartedDuringBackup");
    expect(String(err!["message"])).toMatch(/OOMKilled/);
    expect(String((err!["recommendedAction"] as string[])[0])).toMatch(/resources\.limits\.memory/);
    expect(((f["extendedInfo"] as Json)["targetRecoverPoint"])).toBeNull();
    expect((await listAll(e, `${s.bi}/recoveryPoints`)).items).toEqual([]);

    await setExtensionMemory(e, s.clusterId, "2Gi");
    const ok = await backupNow(e, s.bi);
    e.advanceTime(190);
    const done = await job(e, ok);
    expect(done["status"]).toBe("Completed");
    // The fixed backup made its recovery point (a scheduled backup, by time of day, may have made another).
    const made = ((done["extendedInfo"] as Json)["targetRecoverPoint"] as Json)["recoveryPointID"];
    expect((await listAll(e, `${s.bi}/recoveryPoints`)).items.map((p) => p["name"])).toContain(made);
  });

  it("configured cluster conditions give CompletedWithWarnings with warningDetails, and still a recovery point", async () => {
    const e = emu.current;
    const s = await configured(e, "warn");
    // The instance includes namespace "app" and "gone"; "gone" is missing.
    const bi2 = `${s.vaultId}/backupInstances/bi`;
    const body = s.instanceBody();
    const params = (((body["properties"] as Json)["policyInfo"] as Json)["policyParameters"] as Json)["backupDatasourceParametersList"] as Json[];
    params[0]!["includedNamespaces"] = ["app", "gone"];
    await call(e, "PUT", bi2, body);
    e.advanceTime(30);
    e.setClusterConditions(s.clusterId, { missingNamespaces: ["gone", "other"], pvcsWithoutStorageClass: ["app/data"], snapshotPolicyDisallowed: true });
    const id = await backupNow(e, s.bi);
    e.advanceTime(190);
    const p = await job(e, id);
    expect(p["status"]).toBe("CompletedWithWarnings");
    const warnings = (p["extendedInfo"] as Json)["warningDetails"] as Array<{ resourceName: string; warning: Json }>;
    expect(warnings.map((w) => [w.resourceName, w.warning["code"]])).toEqual([
      ["gone", "UserErrorNamespaceNotFound"],
      ["app/data", "UserErrorPVCHasNoVolumeOrStorageClass"],
      [s.snapshotRgId, "UserErrorDiskSnapshotNotAllowedByPolicy"],
    ]);
    expect((p["extendedInfo"] as Json)["targetRecoverPoint"]).not.toBeNull();
    e.setClusterConditions(s.clusterId, {});
    const clean = await backupNow(e, s.bi);
    e.advanceTime(190);
    expect((await job(e, clean))["status"]).toBe("Completed");
  });

  it("lists jobs in pages, oldest first, in the list shape; an unknown job is 404", async () => {
    const e = emu.current;
    const s = await configured(e, "paging");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await backupNow(e, s.bi));
      e.advanceTime(200);
    }
    const { items, pages } = await listAll(e, `${s.vaultId}/backupJobs`);
    expect(pages).toBeGreaterThanOrEqual(2);
    const mine = items.filter((j) => ids.includes(j["id"] as string));
    expect(mine.map((j) => j["id"])).toEqual(ids);
    const starts = items.map((j) => Date.parse((j["properties"] as Json)["startTime"] as string));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    for (const j of mine) {
      const p = j["properties"] as Json;
      expect(p["extendedInfo"]).toBeNull();
      expect(p["duration"]).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{7}$/);
    }
    const missing = await call(e, "GET", `${s.vaultId}/backupJobs/00000000-0000-0000-0000-000000000001`);
    expect([missing.status, errorCode(missing.body)]).toEqual([404, "UserErrorJobNotFound"]);
  });
});

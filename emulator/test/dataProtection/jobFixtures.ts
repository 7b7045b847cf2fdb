import type { ArmEmulator } from "../../src/index.js";
import { armRequest, type RawResponse } from "../support/replay.js";
import { api, call, finish, obj, seedAks, type AksLayout, type AksSetup, type Prerequisite } from "./dppFixtures.js";

type Json = Record<string, unknown>;

/** A seeded setup with a configured backup instance `bi`. */
export interface Configured extends AksSetup {
  /** Path of the backup instance. */
  bi: string;
}

/** Seeds an AKS setup and configures a backup instance on it (ProtectionConfigured). */
export async function configured(emu: ArmEmulator, name: string, omit: Prerequisite[] = [], layout: Partial<AksLayout> = {}, overrides: Json = {}): Promise<Configured> {
  const s = await seedAks(emu, name, omit, layout);
  const bi = `${s.vaultId}/backupInstances/bi`;
  const put = await call(emu, "PUT", bi, s.instanceBody(overrides));
  if (put.status !== 201) throw new Error(`BI PUT: ${put.status} ${JSON.stringify(put.body)}`);
  await finish(emu, put);
  emu.advanceTime(60);
  const state = ((obj(await call(emu, "GET", bi))["properties"]) as Json)["currentProtectionState"];
  if (state !== "ProtectionConfigured") throw new Error(`BI is ${String(state)}`);
  return { ...s, bi };
}

/** The adhoc backup body of CONTRACTS 5.5. */
export const adhocBody = { backupRuleOptions: { ruleName: "BackupHourly", triggerOption: { retentionTagOverride: "Default" } } };

/** Follows an action's operation to its end and returns the job id it names (full ARM id). */
export async function jobIdOf(emu: ArmEmulator, res: RawResponse): Promise<string> {
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status} ${JSON.stringify(res.body)}`);
  const done = await finish(emu, res);
  const jobId = (done["properties"] as Json | undefined)?.["jobId"];
  if (typeof jobId !== "string") throw new Error(`no jobId: ${JSON.stringify(done)}`);
  return jobId;
}

/** POST BI/backup and returns the job id. */
export async function backupNow(emu: ArmEmulator, bi: string, body: unknown = adhocBody): Promise<string> {
  return jobIdOf(emu, await call(emu, "POST", `${bi}/backup`, body));
}

/** `properties` of a job. */
export async function job(emu: ArmEmulator, jobId: string): Promise<Json> {
  return obj(await call(emu, "GET", jobId))["properties"] as Json;
}

/** Every item of a paged list, following nextLink. */
export async function listAll(emu: ArmEmulator, path: string, query = ""): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let res = await armRequest(emu, "GET", `${path}?api-version=${api}${query}`);
  let pages = 1;
  for (;;) {
    const body = obj(res);
    items.push(...(body["value"] as Json[]));
    if (typeof body["nextLink"] !== "string") return { items, pages };
    res = await armRequest(emu, "GET", body["nextLink"]);
    pages++;
  }
}

/** Sets the backup extension's memory limit through the real extension PATCH and lets it apply. */
export async function setExtensionMemory(emu: ArmEmulator, clusterId: string, limit: string): Promise<void> {
  const res = await call(emu, "PATCH", `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/azure-aks-backup`,
    { properties: { configurationSettings: { "resources.limits.memory": limit } } }, "2025-03-01");
  if (res.status !== 202) throw new Error(`extension PATCH: ${res.status} ${JSON.stringify(res.body)}`);
  emu.advanceTime(1);
}

/**
 * Moves time to `marginSeconds` after the next 4-hour slot of the test policy
 * (R/2024-01-01T09:00:00+00:00/PT4H: 01:00, 05:00, ... UTC), so that counts of scheduled
 * backups do not depend on the wall clock.
 */
export function alignToSlot(emu: ArmEmulator, marginSeconds = 600): void {
  const slot = 4 * 3600 * 1000;
  const origin = Date.parse("2024-01-01T09:00:00Z");
  const now = emu.state.clock.now();
  const next = origin + Math.ceil((now - origin) / slot) * slot;
  emu.advanceTime((next - now) / 1000 + marginSeconds);
}

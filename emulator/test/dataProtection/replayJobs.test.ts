import { describe, expect, it } from "vitest";
import type { ArmEmulator } from "../../src/index.js";
import { useEmulator } from "../support/emulator.js";
import { loadRecording, replayRecording } from "../support/replay.js";
import { call, vaultBody } from "./dppFixtures.js";

const sub = "00000000-0000-0000-0000-000000000000";
const recording = "test_dataprotection_job_list_and_show.json";
type Json = Record<string, unknown>;

/** `00:03:39.7214322` -> `PT3M39.7214322S`: the list's .NET TimeSpan back to the ISO form `Jobs_Get` answers. */
function isoFromTimeSpan(span: string): string {
  const [h, m, s] = span.split(":").map(Number) as [number, number, number];
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s}S`;
}

/** Stores a job as `Jobs_Get` would answer it, from a recorded list or Resource Graph item. */
function seedJob(emu: ArmEmulator, vaultId: string, item: Json): void {
  const raw = JSON.parse(JSON.stringify(item).replaceAll("centraluseuap", "eastus2euap")) as Json & { id: string; name: string; properties: Json };
  const p: Json = { ...raw.properties, duration: isoFromTimeSpan(String(raw.properties["duration"])) };
  p["extendedInfo"] ??= { backupInstanceState: null, dataTransferredInBytes: null, targetRecoverPoint: null, sourceRecoverPoint: null, recoveryDestination: null, subTasks: [], additionalDetails: null, warningDetails: null };
  emu.state.backupJobs.set({
    id: `${vaultId}/backupJobs/${raw.name}`, vaultId, backupInstanceId: String(p["backupInstanceId"]), startTime: Date.parse(String(p["startTime"])),
    body: { properties: p, id: raw.id, name: raw.name, type: "Microsoft.DataProtection/backupVaults/backupJobs" },
  });
}

describe("replay: list and show jobs", () => {
  const emu = useEmulator({ subscriptionId: sub, registeredProviders: ["Microsoft.DataProtection"] });
  it("answers the recorded list (oldest first, extendedInfo null, TimeSpan durations) and the recorded job", async () => {
    const e = emu.current;
    const { interactions } = loadRecording(recording);
    const vaultId = interactions[0]!.path;
    const vault = vaultId.slice(0, vaultId.lastIndexOf("/backupJobs"));
    e.addResourceGroup({ name: "clitest-dpp-rg", location: "eastus2euap" });
    expect((await call(e, "PUT", vault, vaultBody("eastus2euap"))).status).toBe(201);
    const id = e.state.backupVaults.get(vault)!.id;
    // The jobs that existed before the recording (seeded newest first: the list must sort them).
    const listed = (interactions[0]!.responseBody as { value: Json[] }).value;
    for (const item of [...listed].reverse()) seedJob(e, id, item);
    const shown = ((interactions[1]!.responseBody as { data: Json[] }).data).find((d) => d["name"] === interactions[2]!.path.split("/").pop());
    const report = await replayRecording(e, {
      recording,
      mapIds: { centraluseuap: "eastus2euap" },
      // As recorded: the service lists the jobs of the last weeks; the older job shown is found through Resource Graph.
      before: (_i, index) => {
        if (index === 2) seedJob(e, id, shown!);
      },
      skip: (i) => (i.path.includes("Microsoft.ResourceGraph") ? "Azure Resource Graph is not emulated"
        : i.path.endsWith("/fetchCrossRegionRestoreJobs") ? "cross-region restore jobs are not emulated" : undefined),
    });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.filter((s) => s.outcome === "sent").map((s) => s.status)).toEqual([200, 200]);
  });
});

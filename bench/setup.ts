import { AksBackup } from "aks-backup";
import { cliLikeSetup } from "./cliLike.js";
import { profileCriticalPath, stepDurations } from "./profile.js";
import { countRequests } from "./requests.js";
import { pollIntervalFor, seedCluster, withEmulator } from "./seed.js";
import type { BenchRow } from "./table.js";

/** What {@link setupRows} measured, besides its rows (printed as details). */
export interface SetupDetails {
  lines: string[];
}

/**
 * One setup on the realistic profile: wall time against the critical path of the profile's
 * durations (a fixed floor, not the run's own steps), the requests it sent (writes, reads,
 * polls), a second run's writes, and the same setup as a CLI-like script of the service
 * classes, one command after another.
 */
export async function setupRows(timeScale: number, details: string[] = []): Promise<BenchRow[]> {
  const realistic = { profile: "realistic" as const, timeScale };
  const pollIntervalInMs = pollIntervalFor(timeScale);
  // Warm-up on the instant profile: loads (and, under tsx, compiles) every module the setup
  // uses, so the measured run is the library's steady state (cold import is its own row).
  await withEmulator({ profile: "instant" }, async (emu) => {
    await new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs: 20 }).enableBackup(seedCluster(emu, "warm-up"));
    await cliLikeSetup(emu, seedCluster(emu, "warm-up-2"), 20);
  });
  const parallel = await withEmulator(realistic, async (emu) => {
    const aks = new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs });
    const request = seedCluster(emu, "bench-1");
    const from = emu.requests.length;
    const first = await aks.enableBackup(request);
    const firstCounts = countRequests(emu.requests.slice(from));
    const mark = emu.requests.length;
    const second = await aks.enableBackup(request);
    const secondCounts = countRequests(emu.requests.slice(mark));
    const durations = stepDurations(emu.state.options.durations);
    const profileMs = profileCriticalPath(first.steps.map((s) => ({ name: s.step, dependsOn: s.dependsOn })), durations) * timeScale;
    return { first, firstCounts, second, secondCounts, profileMs, durations };
  });
  const cliMs = await withEmulator(realistic, (emu) => cliLikeSetup(emu, seedCluster(emu, "bench-2"), pollIntervalInMs));
  const { first, firstCounts, secondCounts, profileMs, durations } = parallel;
  details.push(`enableBackup, realistic profile (1 simulated second = ${timeScale} ms): critical path ${first.criticalPath.steps.join(" -> ")}`);
  for (const s of [...first.steps].sort((a, b) => a.startedAtInMs - b.startedAtInMs)) {
    details.push(`  ${s.step.padEnd(22)} starts ${(s.startedAtInMs / timeScale).toFixed(0).padStart(4)} s, takes ${(s.durationInMs / timeScale).toFixed(0).padStart(4)} s (profile ${durations[s.step] ?? 0} s) ${s.wrote ? s.action : "no write"}`);
  }
  const total = firstCounts.writes + firstCounts.reads + firstCounts.polls;
  return [
    { metric: "setup: wall time / critical path of the profile's durations", value: first.wallTimeInMs / profileMs, floor: { op: "<=", limit: 1.05 } },
    { metric: "setup: ARM requests (writes + reads + polls)", value: total, floor: { op: "<=", limit: 100 }, unit: "req" },
    { metric: "setup: writes", value: firstCounts.writes, unit: "req" },
    { metric: "setup: reads", value: firstCounts.reads, unit: "req" },
    { metric: "setup: polls", value: firstCounts.polls, unit: "req" },
    { metric: "setup: wall time / CLI-like sequential run of the service classes", value: first.wallTimeInMs / cliMs, floor: { op: "<=", limit: 0.8 } },
    { metric: "second run: ARM writes", value: secondCounts.writes, floor: { op: "==", limit: 0 }, unit: "req" },
    { metric: "second run: reads + polls", value: secondCounts.reads + secondCounts.polls, unit: "req" },
  ];
}

/**
 * @summary Benchmarks of the setup against the ARM emulator's realistic profile. Prints ratios
 * measured in one run (not absolute times): parallel setup vs its critical path and vs running
 * its steps one after another; ARM requests per setup; writes of a second run; a fleet of 100
 * clusters under emulated subscription throttling against what the throttle allows.
 */
import { AksBackup, type EnableBackupRequest } from "aks-backup";
import { startArmEmulator, type ArmEmulator, type ArmEmulatorOptions } from "aks-backup-emulator";
import { countRequests } from "./requests.js";
import { profileCriticalPath, stepDurations } from "./profile.js";

const timeScale = Number(process.env["BENCH_TIME_SCALE"] ?? 20); // real ms per simulated second
const fleetSize = Number(process.env["BENCH_FLEET_SIZE"] ?? 100);
/** The library's default poll interval (2 s) in the emulator's simulated time. */
const pollMs = (scale: number): number => 2 * scale;
const line = (label: string, value: string, target = ""): void => console.log(`${label.padEnd(58)} ${value.padStart(10)}  ${target}`);

function seed(emu: ArmEmulator, name: string, shared?: { vaultId: string; snapshotResourceGroupId: string; storageAccountId: string }): EnableBackupRequest {
  const rg = `/subscriptions/${emu.subscriptionId}/resourceGroups`;
  const clusterId = emu.addCluster({ resourceGroup: `rg-${name}`, name, location: "westeurope" });
  return {
    clusterId,
    storageAccountId: shared?.storageAccountId ?? emu.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "westeurope" }),
    blobContainer: `backups-${name}`,
    vaultId: shared?.vaultId ?? `${rg}/rg-${name}/providers/Microsoft.DataProtection/backupVaults/vault-${name}`,
    snapshotResourceGroupId: shared?.snapshotResourceGroupId ?? `${rg}/rg-${name}-snapshots`,
  };
}

async function withEmulator<T>(options: ArmEmulatorOptions, run: (emu: ArmEmulator) => Promise<T>): Promise<T> {
  const emu = await startArmEmulator(options);
  try {
    return await run(emu);
  } finally {
    await emu.stop();
  }
}

async function singleCluster(): Promise<void> {
  const realistic: ArmEmulatorOptions = { profile: "realistic", timeScale };
  const parallel = await withEmulator(realistic, async (emu) => {
    const aks = new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs: pollMs(timeScale) });
    const request = seed(emu, "bench-1");
    const from = emu.requests.length;
    const first = await aks.enableBackup(request);
    const firstCounts = countRequests(emu.requests.slice(from));
    const mark = emu.requests.length;
    const second = await aks.enableBackup(request);
    const secondCounts = countRequests(emu.requests.slice(mark));
    const profileMs = profileCriticalPath(first.steps.map((s) => ({ name: s.step, dependsOn: s.dependsOn })), stepDurations(emu.state.options.durations)) * timeScale;
    return { first, firstCounts, second, secondCounts, profileMs, durations: emu.state.options.durations };
  });
  const serial = await withEmulator(realistic, async (emu) => {
    const aks = new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs: pollMs(timeScale) });
    return aks.enableBackup(seed(emu, "bench-2"), { concurrency: 1 });
  });
  const { first, firstCounts, second, secondCounts, profileMs, durations: emuDurations } = parallel;
  console.log(`\nenableBackup, realistic profile (1 simulated second = ${timeScale} ms)`);
  console.log(`  critical path: ${first.criticalPath.steps.join(" -> ")}`);
  const profile = stepDurations(emuDurations);
  for (const s of [...first.steps].sort((a, b) => a.startedAtMs - b.startedAtMs)) {
    console.log(`  ${s.step.padEnd(22)} starts ${(s.startedAtMs / timeScale).toFixed(0).padStart(4)} s, takes ${(s.durationMs / timeScale).toFixed(0).padStart(4)} s (profile ${profile[s.step] ?? 0} s) ${s.wrote ? s.action : "no write"}`);
  }
  line("wall time / critical path of the profile's durations", (first.wallTimeMs / profileMs).toFixed(3), "target <= 1.10");
  line("wall time / critical path of the measured steps", (first.wallTimeMs / first.criticalPath.durationMs).toFixed(3), "target <= 1.10");
  line("wall time / same steps one after another (measured run)", (first.wallTimeMs / serial.wallTimeMs).toFixed(3), "(lower is better)");
  line("wall time / sum of this run's step durations", (first.wallTimeMs / first.sumOfStepsMs).toFixed(3));
  line("ARM requests per setup: writes", String(firstCounts.writes));
  line("ARM requests per setup: reads", String(firstCounts.reads));
  line("ARM requests per setup: polls", String(firstCounts.polls));
  line("second run: write steps / ARM writes", `${second.writeSteps} / ${secondCounts.writes}`, "target 0");
  line("second run: ARM reads + polls", String(secondCounts.reads + secondCounts.polls));
}

async function fleet(): Promise<void> {
  const writesPerHour = 1200;
  const readsPerHour = 12000;
  const fleetScale = Math.max(1, Math.round(timeScale / 8));
  const options: ArmEmulatorOptions = { profile: "realistic", timeScale: fleetScale, throttle: { writesPerHour, readsPerHour } };
  await withEmulator(options, async (emu) => {
    const rg = `/subscriptions/${emu.subscriptionId}/resourceGroups`;
    const shared = {
      vaultId: `${rg}/rg-fleet/providers/Microsoft.DataProtection/backupVaults/vault-fleet`,
      snapshotResourceGroupId: `${rg}/rg-fleet-snapshots`,
      storageAccountId: emu.addStorageAccount({ resourceGroup: "rg-fleet", name: "safleet", location: "westeurope" }),
    };
    const requests = Array.from({ length: fleetSize }, (_, i) => seed(emu, `fleet-${i}`, shared));
    const aks = new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs: pollMs(fleetScale) });
    const simStart = emu.state.clock.now();
    const from = emu.requests.length;
    const doneAt: number[] = [];
    const results = await aks.enableBackupForFleet(requests, { clusterConcurrency: 40, onClusterDone: () => doneAt.push(emu.state.clock.now()) });
    const simMinutes = (emu.state.clock.now() - simStart) / 60_000;
    const counts = countRequests(emu.requests.slice(from));
    const failures = results.filter((r) => !r.ok);
    const perCluster = { writes: counts.writes / fleetSize, reads: (counts.reads + counts.polls) / fleetSize };
    const allowedPerMinute = Math.min(writesPerHour / perCluster.writes, readsPerHour / perCluster.reads) / 60;
    const achieved = (fleetSize - failures.length) / simMinutes;
    const throttledWrites = emu.requests.slice(from).filter((r) => r.status === 429 && r.method !== "GET").length;
    console.log(`\nfleet of ${fleetSize} clusters, throttle ${writesPerHour} writes/h and ${readsPerHour} reads/h per subscription (1 simulated second = ${fleetScale} ms)`);
    line("ARM writes / reads+polls per cluster", `${perCluster.writes.toFixed(1)} / ${perCluster.reads.toFixed(1)}`);
    line("429 answers ridden out (writes / reads)", `${throttledWrites} / ${counts.throttled - throttledWrites}`);
    line("clusters per simulated minute / what the throttle allows", (achieved / allowedPerMinute).toFixed(3), "target >= 0.90");
    line("slowest cluster done after (simulated minutes)", ((Math.max(...doneAt) - simStart) / 60_000).toFixed(1));
    line("failures", String(failures.length), "target 0");
    for (const f of failures.slice(0, 3)) console.log(`  ${f.clusterId}: ${f.ok ? "" : f.error.message}`);
  });
}

async function main(): Promise<void> {
  await singleCluster();
  if (fleetSize > 0) await fleet();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

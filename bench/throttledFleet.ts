import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { AksBackup } from "aks-backup";
import { countRequests } from "./requests.js";
import { pollIntervalFor, seedCluster, seedShared, withEmulator } from "./seed.js";
import type { BenchRow } from "./table.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (() => void) | undefined;

/**
 * A fleet under ARM's classic subscription limits (1,200 writes and 12,000 reads per hour, with
 * a small burst),
 * every cluster started at once: the share of requests answered 429 (the throttling policy
 * should pace below the limit instead of bouncing off it), failures, and the heap it took per
 * cluster (library and emulator together, peak over the run).
 */
export async function throttledFleetRows(size: number, timeScale: number, details: string[] = []): Promise<BenchRow[]> {
  const writesPerHour = 1200;
  const readsPerHour = 12_000;
  // A small burst (10 writes, 100 reads) so the limit binds from the first minutes.
  return withEmulator({ profile: "realistic", timeScale, throttle: { writesPerHour, readsPerHour, writeBurst: 10, readBurst: 100 } }, async (emu) => {
    const shared = seedShared(emu);
    const requests = Array.from({ length: size }, (_, i) => seedCluster(emu, `fleet-${i}`, shared));
    const aks = new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs: pollIntervalFor(timeScale) });
    gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 25);
    const from = emu.requests.length;
    const simStart = emu.state.clock.now();
    const results = await aks.enableBackupForFleet(requests, { clusterConcurrency: size });
    clearInterval(sampler);
    const log = emu.requests.slice(from);
    const counts = countRequests(log);
    const all = log.length;
    const failures = results.filter((r) => !r.ok);
    const simMinutes = (emu.state.clock.now() - simStart) / 60_000;
    details.push(`throttled fleet of ${size} (1 simulated second = ${timeScale} ms): ${simMinutes.toFixed(1)} simulated minutes, ${counts.writes} writes, ${counts.reads} reads, ${counts.polls} polls, ${counts.throttled} answers 429`);
    for (const f of failures.slice(0, 3)) details.push(`  failed: ${f.clusterId}: ${f.ok ? "" : f.error.message.slice(0, 200)}`);
    return [
      { metric: `throttled fleet (${size}): share of requests answered 429`, value: counts.throttled / all, floor: { op: "<=", limit: 0.05 } },
      { metric: `throttled fleet (${size}): failures`, value: failures.length, floor: { op: "==", limit: 0 } },
      { metric: `throttled fleet (${size}): requests per cluster`, value: (all - counts.throttled) / size, unit: "req" },
      { metric: `throttled fleet (${size}): peak heap per cluster`, value: (peak - baseline) / size / 1024 / 1024, floor: { op: "<=", limit: 1 }, unit: "MiB" },
    ];
  });
}

/**
 * @summary Fleet benchmark: throughput of `enableBackupForFleet` against one subscription's write
 * ceiling on the realistic profile, and the memory of a fleet of 1000 clusters across 4
 * subscriptions. Returns rows `{ measure, value, floor }` for `bench/run.ts`.
 *
 * - 60 clusters in one subscription throttled at 1,200 writes/h and 12,000 reads/h (the
 *   emulator's token buckets), sharing a vault, policy, storage container and snapshot group:
 *   clusters protected per simulated hour / the write ceiling (1,200 / 7 writes per cluster):
 *   >= 0.9; failures: 0.
 * - a fleet across 4 subscriptions (instant profile, no throttle: memory, not time, is
 *   measured): peak RSS and heap of the whole process, library AND emulator: < 1 GiB. By
 *   default 250 clusters: 1000 (BENCH_FLEET_LARGE=1000) take about 7.5 minutes on 2 shared
 *   cores, the library and the emulator sharing one event loop; measured once at 1000:
 *   397 MiB peak RSS, 232 MiB peak heap, 0 failures.
 *
 * Environment: BENCH_FLEET_SIZE (default 60), BENCH_FLEET_CONCURRENCY (default: the library's), BENCH_FLEET_TIME_SCALE (real ms per simulated
 * second, default 50: at 10 the real time of 40 concurrent setups on 2 shared cores
 * shows up as minutes of simulated time), BENCH_FLEET_LARGE (default 250; 0 skips), BENCH_FLEET_SUBSCRIPTIONS (4).
 */
import { AksBackup, type EnableBackupRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { pollIntervalFor, withEmulator } from "./seed.js";

/** One row: what was measured, its value, and the fixed floor it must meet. */
export interface FleetBenchRow {
  /** What is measured. */
  measure: string;
  /** The same, under the name `bench/table.ts` reads. */
  metric: string;
  /** The measured value. */
  value: number;
  /** The floor: `value` must be `op` `limit`. */
  floor: { op: "<=" | ">=" | "=="; limit: number };
  /** Unit of the value. */
  unit?: string;
}

const writesPerHour = 1200;
const readsPerHour = 12_000;
const writesPerCluster = 7;
const mib = 2 ** 20;

const row = (measure: string, value: number, op: FleetBenchRow["floor"]["op"], limit: number, unit?: string): FleetBenchRow =>
  ({ measure, metric: measure, value, floor: { op, limit }, ...(unit ? { unit } : {}) });

/** A fleet of `size` clusters in `subscriptionId`, sharing one vault, policy, storage container and snapshot group. */
function seedFleet(emu: ArmEmulator, subscriptionId: string, prefix: string, size: number): EnableBackupRequest[] {
  const rg = `/subscriptions/${subscriptionId}/resourceGroups`;
  const storageAccountId = emu.addStorageAccount({ subscriptionId, resourceGroup: `rg-${prefix}`, name: `sa${prefix.replace(/-/g, "")}`.slice(0, 24), location: "westeurope" });
  return Array.from({ length: size }, (_, i) => ({
    clusterId: emu.addCluster({ subscriptionId, resourceGroup: `rg-${prefix}-${i}`, name: `${prefix}-${i}`, location: "westeurope" }),
    storageAccountId,
    blobContainer: "fleet-backups",
    vaultId: `${rg}/rg-${prefix}-backup/providers/Microsoft.DataProtection/backupVaults/vault-${prefix}`,
    snapshotResourceGroupId: `${rg}/rg-${prefix}-snapshots`,
  }));
}

/** 60 clusters at one subscription's write ceiling, in simulated time. */
async function throughput(size: number, timeScale: number): Promise<FleetBenchRow[]> {
  return withEmulator({ profile: "realistic", timeScale, throttle: { writesPerHour, readsPerHour } }, async (emu) => {
    const requests = seedFleet(emu, emu.subscriptionId, "tp", size);
    const aks = new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs: pollIntervalFor(timeScale) });
    // Warm up: the clients load lazily; a cold import (about 2 s real) would count as minutes of simulated time.
    await aks.planBackup(requests[0]!);
    const simStart = emu.state.clock.now();
    const from = emu.requests.length;
    const concurrency = process.env["BENCH_FLEET_CONCURRENCY"];
    const results = await aks.enableBackupForFleet(requests, concurrency ? { clusterConcurrency: Number(concurrency) } : {});
    const simHours = (emu.state.clock.now() - simStart) / 3_600_000;
    const done = results.filter((r) => r.ok).length;
    const log = emu.requests.slice(from);
    const throttled = log.filter((r) => r.status === 429).length;
    const writes = log.filter((r) => r.method !== "GET" && r.status !== 429).length;
    const ceiling = writesPerHour / writesPerCluster;
    return [
      row(`${size} clusters, 1 subscription at ${writesPerHour} writes/h: clusters per simulated hour / write ceiling (${ceiling.toFixed(1)}/h)`, done / simHours / ceiling, ">=", 0.9),
      row(`${size} clusters: failures`, size - done, "==", 0),
      row(`${size} clusters: ARM writes per cluster (shared resources counted once)`, writes / size, "<=", writesPerCluster + 1),
      row(`${size} clusters: share of requests answered 429`, throttled / Math.max(1, log.length), "<=", 0.05),
      row(`${size} clusters: ARM reads and polls per cluster`, (log.length - writes - throttled) / size, "<=", 100),
    ];
  });
}

/** Peak memory of the process while `run` runs, sampled every 50 ms. */
async function peakMemory<T>(run: () => Promise<T>): Promise<{ result: T; rss: number; heap: number }> {
  let rss = process.memoryUsage.rss();
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage.rss());
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  }, 50);
  try {
    const result = await run();
    rss = Math.max(rss, process.memoryUsage.rss());
    return { result, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

/** A fleet across several subscriptions: memory of the whole process (library and emulator). */
async function memory(size: number, subscriptions: number): Promise<FleetBenchRow[]> {
  return withEmulator({ profile: "instant" }, async (emu) => {
    const subs = [emu.subscriptionId, ...Array.from({ length: subscriptions - 1 }, () => emu.addSubscription())];
    const per = Math.ceil(size / subs.length);
    const requests = subs.flatMap((sub, s) => seedFleet(emu, sub, `m${s}`, Math.min(per, size - s * per)));
    const aks = new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs: 5 });
    const { result, rss, heap } = await peakMemory(() => aks.enableBackupForFleet(requests));
    const failed = result.filter((r) => !r.ok).length;
    return [
      row(`${size} clusters, ${subs.length} subscriptions: peak RSS of library + emulator`, rss / mib, "<=", 1024, "MiB"),
      row(`${size} clusters: peak heap used`, heap / mib, "<=", 1024, "MiB"),
      row(`${size} clusters: failures`, failed, "==", 0),
    ];
  });
}

/** The fleet benchmark's rows: throughput against the write ceiling, failures, 429 share, memory. */
export async function fleetBenchRows(): Promise<FleetBenchRow[]> {
  const size = Number(process.env["BENCH_FLEET_SIZE"] ?? 60);
  const timeScale = Number(process.env["BENCH_FLEET_TIME_SCALE"] ?? 50);
  const large = Number(process.env["BENCH_FLEET_LARGE"] ?? 250);
  const subscriptions = Number(process.env["BENCH_FLEET_SUBSCRIPTIONS"] ?? 4);
  const rows = size > 0 ? await throughput(size, timeScale) : [];
  if (large > 0) rows.push(...await memory(large, subscriptions));
  return rows;
}

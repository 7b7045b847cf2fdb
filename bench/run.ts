/**
 * @summary Benchmarks of aks-backup against the ARM emulator, printed as one table of values
 * measured in this run against FIXED floors; exits non-zero when a floor is missed.
 *
 * - setup: wall time / the critical path of the realistic profile's durations (<= 1.05), ARM
 *   requests per setup (<= 100; writes, reads, polls), a CLI-like sequential run of the service
 *   classes, and a second run's writes (0);
 * - a throttled fleet: share of requests answered 429 (<= 5%), failures, heap per cluster;
 * - the rows of the other bench modules when present: `fleet.ts` (throughput against the write
 *   ceiling), `coldImport.ts`, `emulatorScale.ts`.
 *
 * Environment: BENCH_TIME_SCALE (real ms per simulated second for the setup, default 50),
 * BENCH_THROTTLED_FLEET (clusters, default 30; 0 skips), BENCH_FLEET_TIME_SCALE (default 20), BENCH_ONLY (comma-separated sections:
 * setup, throttled, fleet, coldImport, emulatorScale).
 */
import { coldImportRows } from "./coldImport.js";
import { emulatorScaleRows } from "./emulatorScale.js";
import { fleetBenchRows } from "./fleet.js";
import { setupRows } from "./setup.js";
import { throttledFleetRows } from "./throttledFleet.js";
import { normaliseRow, printTable, type BenchRow } from "./table.js";

// 50 ms per simulated second: the local cost of a request (a few ms) stays small next to the
// emulated 0.2 s latency, as it is against Azure; at 20 it adds ~5% to the setup.
const timeScale = Number(process.env["BENCH_TIME_SCALE"] ?? 50);
const throttledFleetSize = Number(process.env["BENCH_THROTTLED_FLEET"] ?? 30);
const only = process.env["BENCH_ONLY"]?.split(",").map((s) => s.trim());
const wanted = (section: string): boolean => !only || only.includes(section);

/** Rows of another bench module, prefixed with its section. */
async function rowsOf(section: string, run: () => Promise<readonly unknown[]>): Promise<BenchRow[]> {
  return (await run()).flatMap((r) => normaliseRow(r, section) ?? []);
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const details: string[] = [];
  const section = async (name: string, run: () => Promise<BenchRow[]>): Promise<void> => {
    if (!wanted(name)) return;
    const started = Date.now();
    try {
      rows.push(...await run());
    } catch (e) {
      // A section that cannot run is a failure, shown as a missed row.
      details.push(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      rows.push({ metric: `${name}: ran to the end`, value: 0, floor: { op: "==", limit: 1 } });
    }
    details.push(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  await section("setup", () => setupRows(timeScale, details));
  // 20 ms per simulated second: coarse enough that the CPU (library and emulator in one
  // process) keeps up with the simulated clock, so the throttle, not the CPU, bounds the fleet.
  if (throttledFleetSize > 0) await section("throttled", () => throttledFleetRows(throttledFleetSize, Number(process.env["BENCH_FLEET_TIME_SCALE"] ?? 20), details));
  await section("fleet", () => rowsOf("fleet", () => fleetBenchRows()));
  await section("coldImport", () => rowsOf("cold import", () => coldImportRows()));
  await section("emulatorScale", () => rowsOf("emulator", () => emulatorScaleRows()));
  for (const d of details) console.log(d);
  const missed = printTable(rows);
  if (missed.length > 0) {
    console.log(`\n${missed.length} floor(s) missed: ${missed.map((r) => r.metric).join("; ")}`);
    process.exitCode = 1;
  } else {
    console.log("\nevery floor met");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * One row of the benchmark table: a measured value and, when it is gated, the fixed floor it
 * must meet. Other bench modules (`fleet.ts`, `coldImport.ts`, `emulatorScale.ts`) return rows
 * of this shape; {@link normaliseRow} also accepts close variants (`name`/`label`, `target`).
 */
export interface BenchRow {
  /** What is measured, e.g. "setup: wall time / critical path of the profile". */
  metric: string;
  /** The measured value. */
  value: number;
  /** The fixed floor: `value` must be `<=` (or `>=`, `==`) `limit`. Omitted: informational. */
  floor?: { op: "<=" | ">=" | "=="; limit: number };
  /** Unit or short note shown next to the value, e.g. "requests", "MiB". */
  unit?: string;
}

type Loose = Record<string, unknown>;

function parseFloor(v: unknown): BenchRow["floor"] {
  if (v && typeof v === "object") {
    const o = v as Loose;
    const op = o["op"];
    const limit = o["limit"] ?? o["value"];
    if ((op === "<=" || op === ">=" || op === "==") && typeof limit === "number") return { op, limit };
  }
  if (typeof v === "string") {
    const m = /^\s*(<=|>=|==|=)\s*([\d.e+-]+)/.exec(v);
    if (m) return { op: m[1] === "=" ? "==" : (m[1] as "<=" | ">=" | "=="), limit: Number(m[2]) };
  }
  return undefined;
}

/** Accepts a row from another bench module in any close shape; undefined when it has no number. */
export function normaliseRow(raw: unknown, source: string): BenchRow | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const o = raw as Loose;
  const label = [o["metric"], o["name"], o["label"]].find((x): x is string => typeof x === "string") ?? "?";
  const metric = label;
  const value = typeof o["value"] === "number" ? o["value"] : Number(o["value"]);
  if (!Number.isFinite(value)) return undefined;
  const floor = parseFloor(o["floor"] ?? o["target"] ?? (o["max"] !== undefined ? { op: "<=", limit: o["max"] } : o["min"] !== undefined ? { op: ">=", limit: o["min"] } : undefined));
  const unit = typeof o["unit"] === "string" ? o["unit"] : undefined;
  return { metric: `${source}: ${metric}`, value, ...(floor ? { floor } : {}), ...(unit ? { unit } : {}) };
}

/** Whether a row meets its floor (rows without one always do). */
export function meetsFloor(row: BenchRow): boolean {
  if (!row.floor) return true;
  const { op, limit } = row.floor;
  return op === "<=" ? row.value <= limit : op === ">=" ? row.value >= limit : row.value === limit;
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}

/** Prints the rows as one table and returns the rows that miss their floor. */
export function printTable(rows: readonly BenchRow[]): BenchRow[] {
  const width = Math.max(40, ...rows.map((r) => r.metric.length));
  console.log(`\n${"metric".padEnd(width)}  ${"value".padStart(10)}  ${"floor".padEnd(10)}  result`);
  console.log(`${"-".repeat(width)}  ${"-".repeat(10)}  ${"-".repeat(10)}  ------`);
  const missed: BenchRow[] = [];
  for (const r of rows) {
    const ok = meetsFloor(r);
    if (!ok) missed.push(r);
    const floor = r.floor ? `${r.floor.op} ${formatValue(r.floor.limit)}` : "";
    const value = `${formatValue(r.value)}${r.unit ? ` ${r.unit}` : ""}`;
    console.log(`${r.metric.padEnd(width)}  ${value.padStart(10)}  ${floor.padEnd(10)}  ${r.floor ? (ok ? "ok" : "MISSED") : ""}`);
  }
  return missed;
}

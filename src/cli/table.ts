/** Plain text tables for the command's final reports. */

/** A table: a header row and rows of cells. */
export interface Table {
  /** Column titles. */
  head: string[];
  /** Rows, each as many cells as `head`. */
  rows: string[][];
}

/**
 * Renders a table with columns padded to their widest cell; the last column is not padded.
 * `maxWidth` (the terminal's width) trims the last column so that a row fits on one line.
 */
export function renderTable(table: Table, maxWidth = Number.POSITIVE_INFINITY): string {
  const all = [table.head, ...table.rows];
  const widths = table.head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const lines = all.map((r) => {
    const cells = r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)));
    const line = cells.join("  ").trimEnd();
    return line.length > maxWidth ? `${line.slice(0, Math.max(0, maxWidth - 1))}…` : line;
  });
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [lines[0]!, rule.length > maxWidth ? rule.slice(0, maxWidth) : rule, ...lines.slice(1)].join("\n");
}

/** Seconds with one decimal: "1.2 s". */
export function seconds(ms: number | undefined): string {
  return ms === undefined ? "" : `${(ms / 1000).toFixed(1)} s`;
}

/** The last segment of an ARM id (its name). */
export function nameOf(id: string | undefined): string {
  return id ? (id.replace(/\/+$/, "").split("/").at(-1) ?? id) : "";
}

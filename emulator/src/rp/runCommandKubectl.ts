/**
 * What a command sent through AKS run command prints. Guess: the emulator runs no real kubectl
 * (AKS starts a `command-<id>` pod that runs the command against the API server); it
 * interprets only `kubectl get namespaces` (`namespace`, `ns`), optionally with names and with
 * `-o name`, `-o json` or `-o jsonpath={.items[*].metadata.name}` (also `-o=...`, `-o...`,
 * `--output ...`, quoted or not), and `--no-headers` for the table. Anything else "runs" and
 * exits 1 with a kubectl-like error that says so.
 */

import { parse } from "shell-quote";

/** A namespace as the command sees it. */
export interface NamespaceView {
  name: string;
  labels: Record<string, string>;
}

/** What the command printed (stdout and stderr together, as AKS returns them) and its exit code. */
export interface CommandOutcome {
  exitCode: number;
  logs: string;
}

/**
 * Namespaces every AKS cluster has. Guess: always present in AKS (Kubernetes creates
 * `default`, `kube-system`, `kube-public` and `kube-node-lease` itself).
 */
export const builtInNamespaces: readonly string[] = ["default", "kube-node-lease", "kube-public", "kube-system"];

type Output = { kind: "table"; headers: boolean } | { kind: "name" } | { kind: "json" } | { kind: "jsonpath" };

interface GetNamespaces {
  names: string[];
  output: Output;
}

const namespaceResources = new Set(["namespaces", "namespace", "ns"]);
const namesJsonPath = ".items[*].metadata.name";

/** A line whose quotes are all closed: plain or escaped characters, '...' and "..." (with escapes). */
const balancedQuotes = /^(?:[^'"\\]|\\[\s\S]|'[^']*'|"(?:[^"\\]|\\[\s\S])*")*$/;

/**
 * The words of a command line as a POSIX shell splits them (quotes, escapes; shell-quote's
 * parser), or undefined when it holds anything but words (operators, comments). A glob stays
 * as written, as bash leaves a pattern that matches no file (the command pod has none to match).
 */
export function shellWords(command: string): string[] | undefined {
  // shell-quote closes an unterminated quote silently; a shell refuses the line.
  if (!balancedQuotes.test(command)) return undefined;
  const words: string[] = [];
  for (const token of parse(command)) {
    if (typeof token === "string") words.push(token);
    else if ("op" in token && token.op === "glob") words.push(token.pattern);
    else return undefined;
  }
  return words;
}

function parseOutput(value: string): Output | undefined {
  if (value === "name") return { kind: "name" };
  if (value === "json") return { kind: "json" };
  if (value === "wide") return { kind: "table", headers: true };
  const m = /^jsonpath=(.*)$/s.exec(value);
  if (!m) return undefined;
  // kubectl accepts the template with or without braces (a "relaxed" JSONPath).
  const template = m[1]!.trim().replace(/^\{(.*)\}$/s, "$1").trim();
  return template === namesJsonPath ? { kind: "jsonpath" } : undefined;
}

/** The `kubectl get namespaces` forms the emulator knows, or undefined for anything else. */
export function parseGetNamespaces(command: string): GetNamespaces | undefined {
  const words = shellWords(command.trim());
  if (!words || words[0] !== "kubectl" || words[1] !== "get" || !namespaceResources.has(words[2] ?? "")) return undefined;
  const names: string[] = [];
  let output: Output = { kind: "table", headers: true };
  let noHeaders = false;
  for (let i = 3; i < words.length; i++) {
    const w = words[i]!;
    let value: string | undefined;
    if (w === "-o" || w === "--output") value = words[++i];
    else if (w.startsWith("--output=")) value = w.slice("--output=".length);
    else if (w.startsWith("-o=")) value = w.slice(3);
    else if (w.startsWith("-o")) value = w.slice(2);
    else if (w === "--no-headers" || w === "--no-headers=true") {
      noHeaders = true;
      continue;
    } else if (!w.startsWith("-")) {
      names.push(w);
      continue;
    } else return undefined;
    const parsed = value === undefined ? undefined : parseOutput(value);
    if (!parsed) return undefined;
    output = parsed;
  }
  if (output.kind === "table") output = { kind: "table", headers: !noHeaders };
  return { names, output };
}

function namespaceObject(ns: NamespaceView): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    // Guess: the emulator keeps no creation times, uids or resource versions.
    metadata: { labels: { ...ns.labels, "kubernetes.io/metadata.name": ns.name }, name: ns.name },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}

function table(list: NamespaceView[], headers: boolean): string {
  const rows = list.map((ns) => [ns.name, "Active", "<unknown>"]);
  if (headers) rows.unshift(["NAME", "STATUS", "AGE"]);
  // kubectl's tabwriter: each column as wide as its widest cell, then 3 spaces.
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => `${r[0]!.padEnd(widths[0]! + 3)}${r[1]!.padEnd(widths[1]! + 3)}${r[2]!}\n`).join("");
}

function render(list: NamespaceView[], output: Output, single: boolean): string {
  switch (output.kind) {
    case "name":
      return list.map((ns) => `namespace/${ns.name}\n`).join("");
    case "jsonpath":
      // kubectl prints a JSONPath result with no trailing newline.
      return list.map((ns) => ns.name).join(" ");
    case "json": {
      // One named object prints as itself; anything else as a List (kubectl indents by 4).
      const doc = single && list.length === 1 ? namespaceObject(list[0]!) : { apiVersion: "v1", items: list.map(namespaceObject), kind: "List", metadata: { resourceVersion: "" } };
      return `${JSON.stringify(doc, null, 4)}\n`;
    }
    case "table":
      return list.length === 0 ? "" : table(list, output.headers);
  }
}

/** Guess: what a real cluster would print differs; this says plainly that the emulator cannot run it. */
const unsupported = (command: string): CommandOutcome => ({
  exitCode: 1,
  logs:
    `error: the ARM emulator cannot run this command: ${command}\n` +
    "note: the emulator runs no real kubectl; it runs only 'kubectl get namespaces' (or 'ns'), optionally with " +
    "namespace names and with -o name, -o json or -o jsonpath={.items[*].metadata.name}, and 'kubectl get configmap <name> -n <namespace> [-o name]'.\n",
});

/**
 * Runs a command against a cluster's namespaces (sorted by name, as the API server lists them).
 * Named namespaces that do not exist are reported as kubectl does, with exit code 1.
 */
export function runKubectl(command: string, namespaces: readonly NamespaceView[]): CommandOutcome {
  const parsed = parseGetNamespaces(command);
  if (!parsed) return unsupported(command);
  const all = [...namespaces].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (parsed.names.length === 0) {
    const logs = all.length === 0 && parsed.output.kind === "table" ? "No resources found\n" : render(all, parsed.output, false);
    return { exitCode: 0, logs };
  }
  const found = parsed.names.flatMap((n) => all.filter((ns) => ns.name === n));
  const missing = parsed.names.filter((n) => !all.some((ns) => ns.name === n));
  const out = found.length > 0 ? render(found, parsed.output, parsed.names.length === 1) : "";
  const errors = missing.map((n) => `Error from server (NotFound): namespaces "${n}" not found\n`).join("");
  return { exitCode: missing.length > 0 ? 1 : 0, logs: out + errors };
}

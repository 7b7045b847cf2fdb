/** A request's fields as kebab-case flags, and requests read from `--file`. */
import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { UsageError } from "./exitCodes.js";

/** One request field as a flag. */
export interface FieldFlag {
  /** Commander flags, e.g. "--cluster-id <id>" or "--included-namespaces <names...>". */
  flags: string;
  /** Help text. */
  description: string;
  /** Where the value goes in the request, e.g. ["vault", "storageRedundancy"]. */
  path: readonly string[];
  /** Allowed values, shown in the help and checked by commander. */
  choices?: readonly string[];
}

const idFlag = (name: string, field: string, what: string): FieldFlag => ({ flags: `--${name} <id>`, description: what, path: [field] });

/** Fields of `EnableBackupRequest` (plan, enable). Anything else goes in a `--file`. */
export const enableRequestFlags: readonly FieldFlag[] = [
  idFlag("cluster-id", "clusterId", "ARM id of the AKS cluster to protect"),
  idFlag("vault-id", "vaultId", "ARM id of the Backup vault (created in the cluster's region if missing)"),
  idFlag("storage-account-id", "storageAccountId", "ARM id of the storage account for backups (must exist)"),
  { flags: "--blob-container <name>", description: "blob container for backups (created if missing)", path: ["blobContainer"] },
  idFlag("snapshot-resource-group-id", "snapshotResourceGroupId", "ARM id of the resource group for disk snapshots (created if missing)"),
  idFlag("policy-id", "policyId", "ARM id of the backup policy (default: <vault>/backupPolicies/aks-backup-policy)"),
  { flags: "--policy-preset <name>", description: "preset of a policy created by the setup", path: ["policyPreset"], choices: ["every4Hours", "every6Hours", "every12Hours", "daily", "dailyWithVaultTier"] },
  { flags: "--backup-instance-name <name>", description: "backup instance name (default: derived from the cluster id)", path: ["backupInstanceName"] },
  { flags: "--storage-redundancy <kind>", description: "redundancy of a vault the setup creates", path: ["vault", "storageRedundancy"], choices: ["LocallyRedundant", "ZoneRedundant", "GeoRedundant"] },
  { flags: "--included-namespaces <names...>", description: "namespaces to back up (default: all)", path: ["backupConfiguration", "includedNamespaces"] },
  { flags: "--excluded-namespaces <names...>", description: "namespaces to leave out", path: ["backupConfiguration", "excludedNamespaces"] },
  { flags: "--label-selectors <selectors...>", description: "label selectors, e.g. app=web", path: ["backupConfiguration", "labelSelectors"] },
  { flags: "--extension-memory-limit <quantity>", description: "memory limit of the Backup Extension, e.g. 4400Mi", path: ["extensionResources", "limits", "memory"] },
  { flags: "--first-backup", description: "run an on-demand backup once protected, if there is no recovery point yet", path: ["firstBackup"] },
  { flags: "--move-extension-storage", description: "move an installed extension to this storage location (needs --confirm <extension name>)", path: ["moveExtensionStorage"] },
  { flags: "--confirm <names...>", description: "names of the resources this run may move or narrow (the plan shows them)", path: ["confirm"] },
];

/** Fields of `RestoreClusterRequest` (restore). */
export const restoreRequestFlags: readonly FieldFlag[] = [
  idFlag("backup-instance-id", "backupInstanceId", "ARM id of the backup instance to restore from"),
  { flags: "--recovery-point-id <name>", description: "recovery point (name or id; default: the latest)", path: ["recoveryPointId"] },
  idFlag("target-cluster-id", "targetClusterId", "ARM id of the cluster to restore to (default: the protected cluster)"),
  { flags: "--included-namespaces <names...>", description: "namespaces to restore (default: all)", path: ["includedNamespaces"] },
  { flags: "--excluded-namespaces <names...>", description: "namespaces to leave out", path: ["excludedNamespaces"] },
  { flags: "--label-selectors <selectors...>", description: "label selectors, e.g. app=web", path: ["labelSelectors"] },
  { flags: "--conflict-policy <policy>", description: "objects that exist in the target: Skip (default) or Patch", path: ["conflictPolicy"], choices: ["Skip", "Patch"] },
  idFlag("snapshot-resource-group-id", "snapshotResourceGroupId", "resource group of the target's disk snapshots (default: the instance's)"),
  { flags: "--source <tier>", description: "the tier to restore from", path: ["source"], choices: ["operational", "vault"] },
  { flags: "--from-secondary-region", description: "cross-region restore: from the vault tier of a geo-redundant vault, into a cluster in the paired region", path: ["fromSecondaryRegion"] },
  idFlag("staging-resource-group-id", "stagingResourceGroupId", "staging resource group of a vault-tier restore"),
  idFlag("staging-storage-account-id", "stagingStorageAccountId", "staging storage account of a vault-tier restore"),
  { flags: "--confirm <name>", description: "the target cluster's name, for --conflict-policy Patch where it overwrites what exists (--dry-run shows when)", path: ["confirm"] },
];

/** Commander's attribute name of a flag: "--cluster-id <id>" -> "clusterId". */
function attributeOf(flags: string): string {
  const long = /--([a-z0-9-]+)/.exec(flags)![1]!;
  return long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Adds the flags to a command. */
export function addFieldFlags(command: Command, specs: readonly FieldFlag[]): Command {
  for (const spec of specs) {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices) option.choices(spec.choices);
    command.addOption(option);
  }
  return command;
}

/** The request fields the flags given set (lists also split on commas), as a nested object. */
export function fieldsFromFlags(options: Record<string, unknown>, specs: readonly FieldFlag[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    let value = options[attributeOf(spec.flags)];
    if (value === undefined) continue;
    if (Array.isArray(value)) value = value.flatMap((v) => String(v).split(",")).filter((v) => v !== "");
    let node = out;
    spec.path.slice(0, -1).forEach((key) => {
      node = (node[key] ??= {}) as Record<string, unknown>;
    });
    node[spec.path.at(-1)!] = value;
  }
  return out;
}

/** Whether any of the flags was given. */
export function anyFieldFlag(options: Record<string, unknown>, specs: readonly FieldFlag[]): boolean {
  return Object.keys(fieldsFromFlags(options, specs)).length > 0;
}

/** Reads `--file`: one request (an object) or a fleet (an array of them). */
export async function readRequestFile(path: string): Promise<Record<string, unknown> | Array<Record<string, unknown>>> {
  let text: string;
  try {
    text = path === "-" ? await readStdin() : await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read the request file '${path}': ${(e as Error).message}`, "pass the path of a JSON file");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`The request file '${path}' is not JSON: ${(e as Error).message}`, "fix the file: one request object, or an array of them");
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(parsed)) return parsed;
  if (Array.isArray(parsed) && parsed.every(isObject)) return parsed;
  throw new UsageError(`The request file '${path}' holds neither a request nor a list of requests`, "write one request object, or an array of them");
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Deep merge of plain objects: `over` wins; arrays and other values replace. */
export function mergeFields(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const plain = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
    out[k] = plain(b) && plain(v) ? mergeFields(b, v) : v;
  }
  return out;
}

/**
 * The request(s) of a command: `--file` (one request, or a fleet) with the flags over it. Flags
 * with a fleet file are refused (say them in each request of the file).
 */
export async function requestsFrom(options: Record<string, unknown>, specs: readonly FieldFlag[]): Promise<Record<string, unknown> | Array<Record<string, unknown>>> {
  const flags = fieldsFromFlags(options, specs);
  const file = typeof options["file"] === "string" ? await readRequestFile(options["file"]) : {};
  if (Array.isArray(file)) {
    if (Object.keys(flags).length) throw new UsageError(`Request flags (${Object.keys(flags).join(", ")}) cannot go with a fleet file`, "put the fields in each request of the file");
    return file;
  }
  return mergeFields(file, flags);
}

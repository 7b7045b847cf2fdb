import { readFileSync, realpathSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ArmEmulator } from "./emulator.js";
import type { ArmEmulatorOptions } from "./options.js";
import { loadWorldFile, seedEmulator } from "./seed.js";
import { SeedError, type EmulatorWorld } from "./seedWorld.js";

const command = "aks-backup-emulator";
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The text of `aks-backup-emulator --help`. */
export const usage = `Usage: ${command} --connection-file <path> [options]

Runs the ARM emulator of aks-backup as an HTTPS server on 127.0.0.1 until SIGINT (Ctrl-C) or
SIGTERM, and writes what a client needs to reach it (endpoint, CA, bearer token, subscription,
tenant) to the connection file (JSON, mode 0600). The file is removed when the server stops.

Options:
  --connection-file <path>  where to write the connection file (required)
  --profile <name>          "instant" (default: every operation due at once) or "realistic"
                            (Azure-like durations, scaled by --time-scale)
  --time-scale <ms>         real milliseconds per simulated second (default: 10 for realistic,
                            1000 for instant)
  --port <n>                TCP port on 127.0.0.1 (default: 0, any free port)
  --subscription-id <guid>  the emulator's subscription (default: a random GUID)
  --tenant-id <guid>        the directory tenant (default: a random GUID)
  --seed <world.json>       resource groups, identities, storage accounts and clusters to start
                            with (format: the emulator's README, "Seed files")
  --version                 print the version
  --help                    print this help

Exit codes: 0 stopped by a signal, 1 the server failed, 2 bad arguments or seed file.

Example:
  ${command} --connection-file emu.json --seed examples/world.json &
  aks-backup discover --emulator emu.json
`;

/** What the command line asks for. */
export interface ServerArguments {
  /** Path of the connection file to write. */
  connectionFile: string;
  /** Options for `startArmEmulator`. */
  options: Pick<ArmEmulatorOptions, "profile" | "timeScale" | "port" | "subscriptionId" | "tenantId">;
  /** Path of the seed file, if any. */
  seed?: string;
}

/** A command line that cannot be run; the message says what is wrong. */
export class UsageError extends Error {
  /** @internal */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function number(value: string | undefined, flag: string, check: (n: number) => boolean, rule: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !check(n)) throw new UsageError(`${flag} must be ${rule}, not "${value}".`);
  return n;
}

/** Parses the command line (without `node` and the script): the arguments, or "help"/"version". */
export function parseServerArguments(argv: readonly string[]): ServerArguments | "help" | "version" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        "connection-file": { type: "string" },
        profile: { type: "string" },
        "time-scale": { type: "string" },
        port: { type: "string" },
        "subscription-id": { type: "string" },
        "tenant-id": { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return "help";
  if (v.version) return "version";
  const connectionFile = v["connection-file"];
  if (!connectionFile) throw new UsageError("--connection-file <path> is required.");
  const profile = v.profile;
  if (profile !== undefined && profile !== "instant" && profile !== "realistic") {
    throw new UsageError(`--profile must be "instant" or "realistic", not "${profile}".`);
  }
  const options: ServerArguments["options"] = {};
  if (profile) options.profile = profile;
  const timeScale = number(v["time-scale"], "--time-scale", (n) => Number.isFinite(n) && n > 0, "a number of milliseconds > 0");
  if (timeScale !== undefined) options.timeScale = timeScale;
  const port = number(v.port, "--port", (n) => Number.isInteger(n) && n >= 0 && n <= 65535, "a whole number from 0 to 65535");
  if (port !== undefined) options.port = port;
  for (const [flag, key] of [["subscription-id", "subscriptionId"], ["tenant-id", "tenantId"]] as const) {
    const value = v[flag];
    if (value === undefined) continue;
    if (!guid.test(value)) throw new UsageError(`--${flag} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), not "${value}".`);
    options[key] = value;
  }
  return { connectionFile, options, ...(v.seed ? { seed: v.seed } : {}) };
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function summary(world: EmulatorWorld): string {
  const kinds = [["resourceGroups", "resource group", "resource groups"], ["userAssignedIdentities", "identity", "identities"],
    ["storageAccounts", "storage account", "storage accounts"], ["clusters", "cluster", "clusters"]] as const;
  const parts = kinds.map(([key, one, many]) => {
    const n = world[key]?.length ?? 0;
    return `${n} ${n === 1 ? one : many}`;
  });
  return parts.join(", ");
}

/** Stops the server and removes the connection file if it is still this server's (same token). */
async function shutDown(emu: ArmEmulator, path: string): Promise<void> {
  await emu.stop();
  const current = await readFile(path, "utf8").then((text) => JSON.parse(text) as { token?: unknown }, () => undefined);
  if (current?.token === emu.connection.token) await rm(path, { force: true });
}

/**
 * Runs `aks-backup-emulator` with these arguments: serves until SIGINT or SIGTERM. Sets
 * `process.exitCode` (0 stopped by a signal, 1 the server failed, 2 bad arguments or seed).
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let args: ServerArguments;
  let world: EmulatorWorld | undefined;
  try {
    const parsed = parseServerArguments(argv);
    if (parsed === "help" || parsed === "version") {
      process.stdout.write(parsed === "help" ? usage : `${version()}\n`);
      process.exitCode = 0;
      return;
    }
    args = parsed;
    if (args.seed) world = await loadWorldFile(args.seed);
  } catch (e) {
    const message = e instanceof UsageError ? `${e.message}\nRun "${command} --help" for the options.`
      : e instanceof SeedError ? e.message : `cannot read the seed file: ${(e as Error).message}`;
    say(`${command}: ${message}`);
    process.exitCode = 2;
    return;
  }

  let emu: ArmEmulator;
  try {
    // Loaded here: `--help` and bad input answer without loading the server (TLS, every RP).
    const { startArmEmulator } = await import("./emulator.js");
    emu = await startArmEmulator(args.options);
  } catch (e) {
    say(`${command}: the server did not start: ${(e as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const path = resolve(args.connectionFile);
  let stopping = false;
  // A second signal while stopping gets Node's default: the process ends at once.
  const close = async (exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    try {
      await shutDown(emu, path);
      process.exitCode = exitCode;
    } catch (e) {
      say(`${command}: stopping failed: ${(e as Error).message}`);
      process.exitCode = 1;
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    say(`${command}: ${signal}, stopping.`);
    void close(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    if (world) await seedEmulator(emu, world);
    await emu.writeConnectionFile(path);
  } catch (e) {
    if (stopping) return;
    say(`${command}: ${e instanceof SeedError ? new SeedError(e.problems, args.seed).message : `cannot write the connection file: ${(e as Error).message}`}`);
    await close(e instanceof SeedError ? 2 : 1);
    return;
  }
  if (stopping) return;

  say(`${command} ${version()}: ARM emulator listening on ${emu.endpoint}`);
  say(`  profile ${emu.profile}, subscription ${emu.subscriptionId}, tenant ${emu.tenantId}`);
  if (world) say(`  seeded from ${args.seed ?? ""}: ${summary(world)}`);
  say(`  connection file: ${path} (aks-backup <command> --emulator ${args.connectionFile})`);
  say("Stop with Ctrl-C or SIGTERM.");
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();

/** How the command signs in: `DefaultAzureCredential` for Azure, or an emulator's connection file. */
import { readFile } from "node:fs/promises";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import type { AksBackup } from "../facade/aksBackup.js";
import type { AksBackupOptions } from "../facade/models.js";
import { UsageError } from "./exitCodes.js";

/** The connection flags every command takes. */
export interface ConnectionFlags {
  /** `--subscription`. */
  subscription?: string;
  /** `--emulator <connection-file>`. */
  emulator?: string;
  /** `--poll-interval <ms>`. */
  pollInterval?: number;
}

/** What an emulator's connection file holds (`writeConnectionFile` of `aks-backup-emulator`). */
interface EmulatorConnection {
  endpoint: string;
  ca: string;
  token: string;
  subscriptionId: string;
}

async function readConnectionFile(path: string): Promise<EmulatorConnection> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read the emulator connection file '${path}': ${(e as Error).message}`, "start the emulator with `npx aks-backup-emulator --connection-file <file>` and pass that file");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`The emulator connection file '${path}' is not JSON`, "pass the file the emulator wrote (writeConnectionFile)");
  }
  const c = parsed as Partial<Record<keyof EmulatorConnection, unknown>>;
  const missing = (["endpoint", "ca", "token", "subscriptionId"] as const).filter((k) => typeof c[k] !== "string" || !c[k]);
  if (missing.length) throw new UsageError(`The emulator connection file '${path}' lacks ${missing.join(", ")}`, "pass the file the emulator wrote (writeConnectionFile)");
  return { endpoint: String(c.endpoint), ca: String(c.ca), token: String(c.token), subscriptionId: String(c.subscriptionId) };
}

/** A credential that always returns the emulator's token. */
function staticToken(token: string): TokenCredential {
  return { getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: "Bearer" }) };
}

/** `DefaultAzureCredential` of `@azure/identity` (an optional peer dependency), loaded on first use. */
async function defaultAzureCredential(): Promise<TokenCredential> {
  let identity: { DefaultAzureCredential: new () => TokenCredential };
  try {
    identity = await import("@azure/identity");
  } catch {
    throw new UsageError("Signing in to Azure needs the package @azure/identity, which is not installed",
      "install it next to aks-backup (`npm install @azure/identity`), or pass --emulator <connection-file> to use an emulator");
  }
  return new identity.DefaultAzureCredential();
}

/** The subscription of the first ARM id that names one. */
function subscriptionOf(ids: ReadonlyArray<string | undefined>): string | undefined {
  for (const id of ids) {
    const m = id ? /^\/subscriptions\/([^/]+)/i.exec(id.trim()) : null;
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Builds the facade: on the emulator of `--emulator`, or on Azure with `DefaultAzureCredential`.
 * The default subscription is `--subscription`, else the emulator's (with `--emulator`), else
 * `AZURE_SUBSCRIPTION_ID`, else the one of the first id of the request. Nothing is sent here.
 */
export async function connect(flags: ConnectionFlags, ids: ReadonlyArray<string | undefined>): Promise<AksBackup> {
  const emulator = flags.emulator ? await readConnectionFile(flags.emulator) : undefined;
  const fromEnvironment = process.env["AZURE_SUBSCRIPTION_ID"] || undefined;
  const subscriptionId = flags.subscription ?? (emulator ? emulator.subscriptionId : fromEnvironment ?? subscriptionOf(ids));
  if (!subscriptionId) throw new UsageError("No subscription: the command names no resource id to take it from", "pass --subscription <id> or set AZURE_SUBSCRIPTION_ID");
  const options: AksBackupOptions = {
    ...(emulator ? { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.ca } } : {}),
    ...(flags.pollInterval !== undefined ? { pollIntervalInMs: flags.pollInterval } : {}),
  };
  const credential = emulator ? staticToken(emulator.token) : await defaultAzureCredential();
  // Loaded here, not at start: `--help` and usage errors answer without loading the Azure SDK.
  const { AksBackup: Facade } = await import("../facade/aksBackup.js");
  return new Facade(credential, subscriptionId, options);
}

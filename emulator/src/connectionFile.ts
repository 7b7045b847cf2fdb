import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * What a connection file holds: everything a process needs to talk to a running emulator.
 * `aks-backup --emulator <file>` reads it; so can any script (see the package README).
 */
export interface EmulatorConnection {
  /** The ARM base URL, `https://127.0.0.1:<port>`. */
  endpoint: string;
  /** PEM of the emulator's self-signed certificate (trust it as the only CA of `endpoint`). */
  ca: string;
  /** A bearer token the emulator accepts (send `Authorization: Bearer <token>`). */
  token: string;
  /** A subscription that exists in the emulator. */
  subscriptionId: string;
  /** The directory tenant of the emulator's identities. */
  tenantId: string;
}

/**
 * Writes `connection` as JSON to `path`, readable by its owner only (mode 0600: it holds a
 * token). The file is written beside `path` and renamed into place, so a process watching for
 * it never reads half a file.
 */
export async function writeConnectionFile(path: string, connection: EmulatorConnection): Promise<void> {
  const { endpoint, ca, token, subscriptionId, tenantId } = connection;
  const json = `${JSON.stringify({ endpoint, ca, token, subscriptionId, tenantId }, null, 2)}\n`;
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, json, { mode: 0o600, flag: "wx" });
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

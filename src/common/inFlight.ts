import { isRestError } from "@azure/core-rest-pipeline";
import { logger } from "./logger.js";

/** Error codes Azure answers a write with while another operation on the resource runs. */
const inFlightCodes = new Set(["conflict", "bmsusererrorobjectlocked", "anotheroperationinprogress", "operationnotallowed", "resourcebusy"]);
/** Words of those messages that say an operation is in flight (not a real conflict of settings). */
const inFlightWords = /creating|updating|deleting|in progress|inprogress|being (applied|updated|created)|locked|another operation/i;

/**
 * Whether a write failed only because another operation on the resource is in flight (another
 * caller's setup, e.g. `Conflict ... 'Creating'` or `BMSUserErrorObjectLocked`): waiting and
 * converging again is the fix. Looks through `cause` (our typed errors keep the `RestError`).
 */
export function isOperationInFlight(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const status = isRestError(e) ? e.statusCode : (e as { statusCode?: unknown }).statusCode;
    const text = (v: unknown): string => (typeof v === "string" ? v : "");
    const code = text((e as { code?: unknown }).code).toLowerCase();
    const message = isRestError(e) ? e.message : text((e as { serviceMessage?: unknown }).serviceMessage) || text((e as { message?: unknown }).message);
    if (status === 409 && (code === "bmsusererrorobjectlocked" || code === "anotheroperationinprogress" || (inFlightCodes.has(code) && inFlightWords.test(message)))) return true;
  }
  return false;
}

/** Attempts of {@link convergeWhileInFlight}: each waits for the other operation first. */
export const defaultConvergeAttempts = 5;

/**
 * Runs a converging write (`converge` reads the resource, waits while another operation on it
 * is in flight, then writes only what differs) and runs it again when the write lost a race
 * ({@link isOperationInFlight}), at most `attempts` times: two setups of one resource both
 * succeed and leave one resource.
 */
export async function convergeWhileInFlight<T>(what: string, converge: (attempt: number) => Promise<T>, attempts = defaultConvergeAttempts): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await converge(attempt);
    } catch (e) {
      if (attempt >= attempts || !isOperationInFlight(e)) throw e;
      logger.info(`${what}: another operation on the resource is in flight; waiting for it, then converging again (attempt ${attempt + 1} of ${attempts})`);
    }
  }
}

import type { AbortSignalLike } from "@azure/abort-controller";
import { delay } from "@azure/core-util";
import { isNotFound } from "./azureCalls.js";
import { logger } from "./logger.js";

/**
 * How long a resource (or operation) this library just wrote may read as 404 before the 404 is
 * believed: ARM reads are eventually consistent, so the read right after a write can miss it.
 */
export const notFoundGraceInMs = 30_000;

/**
 * Tracks a resource that was written and may not be visible yet: `stillWithinGrace()` is true
 * while it has read as missing for less than the grace window (since the first miss).
 */
export class NotFoundGrace {
  private firstMissAt: number | undefined;

  constructor(private readonly graceInMs = notFoundGraceInMs) {}

  /** Records a miss; true while the misses have lasted less than the grace window. */
  stillWithinGrace(): boolean {
    this.firstMissAt ??= Date.now();
    return Date.now() - this.firstMissAt < this.graceInMs;
  }

  /** Records that the resource was found (a later miss starts a new window). */
  found(): void {
    this.firstMissAt = undefined;
  }
}

/**
 * Runs a read of something just written, retrying a 404 every `intervalInMs` within the grace
 * window; other errors, and a 404 past the window, are thrown as they are.
 */
export async function readAfterWrite<T>(what: string, read: () => Promise<T>, intervalInMs: number, abortSignal?: AbortSignalLike, graceInMs = notFoundGraceInMs): Promise<T> {
  const grace = new NotFoundGrace(graceInMs);
  for (;;) {
    try {
      return await read();
    } catch (e) {
      if (!isNotFound(e) || !grace.stillWithinGrace()) throw e;
      logger.info(`${what}: not found right after the write; reading again in ${intervalInMs} ms (ARM is eventually consistent)`);
      await delay(intervalInMs, { abortSignal, abortErrorMsg: `${what} was aborted.` });
    }
  }
}

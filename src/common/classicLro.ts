import { isRestError } from "@azure/core-rest-pipeline";
import { callAzure } from "./azureCalls.js";
import { logger } from "./logger.js";

/**
 * Sends the initial request of a classic SDK long-running operation (`begin*`) and leaves the
 * wait to the caller's own poller, which reads the resource's real state.
 *
 * The classic pollers poll once before returning, and when the operation has already failed
 * they throw a bare `Error` that keeps only a message. That error is dropped here on purpose:
 * the caller's check reads the resource and reports the service's full error (code, message,
 * details). HTTP errors of the initial request still throw, as {@link callAzure} shapes them.
 */
export async function startClassicLro(what: string, begin: () => Promise<unknown>, fix?: Parameters<typeof callAzure>[2]): Promise<void> {
  try {
    await callAzure(what, begin, fix);
  } catch (e) {
    if (e instanceof Error && !isRestError(e) && e.name === "Error" && e.message.startsWith("The long-running operation has failed")) {
      logger.verbose(`${what}: the operation already failed; its error is read from the resource`);
      return;
    }
    throw e;
  }
}

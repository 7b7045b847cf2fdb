import { isRestError, type RestError } from "@azure/core-rest-pipeline";
import { AzureRequestError } from "../errors.js";

/**
 * Runs an Azure call and turns a `RestError` into an {@link AzureRequestError} that says what
 * failed; other errors (abort, our own errors) pass through unchanged.
 */
export async function callAzure<T>(what: string, call: () => Promise<T>, fix?: (e: RestError) => string | undefined): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isRestError(e)) throw new AzureRequestError(what, e, fix?.(e));
    throw e;
  }
}

/** Whether `e` is a RestError with HTTP 404 (e.g. to map a missing resource to `undefined`). */
export function isNotFound(e: unknown): boolean {
  return isRestError(e) && e.statusCode === 404;
}

/** Runs a read; a 404 gives undefined, other failures an {@link AzureRequestError} saying `what` failed. */
export async function readOrUndefined<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (isNotFound(e) || (e instanceof AzureRequestError && e.statusCode === 404)) return undefined;
    if (isRestError(e)) throw new AzureRequestError(what, e);
    throw e;
  }
}

import { AzureRequestError, callAzure } from "../common/errors.js";

/** Runs a read; a 404 gives undefined, other failures an `AzureRequestError` saying `what` failed. */
export async function readOrUndefined<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await callAzure(what, call);
  } catch (e) {
    if (e instanceof AzureRequestError && e.statusCode === 404) return undefined;
    throw e;
  }
}

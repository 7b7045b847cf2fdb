/** The one confirmation check: destructive or narrowing actions need `confirm` = the resource's name. */
import { ConfirmationRequiredError } from "../../errors.js";

/**
 * Throws {@link ConfirmationRequiredError} unless `given` equals `expected` (the affected
 * resource's name; compared exactly). Call it before the write it guards.
 * @param action - what would happen, e.g. "deleting the Backup Extension".
 * @param resource - the affected resource's id.
 * @param expected - its name.
 * @param given - the caller's `confirm`.
 */
export function requireConfirmation(action: string, resource: string, expected: string, given: unknown): void {
  if (given !== expected) throw new ConfirmationRequiredError(action, resource, expected, given);
}

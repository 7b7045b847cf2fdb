import { delay } from "@azure/core-util";
import { OperationFailedError } from "../errors.js";
import type { StepContext } from "./stepGraph.js";

/**
 * Service codes of a validation that mean "a grant or a Trusted Access binding made just now is
 * not visible yet": setup and restore validate again until their propagation timeout.
 */
const propagationCodes = new Set([
  "UserErrorMissingRequiredPermissions",
  "UserErrorTrustedAccessGatewayReturnedForbidden",
  "UserErrorExtensionMSIMissingPermissionsOnBackupStorageLocation",
  "UserErrorMSIMissingPermissions",
  "KubernetesBackupListExtensionsError",
]);

/** How long setup and restore wait for grants and bindings to propagate, by default. */
export const defaultPropagationTimeoutInMs = 10 * 60_000;

/** The first wait before validating again, and its cap (it doubles in between). */
export const propagationRetry = { firstInMs: 1000, maxInMs: 30_000 } as const;

/**
 * After a failed validation: waits `waitInMs` (reported on the step) when the failure is a
 * propagation delay and the deadline allows it; otherwise throws the failure.
 */
export async function waitOutPropagation(ctx: StepContext, failure: unknown, waitInMs: number, deadline: number, attempt: number): Promise<void> {
  if (!(failure instanceof OperationFailedError && propagationCodes.has(failure.code)) || Date.now() + waitInMs > deadline) throw failure;
  ctx.waiting(`permissions to propagate (${failure.code}); validating again in ${waitInMs} ms (attempt ${attempt})`);
  await delay(waitInMs, { abortSignal: ctx.abortSignal });
}

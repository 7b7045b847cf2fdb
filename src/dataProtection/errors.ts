import { OperationFailedError, type ServiceErrorDetail } from "../common/errors.js";
import type { ErrorAdditionalInfo, ErrorModel, UserFacingError } from "./models.js";

/**
 * A DataProtection long-running operation (or the resource it changed) ended in failure. Keeps
 * what the core pollers drop: the service's `code`, `message`, `details`, `additionalInfo` and
 * the `UserFacingError` DataProtection puts in it (with its recommended actions).
 * `name` stays "OperationFailedError", and it is an {@link OperationFailedError}.
 */
export class DataProtectionOperationError extends OperationFailedError {
  /** The error's `additionalInfo`, as the service sent it. */
  readonly additionalInfo: ErrorAdditionalInfo[];
  /** The `UserFacingError` of `additionalInfo` (or a protection error), if any. */
  readonly userFacingError: UserFacingError | undefined;
  /** What the service recommends doing. */
  readonly recommendedActions: string[];

  /**
   * @param what - what failed, e.g. "Creating backup instance bi1".
   * @param resourceId - the resource the operation was on.
   * @param error - the service's error.
   */
  constructor(what: string, resourceId: string, error: ErrorModel | UserFacingError) {
    const additionalInfo = "additionalInfo" in error && Array.isArray(error.additionalInfo) ? error.additionalInfo : [];
    const userFacing = (additionalInfo.find((a) => a.type === "UserFacingError")?.info as UserFacingError | undefined) ??
      ("recommendedAction" in error || "isUserError" in error ? error : undefined);
    const recommendedActions = userFacing?.recommendedAction ?? [];
    super(what, resourceId, toDetail(error), recommendedActions.length > 0 ? recommendedActions.join(" ") : undefined);
    this.additionalInfo = additionalInfo;
    this.userFacingError = userFacing;
    this.recommendedActions = recommendedActions;
  }
}

function toDetail(error: ErrorModel | UserFacingError): ServiceErrorDetail {
  return {
    code: error.code ?? "Unknown",
    message: error.message ?? "The service gave no message.",
    ...(error.target ? { target: error.target } : {}),
    ...(error.details && error.details.length > 0 ? { details: error.details.map(toDetail) } : {}),
  };
}

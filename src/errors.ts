/**
 * Every error class aks-backup throws on purpose, in one module. Each has a name constant in
 * {@link errorNames} (compare `error.name`, which survives package copies and serialisation).
 */
import type { RestError } from "@azure/core-rest-pipeline";
import type { ErrorAdditionalInfo, ErrorModel, UserFacingError } from "./dataProtection/models.js";
import type { JobInfo } from "./backup/jobs/models.js";
import type { PreflightProblem } from "./facade/models.js";
import type { StepResult } from "./facade/progress.js";
import { remedyFor } from "./common/remedies.js";


/** Names of the error classes, for `error.name` checks across package copies. */
export const errorNames = {
  /** Name of {@link InputValidationError}. */
  InputValidationError: "InputValidationError",
  /** Name of {@link AzureRequestError}. */
  AzureRequestError: "AzureRequestError",
  /** Name of {@link OperationFailedError}. */
  OperationFailedError: "OperationFailedError",
  /** Name of {@link WaitTimeoutError}. */
  WaitTimeoutError: "WaitTimeoutError",
} as const;

/** Base class of every error this library throws on purpose. */
export class AksBackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AksBackupError";
  }
}

/**
 * Input that would make a wrong or failing call to Azure. Thrown before any request.
 * `parameter` names the argument (e.g. "clusterId", "resources.limits.memory").
 */
export class InputValidationError extends AksBackupError {
  /** The argument at fault, e.g. "clusterId" or "resources.limits.memory". */
  readonly parameter: string;
  /** What is wrong with it. */
  readonly problem: string;
  /** What to do instead. */
  readonly fix: string;

  constructor(parameter: string, problem: string, fix: string) {
    super(`Invalid ${parameter}: ${problem}. To fix: ${fix}`);
    this.name = errorNames.InputValidationError;
    this.parameter = parameter;
    this.problem = problem;
    this.fix = fix;
  }
}

/**
 * Azure refused a request. `cause` is the original `RestError` (its request and response are
 * non-enumerable, so they stay out of logs); `code`, `statusCode` and `correlationId` are copied
 * here for callers and support tickets.
 */
export class AzureRequestError extends AksBackupError {
  /** ARM error code, e.g. "AuthorizationFailed"; "Unknown" when the response had none. */
  readonly code: string;
  /** HTTP status of the failed response. */
  readonly statusCode: number | undefined;
  /** `x-ms-correlation-request-id` of the failed request, for Azure support. */
  readonly correlationId: string | undefined;
  /** The service's own message. */
  readonly serviceMessage: string;

  constructor(what: string, cause: RestError, fix?: string) {
    const code = cause.code ?? "Unknown";
    const serviceMessage = cause.message;
    const remedy = fix ?? remedyFor(code, cause.statusCode);
    super(`${what} failed (${code}: ${serviceMessage}).${remedy ? ` To fix: ${remedy}` : ""}`, { cause });
    this.name = errorNames.AzureRequestError;
    this.code = code;
    this.statusCode = cause.statusCode;
    this.serviceMessage = serviceMessage;
    this.correlationId = cause.response?.headers.get("x-ms-correlation-request-id") ?? undefined;
  }
}

/** An ARM error detail, as operations and resources report it. */
export interface ServiceErrorDetail {
  /** The service's error code, e.g. "UserErrorMissingRequiredPermissions". */
  code: string;
  /** The service's message. */
  message: string;
  /** What the error is about, when the service says. */
  target?: string;
  /** Nested errors. */
  details?: ServiceErrorDetail[];
}

/**
 * A long-running operation, or a resource's provisioning, ended in failure. Unlike the core
 * pollers, which keep only a message, this keeps the service's code, message and details.
 */
export class OperationFailedError extends AksBackupError {
  /** The service's error code. */
  readonly code: string;
  /** The service's message. */
  readonly serviceMessage: string;
  /** Nested errors the service gave. */
  readonly details: ServiceErrorDetail[];
  /** The resource the operation was on. */
  readonly resourceId: string;

  constructor(what: string, resourceId: string, error: ServiceErrorDetail, fix?: string) {
    const remedy = fix ?? remedyFor(error.code, undefined);
    super(`${what} failed (${error.code}: ${error.message}).${remedy ? ` To fix: ${remedy}` : ""}`);
    this.name = errorNames.OperationFailedError;
    this.resourceId = resourceId;
    this.code = error.code;
    this.serviceMessage = error.message;
    this.details = error.details ?? [];
  }
}

/** A wait ran past its `timeoutInMs`. The operation itself goes on in Azure. */
export class WaitTimeoutError extends AksBackupError {
  /** What the wait was for. */
  readonly waitedFor: string;
  /** The limit that was reached. */
  readonly timeoutInMs: number;
  /** The last status the service reported. */
  readonly lastStatus: string | undefined;

  constructor(waitedFor: string, timeoutInMs: number, lastStatus: string | undefined) {
    super(
      `Timed out after ${timeoutInMs} ms waiting for ${waitedFor}` +
        `${lastStatus ? ` (last status: ${lastStatus})` : ""}. The operation goes on in Azure. ` +
        "To fix: wait again (the call is idempotent) or raise timeoutInMs.",
    );
    this.name = errorNames.WaitTimeoutError;
    this.waitedFor = waitedFor;
    this.timeoutInMs = timeoutInMs;
    this.lastStatus = lastStatus;
  }
}



/**
 * The operation is not valid in the backup instance's current protection state (e.g. resuming
 * an instance that is protected). Thrown before any write.
 */
export class InvalidStateError extends AksBackupError {
  /**
   * @param action - what was asked, e.g. "resumeProtection".
   * @param backupInstanceId - the instance.
   * @param currentState - its `currentProtectionState`.
   * @param allowedStates - the states the action is valid in.
   * @param fix - what to do instead.
   */
  constructor(
    readonly action: string,
    readonly backupInstanceId: string,
    readonly currentState: string,
    readonly allowedStates: readonly string[],
    fix: string,
  ) {
    super(`Cannot ${action} backup instance '${backupInstanceId}': it is ${currentState}, and ${action} needs ${allowedStates.join(" or ")}. To fix: ${fix}`);
    this.name = "InvalidStateError";
  }
}


/** The setup cannot start: every problem found before any write, each with what to do. */
export class PreflightError extends AksBackupError {
  /** Every problem found. */
  readonly problems: readonly PreflightProblem[];

  constructor(problems: readonly PreflightProblem[]) {
    super(`Backup cannot be enabled; nothing was changed. ${problems.length} problem(s):\n` +
      problems.map((p, i) => `  ${i + 1}. ${p.subject}: ${p.problem}. To fix: ${p.fix}`).join("\n"));
    this.name = "PreflightError";
    this.problems = problems;
  }
}

/**
 * A setup step failed. Names the step, keeps the cause (an `AzureRequestError`,
 * `OperationFailedError`, ...) and lists what had completed, so a caller can report it and run
 * the setup again (every step is idempotent).
 */
export class SetupStepError extends AksBackupError {
  /** The step that failed, e.g. "extension". */
  readonly step: string;
  /** The steps that had completed, with what they did. */
  readonly completed: readonly StepResult[];

  constructor(step: string, completed: readonly StepResult[], cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Setup step '${step}' failed: ${reason}${completed.length ? ` (completed: ${completed.map((c) => c.step).join(", ")})` : ""}. ` +
        "Running the setup again resumes from here: completed steps make no write.",
      { cause },
    );
    this.name = "SetupStepError";
    this.step = step;
    this.completed = completed;
  }
}

/** A job ended Failed or Cancelled (thrown by `waitForJob` with `throwOnFailure`). */
export class JobFailedError extends AksBackupError {
  /** The job as it ended. */
  readonly job: JobInfo;

  /** @param job - the job that failed. */
  constructor(job: JobInfo) {
    super(job.summary);
    this.name = "JobFailedError";
    this.job = job;
  }
}


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

import { isRestError, type RestError } from "@azure/core-rest-pipeline";
import { remedyFor } from "./remedies.js";

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

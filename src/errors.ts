/**
 * Every error class aks-backup throws on purpose, in one module. Each has a name constant in
 * {@link errorNames} (compare `error.name`, which survives package copies and serialisation).
 */
import { isRestError, type RestError } from "@azure/core-rest-pipeline";
import type { ErrorAdditionalInfo, ErrorModel, UserFacingError } from "./dataProtection/models.js";
import type { JobInfo } from "./backup/jobs/models.js";
import type { PreflightProblem } from "./facade/models.js";
import type { StepResult } from "./facade/progress.js";
import { remedyFor } from "./common/remedies.js";
import { logger } from "./common/logger.js";


/** Names of the error classes, for `error.name` checks across package copies. */
export const errorNames = {
  /** Name of {@link AksBackupError}. */
  AksBackupError: "AksBackupError",
  /** Name of {@link InputValidationError}. */
  InputValidationError: "InputValidationError",
  /** Name of {@link ConfirmationRequiredError}. */
  ConfirmationRequiredError: "ConfirmationRequiredError",
  /** Name of {@link ResourceNotFoundError}. */
  ResourceNotFoundError: "ResourceNotFoundError",
  /** Name of {@link PrerequisiteError}. */
  PrerequisiteError: "PrerequisiteError",
  /** Name of {@link AzureRequestError}. */
  AzureRequestError: "AzureRequestError",
  /** Name of {@link OperationFailedError}. */
  OperationFailedError: "OperationFailedError",
  /** Name of {@link WaitTimeoutError}. */
  WaitTimeoutError: "WaitTimeoutError",
  /** Name of {@link ThrottledError}. */
  ThrottledError: "ThrottledError",
  /** Name of {@link InvalidStateError}. */
  InvalidStateError: "InvalidStateError",
  /** Name of {@link PreflightError}. */
  PreflightError: "PreflightError",
  /** Name of {@link SetupStepError}. */
  SetupStepError: "SetupStepError",
  /** Name of {@link SetupAbortedError}: "AbortError", as every aborted Azure SDK call. */
  SetupAbortedError: "AbortError",
  /** Name of {@link JobFailedError}. */
  JobFailedError: "JobFailedError",
  /** Name of {@link AggregateAksBackupError}. */
  AggregateAksBackupError: "AggregateAksBackupError",
  /** Name of {@link DataProtectionOperationError}: it is an {@link OperationFailedError} and keeps that name. */
  DataProtectionOperationError: "OperationFailedError",
  /** Name of {@link ResourceGuardError}. */
  ResourceGuardError: "ResourceGuardError",
} as const;

/** Options every error of this library takes. */
export interface AksBackupErrorOptions {
  /** The error that caused this one (e.g. Azure's `RestError`). */
  cause?: unknown;
  /** What to do about it. */
  remedy?: string | undefined;
  /** Log at `verbose` instead of `warning` (for failures a caller commonly expects, such as a 404 read). */
  quiet?: boolean;
}

/**
 * Base class of every error this library throws on purpose. `remedy` says what to do (also the
 * message's "To fix:" part); each error is logged once at `warning` through `@azure/logger`
 * (its message only: messages never carry a token, key or protected setting).
 */
export class AksBackupError extends Error {
  /** What to do about it, when there is something to do. */
  readonly remedy: string | undefined;

  constructor(message: string, options: AksBackupErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (isRestError(options.cause)) redactCredentials(options.cause);
    this.name = errorNames.AksBackupError;
    this.remedy = options.remedy;
    (options.quiet ? logger.verbose : logger.warning)(`${new.target.name}: ${message}`);
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

  /** Every problem found in the input (one entry when there was one problem), each with its path and fix. */
  readonly issues: readonly InputIssue[];

  /**
   * @param parameter - the argument at fault (the first one when there are several).
   * @param problem - what is wrong.
   * @param fix - what to do instead.
   * @param issues - every problem found, when more than one was; default: this one.
   */
  constructor(parameter: string, problem: string, fix: string, issues?: readonly InputIssue[]) {
    super(issues && issues.length > 1
      ? `Invalid input, ${issues.length} problems:\n${issues.map((i, n) => `  ${n + 1}. ${i.parameter}: ${i.problem}. To fix: ${i.fix}`).join("\n")}`
      : `Invalid ${parameter}: ${problem}. To fix: ${fix}`, { remedy: fix });
    this.name = errorNames.InputValidationError;
    this.parameter = parameter;
    this.problem = problem;
    this.fix = fix;
    this.issues = issues && issues.length > 0 ? issues : [{ parameter, problem, fix }];
  }
}

/** One problem of an input: the parameter path, what is wrong, and what to do. */
export interface InputIssue {
  /** Path of the parameter, e.g. "backupConfiguration.includeNamespaces". */
  parameter: string;
  /** What is wrong. */
  problem: string;
  /** What to do instead. */
  fix: string;
}

/**
 * A destructive or narrowing action (delete, stop, revoke, unbind, narrow, overwrite in use,
 * move storage) was asked without `confirm` equal to the affected resource's name, or with
 * another value. Thrown before any write. `expected` is the value to pass.
 */
export class ConfirmationRequiredError extends InputValidationError {
  /** What would happen, e.g. "delete the Backup Extension". */
  readonly action: string;
  /** The affected resource (its ARM id, or a description). */
  readonly resource: string;
  /** The value `confirm` must have: the affected resource's name. */
  readonly expected: string;

  /**
   * @param action - what would happen, e.g. "delete the Backup Extension".
   * @param resource - the affected resource's id.
   * @param expected - the value `confirm` must equal.
   * @param given - what was passed.
   * @param parameter - where confirm goes. Default: "confirm".
   */
  constructor(action: string, resource: string, expected: string, given: unknown, parameter = "confirm") {
    super(
      parameter,
      `${action} (${resource}) needs confirmation, and confirm ${given === undefined ? "is missing" : `(${JSON.stringify(given)}) does not match`}`,
      `pass ${parameter === "confirm" ? "" : `${parameter}: `}{ confirm: ${JSON.stringify(expected)} } (the resource's name) if that is what you want`,
    );
    this.name = errorNames.ConfirmationRequiredError;
    this.action = action;
    this.resource = resource;
    this.expected = expected;
  }
}

/**
 * A resource the call names (by id, or through another resource) does not exist: known only
 * after a read, so unlike {@link InputValidationError} it comes after a request (no write was
 * made). `parameter` names the argument that led to it.
 */
export class ResourceNotFoundError extends AksBackupError {
  /** The argument that names the missing resource, e.g. "jobId". */
  readonly parameter: string;
  /** What is missing. */
  readonly problem: string;

  /**
   * @param parameter - the argument that names the missing resource.
   * @param problem - what is missing, e.g. "there is no job 'j1' in vault v1".
   * @param remedy - what to do.
   * @param cause - the 404 (an `AzureRequestError` or `RestError`), if any.
   */
  constructor(parameter: string, problem: string, remedy: string, cause?: unknown) {
    super(`Not found (${parameter}): ${problem}. To fix: ${remedy}`, { remedy, cause, quiet: false });
    this.name = errorNames.ResourceNotFoundError;
    this.parameter = parameter;
    this.problem = problem;
  }
}

/**
 * The resources exist, but what they are does not allow the call (a cluster without a managed
 * identity, a storage account in another region than the cluster, ...). Found by reading,
 * before any write.
 */
export class PrerequisiteError extends AksBackupError {
  /** The argument naming the resource at fault, e.g. "storageAccountId". */
  readonly parameter: string;
  /** What is wrong. */
  readonly problem: string;

  /**
   * @param parameter - the argument naming the resource at fault.
   * @param problem - what is wrong.
   * @param remedy - what to do.
   */
  constructor(parameter: string, problem: string, remedy: string) {
    super(`${parameter}: ${problem}. To fix: ${remedy}`, { remedy });
    this.name = errorNames.PrerequisiteError;
    this.parameter = parameter;
    this.problem = problem;
  }
}

/**
 * Several things failed (clusters of a fleet, steps of a setup, grants of a permission set):
 * `errors` holds each failure, in order; the message lists them all.
 */
export class AggregateAksBackupError extends AksBackupError {
  /** Every failure. */
  readonly errors: readonly unknown[];

  /**
   * @param what - what was attempted, e.g. "Granting 6 role assignments".
   * @param errors - every failure (at least one).
   */
  constructor(what: string, errors: readonly unknown[]) {
    const lines = errors.map((e, i) => `  ${i + 1}. ${e instanceof Error ? e.message : String(e)}`);
    const remedies = errors.map((e) => (e instanceof AksBackupError ? e.remedy : undefined)).filter((r): r is string => !!r);
    super(`${what}: ${errors.length} failure(s):\n${lines.join("\n")}`, { cause: errors[0], remedy: remedies.length > 0 ? [...new Set(remedies)].join(" ") : undefined });
    this.name = errorNames.AggregateAksBackupError;
    this.errors = errors;
  }
}

/**
 * Throws what failed among settled promises: nothing when all fulfilled, the error itself when
 * one failed, an {@link AggregateAksBackupError} when several did. Returns the values otherwise.
 */
export function throwIfAnyFailed<T>(what: string, outcomes: readonly PromiseSettledResult<T>[]): T[] {
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => o.reason as unknown);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateAksBackupError(what, failures);
  return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}

/** Headers that carry a credential: never kept on an error a user may log or serialize. */
const credentialHeaders = ["authorization", "x-ms-authorization-auxiliary"] as const;

/**
 * Removes the credential headers from a failed request kept on a `RestError` (its
 * `request`, and the `request` of its `response`), so no rendering of the error (`inspect`,
 * `JSON.stringify` of the cause, a test runner's serializer) shows a token. The request is done
 * when its error reaches here.
 */
function redactCredentials(error: RestError): void {
  for (const request of [error.request, error.response?.request]) {
    for (const name of credentialHeaders) if (request?.headers.has(name)) request.headers.set(name, "REDACTED");
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
    super(`${what} failed (${code}: ${serviceMessage}).${remedy ? ` To fix: ${remedy}` : ""}`, { cause, remedy, quiet: cause.statusCode === 404 });
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
    super(`${what} failed (${error.code}: ${error.message}).${remedy ? ` To fix: ${remedy}` : ""}`, { remedy });
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
      { remedy: "wait again (the call is idempotent) or raise timeoutInMs." },
    );
    this.name = errorNames.WaitTimeoutError;
    this.waitedFor = waitedFor;
    this.timeoutInMs = timeoutInMs;
    this.lastStatus = lastStatus;
  }
}

/**
 * ARM throttled the subscription's requests longer than this library may wait (its attempt or
 * total-wait cap), or asked for a wait beyond that cap. Nothing more was sent for the request.
 * The `cause` is the last 429 (or 503) as a `RestError`.
 */
export class ThrottledError extends AksBackupError {
  /** The subscription's request bucket that ran out: "reads" or "writes" (deletes count as writes). */
  readonly bucket: "reads" | "writes";
  /** The subscription throttled. */
  readonly subscriptionId: string;
  /** How long the service asked to wait before the next request of this bucket. */
  readonly retryAfterInMs: number;
  /** The time after which a retry should succeed. */
  readonly retryAt: Date;
  constructor(bucket: "reads" | "writes", subscriptionId: string, retryAfterInMs: number, why: string, options?: { cause?: unknown; code?: string }) {
    const retryAt = new Date(Date.now() + retryAfterInMs);
    const remedy = `retry after ${Math.ceil(retryAfterInMs / 1000)} s (at ${retryAt.toISOString()}); every call is idempotent. For fleets, lower the concurrency or spread the work over several subscriptions.`;
    super(`ARM throttled the ${bucket} of subscription ${subscriptionId || "(none)"} (Code: ${options?.code ?? "SubscriptionRequestsThrottled"}): ${why}. To fix: ${remedy}`, { cause: options?.cause, remedy });
    this.name = errorNames.ThrottledError;
    this.bucket = bucket;
    this.subscriptionId = subscriptionId;
    this.retryAfterInMs = retryAfterInMs;
    this.retryAt = retryAt;
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
    super(`Cannot ${action} backup instance '${backupInstanceId}': it is ${currentState}, and ${action} needs ${allowedStates.join(" or ")}. To fix: ${fix}`, { remedy: fix });
    this.name = errorNames.InvalidStateError;
  }
}


/** The setup cannot start: every problem found before any write, each with what to do. */
export class PreflightError extends AksBackupError {
  /** Every problem found. */
  readonly problems: readonly PreflightProblem[];

  /** @param what - what cannot go ahead. Default: "Backup cannot be enabled" (`restoreCluster`: "The restore cannot start"). */
  constructor(problems: readonly PreflightProblem[], what = "Backup cannot be enabled") {
    super(`${what}; nothing was changed. ${problems.length} problem(s):\n` +
      problems.map((p, i) => `  ${i + 1}. ${p.subject}: ${p.problem}. To fix: ${p.fix}`).join("\n"),
    { remedy: problems.map((p) => `${p.subject}: ${p.fix}`).join("; ") });
    this.name = errorNames.PreflightError;
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
      { cause, remedy: `${cause instanceof AksBackupError && cause.remedy ? `${cause.remedy} Then r` : "R"}un the setup again: completed steps make no write.` },
    );
    this.name = errorNames.SetupStepError;
    this.step = step;
    this.completed = completed;
  }
}

/**
 * A setup (`enableBackup`, `restoreCluster`) was aborted. Its `name` is "AbortError", as every
 * aborted Azure SDK call; it lists the steps that completed and those that were running. Nothing
 * is cancelled in Azure: operations already sent go on, and running the setup again converges.
 */
export class SetupAbortedError extends AksBackupError {
  /** The steps that had completed, with what they did. */
  readonly completed: readonly StepResult[];
  /** The steps that were running when the abort came (their operations go on in Azure). */
  readonly inFlight: readonly string[];

  constructor(completed: readonly StepResult[], inFlight: readonly string[], cause?: unknown) {
    super(
      `The setup was aborted (completed: ${completed.map((c) => c.step).join(", ") || "none"}; in flight: ${inFlight.join(", ") || "none"}). ` +
        "Nothing was cancelled in Azure; running the setup again converges.",
      { cause, remedy: "Run the setup again: completed steps make no write.", quiet: true },
    );
    this.name = errorNames.SetupAbortedError;
    this.completed = completed;
    this.inFlight = inFlight;
  }
}

/** A job ended Failed or Cancelled (thrown by `waitForJob` with `throwOnFailure`). */
export class JobFailedError extends AksBackupError {
  /** The job as it ended. */
  readonly job: JobInfo;

  /** @param job - the job that failed. */
  constructor(job: JobInfo) {
    super(job.summary);
    this.name = errorNames.JobFailedError;
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

/**
 * A resource guard (multi-user authorization) refused a critical operation on a vault: the
 * operation's request on the guard is not approved, the caller lacks rights on the guard, or
 * the guard is in another tenant and no token for it was sent. `cause` is the Azure error.
 */
export class ResourceGuardError extends AksBackupError {
  /** The Azure error code, e.g. "LinkedAuthorizationFailed". */
  readonly code: string;
  /** HTTP status of the refusal. */
  readonly statusCode: number | undefined;
  /** The critical operation refused, e.g. "Microsoft.DataProtection/backupVaults/backupInstances/delete". */
  readonly operation: string;
  /** The guard protecting the vault, when known. */
  readonly resourceGuardId: string | undefined;

  /**
   * @param what - what failed, e.g. "Deleting backup instance bi1".
   * @param operation - the vault critical operation.
   * @param resourceGuardId - the guard's ARM id, when known.
   * @param code - the service's error code.
   * @param serviceMessage - the service's message.
   */
  constructor(what: string, operation: string, resourceGuardId: string | undefined, code: string, serviceMessage: string, options: { statusCode?: number | undefined; cause?: unknown } = {}) {
    const remedy = `ask the guard's owner to approve the request for '${operation}' on ${resourceGuardId ?? "the vault's resource guard"} ` +
      "(or have the Backup MUA Operator role on it), and when the guard is in another tenant pass `resourceGuardCredential` (a credential of that tenant); then run the operation again";
    super(`${what} was refused by the vault's resource guard (${code}: ${serviceMessage}). To fix: ${remedy}`, { cause: options.cause, remedy });
    this.name = errorNames.ResourceGuardError;
    this.code = code;
    this.statusCode = options.statusCode;
    this.operation = operation;
    this.resourceGuardId = resourceGuardId;
  }
}

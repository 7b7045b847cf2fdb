import type { AbortSignalLike } from "@azure/abort-controller";
import { createHttpPoller, type OperationResponse, type OperationState, type PollerLike } from "@azure/core-lro";
import { logger } from "../common/logger.js";
import { DataProtectionOperationError } from "../errors.js";
import type { ErrorModel, UserFacingError } from "./models.js";
import type { DataProtectionLroOptions } from "./options.js";
import type { DataProtectionContext } from "./transport.js";

type Body = {
  status?: unknown;
  error?: ErrorModel;
  properties?: { provisioningState?: unknown; protectionErrorDetails?: UserFacingError; error?: ErrorModel };
} | undefined;

/**
 * Throws {@link DataProtectionOperationError} when a response says the operation failed:
 * a monitor with `status` Failed/Canceled, or a resource with `provisioningState` Failed.
 */
export function raiseIfFailed(body: unknown, what: string, resourceId: string): void {
  const b = body as Body;
  const status = typeof b?.status === "string" ? b.status.toLowerCase() : undefined;
  if (status === "failed" || status === "canceled" || status === "cancelled") {
    throw new DataProtectionOperationError(what, resourceId, b?.error ?? { code: status === "failed" ? "OperationFailed" : "OperationCanceled", message: `The operation ended ${String(b?.status)}.` });
  }
  const provisioning = b?.properties?.provisioningState;
  if (typeof provisioning === "string" && provisioning.toLowerCase() === "failed") {
    throw new DataProtectionOperationError(what, resourceId, b?.properties?.protectionErrorDetails ?? b?.properties?.error ?? {
      code: "ProvisioningFailed",
      message: "The resource's provisioningState is Failed.",
    });
  }
}

/** What a long-running operation is: its first request, and how to describe it in errors. */
export interface LroDefinition {
  /** e.g. "Creating backup vault v1". */
  what: string;
  /** The resource the operation is on. */
  resourceId: string;
  /** Sends the first request. */
  start: (abortSignal: AbortSignalLike | undefined) => Promise<OperationResponse<unknown>>;
  /** Turns the final body into the result. Default: the body as is. */
  result?: (body: unknown) => unknown;
}

/**
 * A core-lro HTTP poller for a DataProtection operation (final-state-via `location`, as every
 * DataProtection LRO in the spec). Failures raise {@link DataProtectionOperationError}.
 */
export function beginOperation<T>(ctx: DataProtectionContext, def: LroDefinition, options: DataProtectionLroOptions = {}): PollerLike<OperationState<T>, T> {
  const { what, resourceId } = def;
  return createHttpPoller<T, OperationState<T>>(
    {
      sendInitialRequest: async () => {
        const response = await def.start(options.abortSignal);
        raiseIfFailed(response.flatResponse, what, resourceId);
        return response;
      },
      sendPollRequest: async (path, pollOptions) => {
        const response = await ctx.send<unknown>("GET", path, { abortSignal: pollOptions?.abortSignal ?? options.abortSignal });
        const status = (response.flatResponse as Body)?.status;
        logger.info(`${what}: ${typeof status === "string" ? status : response.rawResponse.statusCode}`);
        raiseIfFailed(response.flatResponse, what, resourceId);
        return response;
      },
    },
    {
      intervalInMs: options.updateIntervalInMs ?? ctx.pollIntervalInMs,
      resourceLocationConfig: "location",
      baseUrl: ctx.endpoint,
      ...(options.resumeFrom ? { restoreFrom: options.resumeFrom } : {}),
      processResult: (body) => Promise.resolve((def.result ? def.result(body) : body) as T),
    },
  );
}

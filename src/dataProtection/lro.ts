import type { AbortSignalLike } from "@azure/abort-controller";
import { createHttpPoller, type CancelOnProgress, type OperationResponse, type OperationState, type PollerLike } from "@azure/core-lro";
import { delay } from "@azure/core-util";
import { logger } from "../common/logger.js";
import { readAfterWrite } from "../common/eventualConsistency.js";
import { nextPollDelayInMs, retryAfterFromHeaders, type KnownOperation } from "../common/pollSchedule.js";
import { asPoll } from "../common/throttlePolicy.js";
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
  /** The operation, to poll near its typical end when the service sends no `Retry-After`. Default: unknown. */
  operation?: KnownOperation;
}

/** What the scheduled wait of a core-lro poller reads: the last `Retry-After` and when the operation began. */
interface Timing {
  retryAfterInMs: number | undefined;
  startedAt: number;
  intervalInMs: number;
  operation: KnownOperation | undefined;
}

function retryAfterOfRaw(response: OperationResponse<unknown>): number | undefined {
  const headers = response.rawResponse.headers;
  return retryAfterFromHeaders((name) => headers[name]);
}

/**
 * A core-lro poller whose waits follow the service: each gap honours the `Retry-After` of the
 * initial answer and of each poll, and otherwise follows {@link nextPollDelayInMs} (core-lro
 * alone polls at once after the initial answer and ignores its `Retry-After`). A `Retry-After`
 * of 0 on the initial answer means the first poll goes at once.
 */
class ScheduledPoller<T> implements PollerLike<OperationState<T>, T> {
  private done: Promise<T> | undefined;

  constructor(private readonly inner: PollerLike<OperationState<T>, T>, private readonly timing: Timing, private readonly abortSignal: AbortSignalLike | undefined) {}

  get isDone(): boolean {
    return this.inner.isDone;
  }

  get operationState(): OperationState<T> | undefined {
    return this.inner.operationState;
  }

  get result(): T | undefined {
    return this.inner.result;
  }

  poll(options?: { abortSignal?: AbortSignalLike }): Promise<OperationState<T>> {
    return this.inner.poll(options);
  }

  onProgress(callback: (state: OperationState<T>) => void): CancelOnProgress {
    return this.inner.onProgress(callback);
  }

  serialize(): Promise<string> {
    return this.inner.serialize();
  }

  submitted(): Promise<void> {
    return this.inner.submitted();
  }

  pollUntilDone(options?: { abortSignal?: AbortSignalLike }): Promise<T> {
    this.done ??= this.run(options?.abortSignal ?? this.abortSignal).finally(() => {
      this.done = undefined;
    });
    return this.done;
  }

  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    return this.pollUntilDone().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.pollUntilDone().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.pollUntilDone().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return "ScheduledPoller";
  }

  private async run(abortSignal: AbortSignalLike | undefined): Promise<T> {
    await this.inner.submitted();
    const t = this.timing;
    // Right after the initial answer: at once only when the service said 0 (or it is done).
    let first = t.retryAfterInMs === 0;
    while (!this.inner.isDone) {
      if (!first) {
        const wait = nextPollDelayInMs({ intervalInMs: t.intervalInMs, elapsedInMs: Date.now() - t.startedAt, operation: t.operation, retryAfterInMs: t.retryAfterInMs });
        await delay(wait, { abortSignal, abortErrorMsg: "The wait for the operation was aborted." });
      }
      first = false;
      await this.inner.poll({ ...(abortSignal ? { abortSignal } : {}) });
    }
    return this.inner.pollUntilDone({ ...(abortSignal ? { abortSignal } : {}) });
  }
}

/**
 * A core-lro HTTP poller for a DataProtection operation (final-state-via `location`, as every
 * DataProtection LRO in the spec). Failures raise {@link DataProtectionOperationError}.
 */
export function beginOperation<T>(ctx: DataProtectionContext, def: LroDefinition, options: DataProtectionLroOptions = {}): PollerLike<OperationState<T>, T> {
  const { what, resourceId } = def;
  const intervalInMs = options.pollIntervalInMs ?? ctx.pollIntervalInMs;
  const timing: Timing = { retryAfterInMs: undefined, startedAt: Date.now(), intervalInMs, operation: def.operation };
  const inner = createHttpPoller<T, OperationState<T>>(
    {
      sendInitialRequest: async () => {
        const response = await def.start(options.abortSignal);
        timing.startedAt = Date.now();
        timing.retryAfterInMs = retryAfterOfRaw(response);
        raiseIfFailed(response.flatResponse, what, resourceId);
        return response;
      },
      sendPollRequest: async (path, pollOptions) => {
        // A monitor or resource just created may read 404 for a moment (eventual consistency): read again within a bounded window.
        const signal = pollOptions?.abortSignal ?? options.abortSignal;
        const response = await asPoll(() => readAfterWrite(what, () => ctx.send<unknown>("GET", path, { abortSignal: signal }), intervalInMs, signal));
        timing.retryAfterInMs = retryAfterOfRaw(response);
        const status = (response.flatResponse as Body)?.status;
        logger.info(`${what}: ${typeof status === "string" ? status : response.rawResponse.statusCode}`);
        raiseIfFailed(response.flatResponse, what, resourceId);
        return response;
      },
    },
    {
      intervalInMs,
      resourceLocationConfig: "location",
      baseUrl: ctx.endpoint,
      ...(options.restoreFrom ? { restoreFrom: options.restoreFrom } : {}),
      processResult: (body) => Promise.resolve((def.result ? def.result(body) : body) as T),
    },
  );
  return new ScheduledPoller(inner, timing, options.abortSignal);
}

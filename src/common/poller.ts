import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import type { CancelOnProgress, OperationState, PollerLike } from "@azure/core-lro";
import { delay } from "@azure/core-util";
import { WaitTimeoutError } from "../errors.js";
import { logger } from "./logger.js";

/** State of a wait: the core-lro operation state plus what is awaited and the last status seen. */
export interface WaitState<TResult> extends OperationState<TResult> {
  /** What the wait is for, e.g. "Microsoft.DataProtection to be Registered". */
  readonly description: string;
  /** The last status the service reported, e.g. "Registering". */
  lastStatus?: string;
  /** Polls made so far. */
  polls: number;
  /** Real epoch ms at which the wait began. */
  readonly startedAt: number;
}

/** What one check of the awaited condition found. Failures are thrown. */
export type WaitCheck<TResult> = { done: false; status: string } | { done: true; status: string; result: TResult };

/** How to wait: the condition to check, and how often and how long to check it. */
export interface WaitDefinition<TResult> {
  description: string;
  /** Sends the request that starts the operation (once); omit when there is nothing to start. */
  start?: (abortSignal: AbortSignalLike | undefined) => Promise<void>;
  /** Checks the condition once. Throws when the operation failed. */
  check: (abortSignal: AbortSignalLike | undefined) => Promise<WaitCheck<TResult>>;
  intervalInMs: number;
  /** Default: no limit. */
  timeoutInMs?: number;
  abortSignal?: AbortSignalLike;
  onProgress?: (state: WaitState<TResult>) => void;
}

/**
 * A core-lro `PollerLike` over any condition that is checked by polling: await it for the
 * result, or drive it with `poll()`, observe it with `onProgress`, stop it with an abort
 * signal. Aborting or timing out stops the wait, never the operation in Azure.
 */
class WaitPoller<TResult> implements PollerLike<WaitState<TResult>, TResult> {
  private readonly state: WaitState<TResult>;
  private readonly callbacks = new Set<(s: WaitState<TResult>) => void>();
  private started: Promise<void> | undefined;
  private done: Promise<TResult> | undefined;

  constructor(private readonly def: WaitDefinition<TResult>) {
    this.state = { status: "notStarted", description: def.description, polls: 0, startedAt: Date.now() };
    if (def.onProgress) this.callbacks.add(def.onProgress);
  }

  get isDone(): boolean {
    return ["succeeded", "failed", "canceled"].includes(this.state.status);
  }

  get operationState(): WaitState<TResult> {
    return this.state;
  }

  get result(): TResult | undefined {
    return this.state.result;
  }

  submitted(): Promise<void> {
    this.started ??= (async () => {
      if (this.def.start) await this.def.start(this.def.abortSignal);
      this.state.status = "running";
    })();
    return this.started;
  }

  async poll(options?: { abortSignal?: AbortSignalLike }): Promise<WaitState<TResult>> {
    await this.submitted();
    if (this.isDone) return this.state;
    const signal = options?.abortSignal ?? this.def.abortSignal;
    if (signal?.aborted) throw new AbortError(`The wait for ${this.def.description} was aborted.`);
    try {
      const check = await this.def.check(signal);
      this.state.polls += 1;
      this.state.lastStatus = check.status;
      if (check.done) {
        this.state.status = "succeeded";
        this.state.result = check.result;
      }
    } catch (e) {
      if (!(e instanceof Error && e.name === "AbortError")) {
        this.state.status = "failed";
        this.state.error = e instanceof Error ? e : new Error(String(e));
      }
      this.notify();
      throw e;
    }
    this.notify();
    return this.state;
  }

  pollUntilDone(options?: { abortSignal?: AbortSignalLike }): Promise<TResult> {
    this.done ??= this.run(options?.abortSignal ?? this.def.abortSignal);
    return this.done;
  }

  onProgress(callback: (state: WaitState<TResult>) => void): CancelOnProgress {
    this.callbacks.add(callback);
    return () => this.callbacks.delete(callback);
  }

  serialize(): Promise<string> {
    const { status, description, lastStatus, polls, startedAt } = this.state;
    return Promise.resolve(JSON.stringify({ status, description, lastStatus, polls, startedAt }));
  }

  then<R1 = TResult, R2 = never>(
    onfulfilled?: ((value: TResult) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.pollUntilDone().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<TResult | R> {
    return this.pollUntilDone().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<TResult> {
    return this.pollUntilDone().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return "WaitPoller";
  }

  private notify(): void {
    for (const cb of this.callbacks) cb(this.state);
  }

  private async run(abortSignal: AbortSignalLike | undefined): Promise<TResult> {
    const { timeoutInMs, intervalInMs, description } = this.def;
    for (;;) {
      await this.poll({ abortSignal });
      if (this.state.status === "succeeded") return this.state.result as TResult;
      const elapsed = Date.now() - this.state.startedAt;
      if (timeoutInMs !== undefined && elapsed + intervalInMs > timeoutInMs) {
        throw new WaitTimeoutError(description, timeoutInMs, this.state.lastStatus);
      }
      logger.info(`Waiting for ${description}: ${this.state.lastStatus ?? "pending"}; next check in ${intervalInMs} ms`);
      await delay(intervalInMs, { abortSignal, abortErrorMsg: `The wait for ${description} was aborted.` });
    }
  }
}

/** Creates a poller for a condition; see {@link WaitDefinition}. */
export function createWaitPoller<TResult>(def: WaitDefinition<TResult>): PollerLike<WaitState<TResult>, TResult> {
  return new WaitPoller(def);
}

import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import type { CancelOnProgress, OperationState, PollerLike } from "@azure/core-lro";
import { delay } from "@azure/core-util";
import { InputValidationError, WaitTimeoutError } from "../errors.js";
import { logger } from "./logger.js";
import { nextPollDelayInMs, type KnownOperation } from "./pollSchedule.js";
import { asPoll, trackWrites, type WriteMarks } from "./throttlePolicy.js";

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
export type WaitCheck<TResult> = { done: false; status: string; retryAfterInMs?: number } | { done: true; status: string; result: TResult };

/**
 * What a wait's `start` learned and its `check` needs (e.g. the name of the resource it
 * created). It is part of the serialized state, so a restored wait can check without starting.
 */
export type WaitMemo = Record<string, string | number | boolean | null | undefined>;

/** How to wait: the condition to check, and how often and how long to check it. */
export interface WaitDefinition<TResult> {
  description: string;
  /**
   * Shared by `start` and `check`; saved by `serialize()` and filled back in from `restoreFrom`.
   * Only JSON values.
   */
  memo?: WaitMemo;
  /**
   * A state from `serialize()` of a poller for the same wait (same method, same arguments): the
   * restored poller skips `start` when the earlier one had started, and checks from there.
   */
  restoreFrom?: string;
  /** Sends the request that starts the operation (once); omit when there is nothing to start. */
  start?: (abortSignal: AbortSignalLike | undefined) => Promise<void>;
  /** Checks the condition once. Throws when the operation failed. */
  check: (abortSignal: AbortSignalLike | undefined) => Promise<WaitCheck<TResult>>;
  intervalInMs: number;
  /** The operation waited for, to poll near its typical end (see `pollSchedule.ts`). Default: unknown. */
  operation?: KnownOperation;
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
  private retryAfterInMs: number | undefined;
  /** Real time at which the operation began (its last write, or `start` returning): the poll schedule counts from here. */
  private operationStartedAt = Date.now();
  /** Whether `start` has completed (in this poller or the one it was restored from). */
  private hasStarted = false;

  constructor(private readonly def: WaitDefinition<TResult>) {
    this.state = { status: "notStarted", description: def.description, polls: 0, startedAt: Date.now() };
    if (def.onProgress) this.callbacks.add(def.onProgress);
    if (def.restoreFrom !== undefined) this.restore(def.restoreFrom);
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
      const marks: WriteMarks = {};
      const start = this.def.start;
      if (start) await trackWrites(marks, () => start(this.def.abortSignal));
      // The operation began with the last write `start` sent (when the pipeline tells), else now.
      this.operationStartedAt = marks.lastWriteAt ?? Date.now();
      this.hasStarted = true;
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
      const check = await asPoll(() => this.def.check(signal));
      this.state.polls += 1;
      this.state.lastStatus = check.status;
      this.retryAfterInMs = check.done ? undefined : check.retryAfterInMs;
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

  /** The state to resume this wait from (`restoreFrom` of the same `begin*` method); see {@link SerializedWait}. */
  serialize(): Promise<string> {
    const { status, description, lastStatus, polls, startedAt, result } = this.state;
    const saved: SerializedWait = {
      kind: serializedWaitKind,
      version: 1,
      description,
      status: status === "failed" || status === "canceled" ? "running" : status,
      started: this.hasStarted,
      polls,
      startedAt,
      ...(lastStatus !== undefined ? { lastStatus } : {}),
      ...(this.def.memo ? { memo: this.def.memo } : {}),
      ...(status === "succeeded" ? { result: result ?? null } : {}),
    };
    return Promise.resolve(JSON.stringify(saved));
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

  /** Takes over a serialized state: a started wait is not started again; a finished one keeps its result. */
  private restore(serialized: string): void {
    const saved = parseSerializedWait(serialized);
    if (saved.description !== this.def.description) {
      throw new InputValidationError("restoreFrom", `it is the state of another wait ("${saved.description}", not "${this.def.description}")`,
        "pass the serialize() result of a poller of the same method with the same arguments");
    }
    Object.assign(this.state, { polls: saved.polls, startedAt: saved.startedAt });
    if (saved.lastStatus !== undefined) this.state.lastStatus = saved.lastStatus;
    if (saved.memo && this.def.memo) Object.assign(this.def.memo, saved.memo);
    if (!saved.started) return;
    this.hasStarted = true;
    this.started = Promise.resolve();
    this.state.status = saved.status === "succeeded" ? "succeeded" : "running";
    if (saved.status === "succeeded") this.state.result = (saved.result ?? undefined) as TResult;
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
      const next = nextPollDelayInMs({ intervalInMs, elapsedInMs: Date.now() - this.operationStartedAt, operation: this.def.operation, retryAfterInMs: this.retryAfterInMs });
      if (timeoutInMs !== undefined && elapsed + Math.min(next, intervalInMs) > timeoutInMs) {
        throw new WaitTimeoutError(description, timeoutInMs, this.state.lastStatus);
      }
      const wait = timeoutInMs === undefined ? next : Math.max(0, Math.min(next, timeoutInMs - elapsed));
      logger.info(`Waiting for ${description}: ${this.state.lastStatus ?? "pending"}; next check in ${wait} ms`);
      await delay(wait, { abortSignal, abortErrorMsg: `The wait for ${description} was aborted.` });
    }
  }
}

const serializedWaitKind = "aks-backup/wait";

/**
 * What `serialize()` of a wait poller returns (as JSON). `timeoutInMs` keeps counting from
 * `startedAt`, the time the wait first began, in whichever process resumes it.
 */
export interface SerializedWait {
  /** Always "aks-backup/wait". */
  kind: typeof serializedWaitKind;
  /** Format version (1). */
  version: 1;
  /** What the wait is for; a restore checks it against the new poller's. */
  description: string;
  /** "notStarted", "running" or "succeeded" (a failed wait is saved as running: the check runs again and fails again). */
  status: OperationState<unknown>["status"];
  /** Whether the change the wait follows was sent. */
  started: boolean;
  /** Polls made so far. */
  polls: number;
  /** Epoch ms at which the wait began. */
  startedAt: number;
  /** The last status seen. */
  lastStatus?: string;
  /** What `start` learned (see {@link WaitMemo}). */
  memo?: WaitMemo;
  /** The result of a succeeded wait. */
  result?: unknown;
}

function parseSerializedWait(serialized: string): SerializedWait {
  let value: unknown;
  try {
    value = JSON.parse(serialized);
  } catch {
    value = undefined;
  }
  const v = value as Partial<SerializedWait> | undefined;
  if (!v || typeof v !== "object" || v.kind !== serializedWaitKind || v.version !== 1 || typeof v.description !== "string" ||
    typeof v.started !== "boolean" || typeof v.polls !== "number" || typeof v.startedAt !== "number") {
    throw new InputValidationError("restoreFrom", "it is not the serialize() result of an aks-backup poller", "pass the string poller.serialize() resolved with, unchanged");
  }
  return v as SerializedWait;
}

/** Creates a poller for a condition; see {@link WaitDefinition}. */
/** What a caller's wait options bring to a {@link WaitDefinition}: its abort signal, progress callback and resume state. */
export function callerWaitOptions<TResult>(options: {
  abortSignal?: AbortSignalLike | undefined;
  onProgress?: ((state: WaitState<TResult>) => void) | undefined;
  restoreFrom?: string | undefined;
}): Pick<WaitDefinition<TResult>, "abortSignal" | "onProgress" | "restoreFrom"> {
  return {
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.restoreFrom !== undefined ? { restoreFrom: options.restoreFrom } : {}),
  };
}

export function createWaitPoller<TResult>(def: WaitDefinition<TResult>): PollerLike<WaitState<TResult>, TResult> {
  return new WaitPoller(def);
}

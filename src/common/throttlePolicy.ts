import { AsyncLocalStorage } from "node:async_hooks";
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { RestError, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { delay } from "@azure/core-util";
import { ThrottledError } from "../errors.js";
import { logger } from "./logger.js";
import { retryAfterOf } from "./pollSchedule.js";

/** Name of {@link armThrottlingPolicy}. */
export const armThrottlingPolicyName = "aksBackupArmThrottlingPolicy";

/** Options of {@link armThrottlingPolicy}. */
export interface ArmThrottlingOptions {
  /** Most time one request may spend waiting out throttling; a longer `Retry-After` fails at once with `ThrottledError`. Default: 15 minutes. */
  maxWaitInMs?: number;
  /** Most throttled answers one request rides out before `ThrottledError`. Default: 10. */
  maxRetries?: number;
  /** Floor of the backoff when a 429 has `Retry-After: 0` or none; it doubles per attempt, with jitter. Default: 1000 ms. */
  minRetryDelayInMs?: number;
  /** Cap of that backoff. Default: 60 000 ms. */
  maxRetryDelayInMs?: number;
}

/** An ARM subscription request bucket (`x-ms-ratelimit-remaining-subscription-<bucket>`). */
export type ArmRequestBucket = "reads" | "writes";

/** Milliseconds a throttled response asks to wait; 1000 when it gives none. Kept for callers of the old name. */
export function retryAfterInMs(response: PipelineResponse): number {
  return retryAfterOf(response) ?? 1000;
}

const pollContext = new AsyncLocalStorage<boolean>();

/**
 * Runs `call` as a status poll: its requests yield to the other (critical-path) requests of
 * their bucket while the subscription is being paced.
 */
export function asPoll<T>(call: () => Promise<T>): Promise<T> {
  return pollContext.run(true, call);
}

/** Where {@link trackWrites} records the last write sent. */
export interface WriteMarks {
  /** Real time at which the last write (any method but GET/HEAD) was sent. */
  lastWriteAt?: number;
}

const writeContext = new AsyncLocalStorage<WriteMarks>();

/**
 * Runs `call`, recording in `marks` when each of its writes is sent (through a pipeline with
 * {@link armThrottlingPolicy}): a wait counts from the write that started its operation.
 */
export function trackWrites<T>(marks: WriteMarks, call: () => Promise<T>): Promise<T> {
  return writeContext.run(marks, call);
}

function bucketOf(request: PipelineRequest): ArmRequestBucket {
  // Deletes are counted with writes (ARM's classic model, and the emulator's); a 429 on either holds both.
  return request.method === "GET" || request.method === "HEAD" ? "reads" : "writes";
}

function subscriptionOf(request: PipelineRequest): string {
  return /\/subscriptions\/([^/?#]+)/i.exec(request.url)?.[1]?.toLowerCase() ?? "";
}

interface Waiter {
  poll: boolean;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * What the policy knows of one subscription bucket: a token-bucket estimate fed by the
 * `x-ms-ratelimit-remaining-subscription-*` headers and by 429s. With no evidence it admits
 * every request; after a 429 it holds the bucket until `Retry-After`, then admits requests at
 * the refill rate it learned, and the estimate refills with time, so pacing ends by itself
 * once the window has passed. Polls are admitted only with a token to spare and after every
 * waiting critical-path request.
 */
class BucketGate {
  /** Estimated tokens left at `at` (undefined: nothing known, no pacing). */
  private tokens: number | undefined;
  private at = 0;
  /** Most tokens seen at once (the burst), when headers told. */
  private burst: number | undefined;
  /** Learned ms per token. */
  private periodInMs: number | undefined;
  private blockedUntil = 0;
  private inFlight = 0;
  /** When an answer last said the bucket was empty (remaining 0), if the latest answers say so. */
  private emptiedAt: number | undefined;
  /** Whether any answer came back yet: until then one request probes the bucket alone. */
  private answered = false;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly name: ArmRequestBucket, readonly subscriptionId: string) {}

  private estimate(now: number): number | undefined {
    if (this.tokens === undefined) return undefined;
    const refilled = this.periodInMs ? this.tokens + (now - this.at) / this.periodInMs : this.tokens;
    return Math.min(this.burst ?? Number.POSITIVE_INFINITY, refilled);
  }

  /**
   * Ms until a request (a poll needs one token more) may go; 0 when it may go now; Infinity
   * when it must wait for an answer in flight (nothing known yet, or the bucket is empty and
   * its refill rate unknown: one request at a time finds out).
   */
  private waitFor(now: number, poll: boolean): number {
    const held = Math.max(0, this.blockedUntil - now);
    const est = this.estimate(now);
    // A poll leaves one token for the critical path (when the bucket holds more than one).
    const need = poll ? Math.max(1, Math.min(2, (this.burst ?? 2) - 0.01)) : 1;
    const probing = !this.answered || (est !== undefined && est < need && !this.periodInMs);
    if (probing && this.inFlight > 0) return Number.POSITIVE_INFINITY;
    if (est === undefined || est >= need || !this.periodInMs) return held;
    return Math.max(held, Math.ceil((need - est) * this.periodInMs));
  }

  private spend(now: number): void {
    const est = this.estimate(now);
    if (est !== undefined) {
      this.tokens = est - 1;
      this.at = now;
    }
    this.inFlight += 1;
  }

  /** Resolves when the request may be sent. */
  acquire(poll: boolean, abortSignal: AbortSignalLike | undefined): Promise<void> {
    const now = Date.now();
    if (this.queue.length === 0 && this.waitFor(now, poll) === 0) {
      this.spend(now);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { poll, resolve, reject };
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new AbortError("The request was aborted while waiting out ARM throttling."));
        this.pump();
      };
      if (abortSignal?.aborted) return onAbort();
      abortSignal?.addEventListener("abort", onAbort, { once: true });
      waiter.resolve = () => {
        abortSignal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.queue.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (;;) {
      const i = this.queue.findIndex((w) => !w.poll);
      const w = this.queue[i < 0 ? 0 : i];
      if (!w) return;
      const now = Date.now();
      const wait = this.waitFor(now, w.poll);
      if (wait > 0) {
        // Infinity: the next answer (settle) pumps again.
        if (Number.isFinite(wait)) this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      this.queue.splice(this.queue.indexOf(w), 1);
      this.spend(now);
      w.resolve();
    }
  }

  /** Learns from an answer: the remaining-requests header, and a 429's wait. */
  settle(response: PipelineResponse | undefined, throttledWaitInMs: number | undefined, sentAt: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.answered = true;
    const now = Date.now();
    const header = response?.headers.get(`x-ms-ratelimit-remaining-subscription-${this.name}`);
    const remaining = header === undefined ? Number.NaN : Number(header);
    if (Number.isFinite(remaining) && remaining >= 0) {
      this.burst = Math.max(this.burst ?? 0, remaining + 1);
      // The header tells what was left when the service took the request (about when it was sent).
      this.tokens = remaining - this.inFlight;
      this.at = sentAt;
      if (throttledWaitInMs === undefined) this.emptiedAt = remaining < 1 ? sentAt : undefined;
    } else if (throttledWaitInMs === undefined && response && now >= this.blockedUntil && this.burst === undefined) {
      // No header tells what is left: once the asked wait is over and a request went through,
      // stop pacing until the next 429 (instead of pacing at the refill rate forever).
      this.tokens = undefined;
    }
    if (throttledWaitInMs !== undefined) {
      this.tokens = Math.min(this.tokens ?? 0, 0);
      this.at = now;
      if (throttledWaitInMs > 0) {
        // A 429 asks for the time to the next token. Counted from when the bucket was last seen
        // empty it is one refill period; alone it is a part of one. The longest recent sample
        // is the estimate (it forgets slowly).
        const sample = this.emptiedAt !== undefined ? sentAt + throttledWaitInMs - this.emptiedAt : throttledWaitInMs;
        this.periodInMs = Math.max(sample, (this.periodInMs ?? 0) * 0.98);
        this.blockedUntil = Math.max(this.blockedUntil, now + throttledWaitInMs);
        // One token is back when the wait is over; the estimate refills from there.
        this.tokens = 1 - throttledWaitInMs / this.periodInMs;
      }
    }
    if (this.queue.length > 0) this.pump();
  }
}

function isThrottled(response: PipelineResponse): boolean {
  return response.status === 429 || (response.status === 503 && retryAfterOf(response) !== undefined);
}

function serviceError(response: PipelineResponse): { code: string; message: string } {
  try {
    const body = JSON.parse(response.bodyAsText ?? "") as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === "string" ? body.error.code : undefined;
    const message = typeof body.error?.message === "string" ? body.error.message : undefined;
    return { code: code ?? (response.status === 429 ? "TooManyRequests" : "ServiceUnavailable"), message: message ?? `HTTP ${response.status}` };
  } catch {
    return { code: response.status === 429 ? "TooManyRequests" : "ServiceUnavailable", message: `HTTP ${response.status}` };
  }
}

/**
 * Rides out ARM subscription throttling (429, and 503 with `Retry-After`) for a whole fleet at
 * once, bounded. Requests share a gate per subscription and bucket (reads; writes and deletes):
 * the `x-ms-ratelimit-remaining-subscription-*` headers and each 429 feed an estimate of the
 * tokens left; while it is empty requests are paced at the refill rate learned from
 * `Retry-After` (status polls after the critical-path requests), and pacing ends once the
 * window has refilled. A 429 with `Retry-After` holds its bucket that long; one with
 * `Retry-After: 0` or none is retried after a jittered exponential backoff (floor
 * `minRetryDelayInMs`, cap `maxRetryDelayInMs`). A request gives up with
 * {@link ThrottledError} after `maxRetries` throttled answers, or at once when the wait asked
 * for would take it past `maxWaitInMs`. Place it per retry, before the standard retry policy.
 */
export function armThrottlingPolicy(options: ArmThrottlingOptions = {}): PipelinePolicy {
  const maxWaitInMs = options.maxWaitInMs ?? 15 * 60_000;
  const maxRetries = options.maxRetries ?? 10;
  const minDelay = Math.max(0, options.minRetryDelayInMs ?? 1000);
  const maxDelay = Math.max(minDelay, options.maxRetryDelayInMs ?? 60_000);
  const gates = new Map<string, BucketGate>();
  const gateOf = (request: PipelineRequest): BucketGate => {
    const bucket = bucketOf(request);
    const sub = subscriptionOf(request);
    const key = `${sub}:${bucket}`;
    let gate = gates.get(key);
    if (!gate) gates.set(key, (gate = new BucketGate(bucket, sub)));
    return gate;
  };
  const backoff = (attempt: number): number => {
    const exp = Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
    return Math.max(minDelay, Math.round(exp * (0.5 + Math.random() * 0.5)));
  };
  const giveUp = (gate: BucketGate, request: PipelineRequest, response: PipelineResponse, waitInMs: number, why: string): ThrottledError => {
    const { code, message } = serviceError(response);
    const cause = new RestError(message, { code, statusCode: response.status, request, response });
    return new ThrottledError(gate.name, gate.subscriptionId, waitInMs, why, { cause, code });
  };
  return {
    name: armThrottlingPolicyName,
    async sendRequest(request, next) {
      const gate = gateOf(request);
      const poll = pollContext.getStore() === true;
      const began = Date.now();
      let waitedInMs = 0;
      for (let attempt = 1; ; attempt++) {
        const queuedAt = Date.now();
        await gate.acquire(poll, request.abortSignal);
        const sentAt = Date.now();
        waitedInMs += sentAt - queuedAt;
        if (gate.name === "writes") {
          const marks = writeContext.getStore();
          if (marks) marks.lastWriteAt = sentAt;
        }
        let response: PipelineResponse;
        try {
          response = await next(request);
        } catch (e) {
          gate.settle(undefined, undefined, sentAt);
          throw e;
        }
        if (!isThrottled(response)) {
          gate.settle(response, undefined, sentAt);
          return response;
        }
        const asked = retryAfterOf(response);
        const wait = asked !== undefined && asked > 0 ? Math.ceil(asked) : backoff(attempt);
        if (attempt > maxRetries) {
          gate.settle(response, undefined, sentAt);
          throw giveUp(gate, request, response, wait, `still throttled after ${attempt} attempts over ${Date.now() - began} ms`);
        }
        if (waitedInMs + wait > maxWaitInMs) {
          gate.settle(response, undefined, sentAt);
          throw giveUp(gate, request, response, wait, `the service asks to wait ${wait} ms, past the limit of ${maxWaitInMs} ms (maxWaitInMs) with ${waitedInMs} ms waited already`);
        }
        gate.settle(response, asked !== undefined && asked > 0 ? wait : 0, sentAt);
        logger.info(`ARM throttled ${gate.name} of subscription ${gate.subscriptionId} (attempt ${attempt}); retrying in ${wait} ms`);
        if (!(asked !== undefined && asked > 0)) {
          // No wait asked: this request backs off on its own; the bucket is not held.
          const sleptFrom = Date.now();
          await delay(wait, { abortSignal: request.abortSignal, abortErrorMsg: "The request was aborted while waiting out ARM throttling." });
          waitedInMs += Date.now() - sleptFrom;
        }
      }
    },
  };
}

/**
 * {@link ArmThrottlingOptions} following a client's core `retryOptions`: the backoff floor and
 * cap are its `retryDelayInMs` and `maxRetryDelayInMs` when set.
 */
export function throttlingOptionsFrom(retryOptions: { retryDelayInMs?: number; maxRetryDelayInMs?: number } | undefined): ArmThrottlingOptions {
  return {
    ...(retryOptions?.retryDelayInMs !== undefined ? { minRetryDelayInMs: retryOptions.retryDelayInMs } : {}),
    ...(retryOptions?.maxRetryDelayInMs !== undefined ? { maxRetryDelayInMs: retryOptions.maxRetryDelayInMs } : {}),
  };
}

import type { AbortSignalLike } from "@azure/abort-controller";
import type { OperationState, PollerLike } from "@azure/core-lro";
import { callAzure } from "./azureCalls.js";
import type { WaitMemo } from "./poller.js";

/** What one poll of a followed long-running operation found. */
export type LroProgress<T> = { done: false; status: string } | { done: true; result: T };

/** A core-lro operation followed inside a wait; see {@link followLro}. */
export interface FollowedLro<T> {
  /** Sends the operation's initial request and saves the operation's state in the memo. */
  start(signal: AbortSignalLike | undefined): Promise<void>;
  /** Polls the operation once (restoring it from the memo when this process did not start it). */
  poll(signal: AbortSignalLike | undefined): Promise<LroProgress<T>>;
}

/**
 * Follows a core-lro poller (an Azure long-running operation) inside a resumable wait: `start`
 * sends the initial request and keeps `await lro.serialize()` in `memo[key]`; `poll` polls once
 * and keeps the new state. A wait restored in another process rebuilds the operation's poller
 * from that state (`begin(restoreFrom)`), so the initial request is never sent twice.
 * @param begin - creates the operation's poller; with `restoreFrom` it must send nothing.
 */
export function followLro<T>(what: string, memo: WaitMemo, key: string, begin: (restoreFrom: string | undefined, signal: AbortSignalLike | undefined) => PollerLike<OperationState<T>, T>): FollowedLro<T> {
  let lro: PollerLike<OperationState<T>, T> | undefined;
  const save = async (p: PollerLike<OperationState<T>, T>): Promise<void> => {
    memo[key] = await p.serialize();
  };
  return {
    async start(signal) {
      const p = begin(undefined, signal);
      lro = p;
      await callAzure(what, () => p.submitted());
      await save(p);
    },
    async poll(signal) {
      const saved = memo[key];
      const p = lro ?? begin(typeof saved === "string" ? saved : undefined, signal);
      lro = p;
      if (!p.isDone) await callAzure(what, () => p.poll(signal ? { abortSignal: signal } : {}));
      await save(p);
      return p.isDone ? { done: true, result: p.result as T } : { done: false, status: p.operationState?.status ?? "running" };
    },
  };
}

import type { AbortSignalLike } from "@azure/abort-controller";
import { AbortError } from "@azure/abort-controller";
import { SetupAbortedError, SetupStepError } from "../errors.js";
import { countRequests, type RequestCount } from "../common/writeCounter.js";
import type { StepEvent, StepResult } from "./progress.js";

/** What a step's `run` returns. */
export interface StepOutcome {
  /** e.g. "created", "updated", "unchanged". */
  action: string;
  /** A sentence about what it did. */
  detail: string;
  /** Whether it wrote to Azure. */
  wrote: boolean;
}

/** Context a step runs with. */
export interface StepContext {
  abortSignal: AbortSignalLike | undefined;
  /** Reports that the step is waiting for something (shown as a "waiting" event). */
  waiting(detail: string): void;
}

/** One node of a setup graph. */
export interface Step {
  name: string;
  dependsOn: readonly string[];
  run(context: StepContext): Promise<StepOutcome>;
}


/** Options of {@link runStepGraph}. */
export interface RunStepGraphOptions {
  abortSignal?: AbortSignalLike;
  onProgress?: (event: StepEvent) => void;
  /** Most steps running at once. Default: unlimited (the graph's width). 1 runs them in order. */
  concurrency?: number;
}

function checkGraph(steps: readonly Step[]): void {
  const names = new Set(steps.map((s) => s.name));
  if (names.size !== steps.length) throw new Error("step names must be unique");
  for (const s of steps) for (const d of s.dependsOn) if (!names.has(d)) throw new Error(`step '${s.name}' depends on unknown step '${d}'`);
  const visiting = new Set<string>();
  const done = new Set<string>();
  const byName = new Map(steps.map((s) => [s.name, s]));
  const visit = (n: string): void => {
    if (done.has(n)) return;
    if (visiting.has(n)) throw new Error(`the steps have a dependency cycle through '${n}'`);
    visiting.add(n);
    for (const d of byName.get(n)!.dependsOn) visit(d);
    visiting.delete(n);
    done.add(n);
  };
  steps.forEach((s) => visit(s.name));
}

/**
 * Runs steps as a dependency graph: each starts as soon as all it depends on are done, so
 * independent steps run at the same time and the wall time approaches the longest chain.
 * On the first failure no new step starts; running ones finish; then it throws
 * {@link SetupStepError}. On abort it rejects at once with {@link SetupAbortedError} (name
 * "AbortError") listing the completed and running steps; nothing is cancelled in Azure. No
 * progress event is emitted after the returned promise settles. A step's `wrote` is what its
 * requests show when they went through `requestCountingPolicy` (any accepted write),
 * not what the step claims. Results come back in completion order.
 */
export async function runStepGraph(steps: readonly Step[], options: RunStepGraphOptions = {}): Promise<StepResult[]> {
  checkGraph(steps);
  const start = Date.now();
  const since = (): number => Date.now() - start;
  let settled = false;
  const emit = (e: Omit<StepEvent, "atInMs">): void => {
    if (!settled) options.onProgress?.({ ...e, atInMs: since() });
  };
  const limit = options.concurrency ?? Number.POSITIVE_INFINITY;
  const results: StepResult[] = [];
  const finished = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let failure: { step: string; error: unknown } | undefined;
  const signal = options.abortSignal;
  const aborted = (): SetupAbortedError => new SetupAbortedError([...results], [...running.keys()]);

  const launch = (step: Step): void => {
    const startedAtInMs = since();
    emit({ type: "started", step: step.name });
    const context: StepContext = {
      abortSignal: signal,
      waiting: (detail) => emit({ type: "waiting", step: step.name, detail }),
    };
    const count: RequestCount = { requests: 0, writes: 0 };
    // Start on the next microtask so that the step is in `running` before it can finish.
    const p = Promise.resolve().then(async () => {
      try {
        if (signal?.aborted) throw new AbortError("The setup was aborted.");
        const outcome = await countRequests(count, () => step.run(context));
        // Requests seen by the counting policy decide; a step whose clients lack it keeps its own word.
        const wrote = count.requests > 0 ? count.writes > 0 : outcome.wrote;
        const durationInMs = since() - startedAtInMs;
        if (settled) return;
        results.push({ step: step.name, ...outcome, wrote, startedAtInMs, durationInMs, dependsOn: [...step.dependsOn] });
        emit({ type: wrote ? "done" : "skipped", step: step.name, detail: outcome.detail, durationInMs });
      } catch (error) {
        failure ??= { step: step.name, error };
        emit({ type: "failed", step: step.name, detail: error instanceof Error ? error.message : String(error), durationInMs: since() - startedAtInMs });
      } finally {
        finished.add(step.name);
        running.delete(step.name);
      }
    });
    running.set(step.name, p);
  };

  let onAbort: (() => void) | undefined;
  const abortedPromise = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    if (signal?.aborted) resolve("aborted");
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const pending = new Set(steps);
    for (;;) {
      if (signal?.aborted) throw aborted();
      if (!failure) {
        for (const step of [...pending]) {
          if (running.size >= limit) break;
          if (step.dependsOn.every((d) => finished.has(d))) {
            pending.delete(step);
            launch(step);
          }
        }
      }
      if (running.size === 0) break;
      const inFlight = [...running.keys()];
      if (await Promise.race([abortedPromise, ...running.values()]) === "aborted") {
        throw new SetupAbortedError([...results], inFlight.filter((n) => !finished.has(n)));
      }
    }
    if (failure) {
      if (failure.error instanceof Error && failure.error.name === "AbortError") throw aborted();
      throw new SetupStepError(failure.step, results, failure.error);
    }
    return results;
  } finally {
    settled = true;
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * The longest chain of dependent steps, by measured duration: the least wall time any
 * schedule of these steps could take.
 */
export function criticalPath(steps: readonly Pick<Step, "name" | "dependsOn">[], results: readonly StepResult[]): { durationInMs: number; steps: string[] } {
  const duration = new Map(results.map((r) => [r.step, r.durationInMs]));
  const memo = new Map<string, { durationInMs: number; steps: string[] }>();
  const byName = new Map(steps.map((s) => [s.name, s]));
  const longest = (name: string): { durationInMs: number; steps: string[] } => {
    const cached = memo.get(name);
    if (cached) return cached;
    let best = { durationInMs: 0, steps: [] as string[] };
    for (const d of byName.get(name)?.dependsOn ?? []) {
      const c = longest(d);
      if (c.durationInMs > best.durationInMs) best = c;
    }
    const value = { durationInMs: best.durationInMs + (duration.get(name) ?? 0), steps: [...best.steps, name] };
    memo.set(name, value);
    return value;
  };
  return steps.map((s) => longest(s.name)).reduce((a, b) => (b.durationInMs > a.durationInMs ? b : a), { durationInMs: 0, steps: [] });
}

/**
 * Live progress of the library's step events, drawn with listr2: spinners and step lines on a
 * terminal, one plain line per finished step otherwise (and always on stderr with `--json`).
 */
import { Listr, ListrLogger, ListrLogLevels, ProcessOutput, type ListrTask, type LoggerFieldOptions } from "listr2";
import type { StepEvent } from "../facade/progress.js";
import type { FleetClusterResult } from "../facade/models.js";
import { nameOf, seconds } from "./table.js";

/** Where progress goes: the stream, and whether it is a terminal to draw on. */
export interface ProgressTarget {
  /** stdout for people, stderr with `--json`. */
  stream: NodeJS.WriteStream;
  /** Draw spinners (the stream is stdout and a terminal). Otherwise print plain lines. */
  interactive: boolean;
}

type Outcome = { kind: "done" | "skipped" | "notRun"; detail: string; durationInMs?: number } | { kind: "failed"; detail: string };

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  settled: boolean;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const d: Deferred<T> = { promise: new Promise<T>((r) => (resolve = r)), resolve: (v) => { if (!d.settled) { d.settled = true; resolve(v); } }, settled: false };
  return d;
}

/** A wrapper's settable fields (listr2's TaskWrapper, as far as this file uses it). */
interface TaskHandle {
  title: string;
  output: string;
  skip(message: string): void;
}

/** The plain renderer's logger, quiet: a line when a step ends, none when it starts. */
class EndsOnlyLogger extends ListrLogger<ListrLogLevels> {
  override log(level: ListrLogLevels, message: string | unknown[], options?: LoggerFieldOptions): void {
    if (level !== ListrLogLevels.STARTED) super.log(level, message, options);
  }
}

function startListr(tasks: ListrTask[], target: ProgressTarget, concurrent: boolean): Promise<unknown> {
  const listr = new Listr(tasks, {
    concurrent,
    exitOnError: false,
    registerSignalListeners: false,
    ...(target.interactive
      ? { renderer: "default" as const, rendererOptions: { collapseSkips: true, suffixSkips: false, collapseErrors: true, showErrorMessage: true } }
      : {
          renderer: "simple" as const,
          rendererOptions: { logger: new EndsOnlyLogger({ useIcons: true, processOutput: new ProcessOutput(target.stream, target.stream) }) },
        }),
  });
  return listr.run().catch(() => undefined);
}

/**
 * Progress of one operation's steps (enableBackup, restoreCluster): a "checks" line for the
 * reads before the first step, then one line per step, in the order given. Steps run at the same
 * time in the library; a line shows a step's latest wait once the lines above it are done.
 */
export class StepProgress {
  private readonly checks = deferred<Outcome>();
  private readonly outcomes = new Map<string, Deferred<Outcome>>();
  private readonly handles = new Map<string, TaskHandle>();
  private readonly lastWait = new Map<string, string>();
  private readonly run: Promise<unknown>;

  /** Called by the library for every step event. */
  readonly onProgress = (event: StepEvent): void => {
    this.checks.resolve({ kind: "done", detail: "passed (reads only, nothing written)" });
    const d = this.outcomes.get(event.step);
    if (!d) return;
    if (event.type === "waiting") {
      this.lastWait.set(event.step, event.detail ?? "");
      const handle = this.handles.get(event.step);
      if (handle && this.target.interactive) handle.output = event.detail ?? "";
    } else if (event.type === "done" || event.type === "skipped" || event.type === "failed") {
      d.resolve({ kind: event.type, detail: event.detail ?? "", durationInMs: event.durationInMs ?? 0 });
    }
  };

  constructor(steps: readonly string[], private readonly target: ProgressTarget) {
    for (const s of steps) this.outcomes.set(s, deferred<Outcome>());
    const tasks: ListrTask[] = [
      { title: "checks", task: async (_ctx, task) => this.show("checks", task, await this.checks.promise) },
      ...steps.map((step): ListrTask => ({
        title: step,
        task: async (_ctx, task) => {
          this.handles.set(step, task);
          const wait = this.lastWait.get(step);
          if (wait && target.interactive) task.output = wait;
          this.show(step, task, await this.outcomes.get(step)!.promise);
        },
      })),
    ];
    this.run = startListr(tasks, target, false);
  }

  private show(step: string, task: TaskHandle, outcome: Outcome): void {
    // A terminal shows the message in place of the title; plain lines show both.
    const label = this.target.interactive ? `${step}: ` : "";
    if (outcome.kind === "failed") throw new Error(`${label}${outcome.detail.split("\n")[0]}`);
    if (outcome.kind === "notRun") return task.skip(`${label}${outcome.detail}`);
    const took = outcome.durationInMs !== undefined ? seconds(outcome.durationInMs) : "";
    // "skipped" is the library's word for "already in place": the step made no write.
    task.title = outcome.kind === "skipped" ? `${step}: ${outcome.detail} (no change${took ? `, ${took}` : ""})` : `${step}: ${outcome.detail}${took ? ` (${took})` : ""}`;
  }

  /** Settles the lines left (steps that did not run) and waits for the display to end. */
  async finish(error?: unknown): Promise<void> {
    const summary = error instanceof Error ? (error.name === "PreflightError" ? `${(error as Error & { problems: unknown[] }).problems.length} problem(s) found, nothing written` : error.message.split("\n")[0]!) : "";
    this.checks.resolve(error === undefined ? { kind: "done", detail: "passed" } : { kind: "failed", detail: summary });
    // Steps that never started: stopped by the error, or not part of this run.
    for (const d of this.outcomes.values()) d.resolve({ kind: "notRun", detail: error === undefined ? "not needed" : "not run" });
    await this.run;
  }
}

/** Progress of a fleet: one line per cluster with its latest step event, and how it ended. */
export class FleetProgress {
  private readonly outcomes = new Map<string, Deferred<FleetClusterResult>>();
  private readonly handles = new Map<string, TaskHandle>();
  private readonly run: Promise<unknown>;

  /** Step events, tagged with the cluster. */
  readonly onProgress = (clusterId: string, event: StepEvent): void => {
    const handle = this.handles.get(clusterId.toLowerCase());
    if (handle && this.target.interactive) handle.output = `${event.step}: ${event.type}${event.detail ? ` ${event.detail}` : ""}`;
  };

  /** Called as each cluster finishes. */
  readonly onClusterDone = (result: FleetClusterResult): void => {
    this.outcomes.get(result.clusterId.toLowerCase())?.resolve(result);
  };

  constructor(clusterIds: readonly string[], private readonly target: ProgressTarget) {
    const tasks = clusterIds.map((id): ListrTask => {
      const d = deferred<FleetClusterResult>();
      this.outcomes.set(id.toLowerCase(), d);
      return {
        title: nameOf(id),
        task: async (_ctx, task) => {
          this.handles.set(id.toLowerCase(), task);
          const r = await d.promise;
          if (!r.ok) throw new Error(`${target.interactive ? `${nameOf(id)}: ` : ""}${r.error.message.split("\n")[0]}`);
          task.title = `${nameOf(id)}: ${r.result.protectionState}, ${r.result.writeSteps} step(s) wrote (${seconds(r.result.wallTimeInMs)})`;
        },
      };
    });
    this.run = startListr(tasks, target, true);
  }

  /** Ends the lines of clusters with no result (the fleet call failed as a whole) and waits for the display. */
  async finish(error?: unknown): Promise<void> {
    for (const [id, d] of this.outcomes) d.resolve({ clusterId: id, ok: false, error: error instanceof Error ? error : new Error("not run") });
    await this.run;
  }
}

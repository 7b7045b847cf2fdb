/** Kinds of progress events a setup step reports. */
export type StepEventType = "started" | "waiting" | "done" | "skipped" | "failed";

/** A progress event of one setup step. */
export interface StepEvent {
  /** What happened. */
  type: StepEventType;
  /** The step, e.g. "extension", "vault", "roles". */
  step: string;
  /** For "waiting": what the step waits for; for "done"/"skipped": what it did; for "failed": the error message. */
  detail?: string;
  /** Real milliseconds since the setup started. */
  atInMs: number;
  /** For "done", "skipped" and "failed": how long the step took, in ms. */
  durationInMs?: number;
}

/** What a finished step did. */
export interface StepResult {
  /** The step's name. */
  step: string;
  /** "created", "updated", "unchanged" (already in place: no write) and so on. */
  action: string;
  /** A sentence about what it did. */
  detail: string;
  /** Real ms from the setup's start to the step's start. */
  startedAtInMs: number;
  /** How long the step took, in ms. */
  durationInMs: number;
  /** Whether the step wrote to Azure. */
  wrote: boolean;
  /** The steps it waited for. */
  dependsOn: string[];
}

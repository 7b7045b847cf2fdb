import { randomUUID } from "node:crypto";
import type { Scheduler, SimClock } from "../clock.js";
import { ArmError, type ArmErrorDetail } from "../http/armError.js";

/** Status of an emulated asynchronous operation. */
export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** An asynchronous operation, as the operation-status endpoints report it. */
export interface OperationRecord {
  id: string;
  status: OperationStatus;
  /** Simulated epoch ms. */
  startTime: number;
  endTime?: number;
  error?: ArmErrorDetail;
  /** Extra properties a service reports on success (e.g. DataProtection `jobId`). */
  properties?: Record<string, unknown>;
  /** Simulated epoch ms at which it is due to end. */
  dueAt: number;
  /** What the status endpoint says while it runs (services differ: "InProgress", "Inprogress", "Creating"). */
  runningStatus: string;
}

/** Options of {@link OperationStore.start}. */
export interface StartOperationOptions {
  /** The operation id. Default: a new GUID. */
  id?: string;
  /** Status reported while running. Default: "InProgress". */
  runningStatus?: string;
}

/** What an operation's completion returns: extra properties for the status resource. */
export type OperationOutcome = void | { properties?: Record<string, unknown> };

/**
 * Operations that end after a simulated duration. The completion callback applies the change
 * (e.g. provisioningState = Succeeded); if it throws an {@link ArmError}, the operation fails
 * with that error and the callback is expected to have left the resource in its failed state.
 */
export class OperationStore {
  private readonly ops = new Map<string, OperationRecord>();

  constructor(
    private readonly clock: SimClock,
    private readonly scheduler: Scheduler,
  ) {}

  /** Starts an operation that completes after `durationSec` simulated seconds. */
  start(durationSec: number, complete: () => OperationOutcome, options: StartOperationOptions = {}): OperationRecord {
    const now = this.clock.now();
    const id = options.id ?? randomUUID();
    const op: OperationRecord = {
      id,
      status: "InProgress",
      startTime: now,
      dueAt: now + durationSec * 1000,
      runningStatus: options.runningStatus ?? "InProgress",
    };
    this.ops.set(id.toLowerCase(), op);
    this.scheduler.after(durationSec, () => {
      try {
        const outcome = complete();
        op.status = "Succeeded";
        if (outcome?.properties) op.properties = outcome.properties;
      } catch (e) {
        if (!(e instanceof ArmError)) throw e;
        op.status = "Failed";
        op.error = e.detail;
      }
      op.endTime = this.clock.now();
    });
    return op;
  }

  /** The status string to report: `runningStatus` while running, else the final status. */
  reportedStatus(op: OperationRecord): string {
    return op.status === "InProgress" ? op.runningStatus : op.status;
  }

  /** The operation with this id, or undefined. */
  get(id: string): OperationRecord | undefined {
    return this.ops.get(id.toLowerCase());
  }

  /** Simulated seconds until the operation is due (0 when done). */
  remainingSeconds(op: OperationRecord): number {
    if (op.status !== "InProgress") return 0;
    return Math.max(0, (op.dueAt - this.clock.now()) / 1000);
  }
}

import type { HttpMethod } from "./router.js";

/** An error to answer instead of the real response, for the next `times` matching requests. */
export interface FaultSpec {
  /** Only requests with this method. Default: any. */
  method?: HttpMethod;
  /** Matched against the normalised request path (no query). */
  path: RegExp;
  /** HTTP status to answer, e.g. 429, 500, 503. */
  status: number;
  /** ARM error code, e.g. "TooManyRequests", "InternalServerError". */
  code: string;
  /** ARM error message. Default: a generic message for the code. */
  message?: string;
  /** How many matching requests get the fault. Default: 1. */
  times?: number;
  /** Adds `Retry-After` (seconds of simulated time, scaled to real seconds). */
  retryAfterSeconds?: number;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

/** Faults waiting for their requests. */
export class FaultTable {
  private readonly faults: ActiveFault[] = [];

  /** Queues a fault. */
  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError("times must be a positive integer");
    if (!(spec.status >= 400 && spec.status <= 599)) throw new RangeError("status must be an HTTP error status (400-599)");
    this.faults.push({ ...spec, remaining: times });
  }

  /** The fault for this request, if any; consumes one of its `times`. */
  take(method: HttpMethod, path: string): FaultSpec | undefined {
    const i = this.faults.findIndex((f) => (f.method === undefined || f.method === method) && f.path.test(path));
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(i, 1);
    return fault;
  }

  /** Faults not yet used up. */
  get pending(): number {
    return this.faults.reduce((n, f) => n + f.remaining, 0);
  }
}

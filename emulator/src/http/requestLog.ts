/** One request the emulator answered. */
export interface RequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Normalised path, without query. */
  path: string;
  /** Query parameters (api-version included). */
  query: Record<string, string>;
  /** HTTP status answered. */
  status: number;
  /** Real epoch milliseconds at which the request arrived. */
  at: number;
}

/** Default of `requestLogLimit`: enough for any test run, small enough for a long benchmark. */
export const defaultRequestLogLimit = 100_000;

/**
 * The requests answered, oldest first, bounded: past `limit` entries the oldest tenth is dropped
 * at once (amortised O(1) per request), so the log never holds more than `limit` entries.
 * `entries` is the live array (no copy per read); `total` counts every request ever logged.
 */
export class RequestLog {
  private readonly log: RequestLogEntry[] = [];
  private count = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError("requestLogLimit must be a whole number >= 0");
  }

  /** Adds an entry, dropping the oldest ones when the log is full. */
  push(entry: RequestLogEntry): void {
    this.count += 1;
    if (this.limit === 0) return;
    this.log.push(entry);
    if (this.log.length > this.limit) this.log.splice(0, Math.max(1, this.log.length - Math.floor(this.limit * 0.9)));
  }

  /** The entries kept, oldest first. */
  get entries(): readonly RequestLogEntry[] {
    return this.log;
  }

  /** Requests logged since the start, including those dropped. */
  get total(): number {
    return this.count;
  }
}

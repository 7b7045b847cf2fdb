/**
 * Simulated time for the emulator. Azure operations take minutes; the emulator runs them on a
 * clock that can be scaled (a few real milliseconds per simulated second) or moved by hand.
 *
 * Nothing in the emulator uses timers: every state change is an event scheduled on this clock
 * and applied lazily, when the next request arrives ("settle"). That keeps runs deterministic
 * and lets a test move time forward with `advance()` instead of sleeping.
 */
export class SimClock {
  private readonly realStart = Date.now();
  private offsetMs = 0;
  private readonly simStart: number;

  /**
   * @param msPerSimSecond real milliseconds per simulated second (1000 = real time).
   * @param simStart simulated epoch ms at start (default: now).
   */
  constructor(readonly msPerSimSecond: number, simStart?: number) {
    this.simStart = simStart ?? this.realStart;
    if (!(msPerSimSecond > 0)) throw new RangeError("timeScale must be a positive number of ms");
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    const realElapsed = Date.now() - this.realStart;
    return this.simStart + (realElapsed * 1000) / this.msPerSimSecond + this.offsetMs;
  }

  /** Moves simulated time forward. */
  advance(simSeconds: number): void {
    this.offsetMs += simSeconds * 1000;
  }

  /** Real milliseconds that `simSeconds` of simulated time take. */
  toRealMs(simSeconds: number): number {
    return simSeconds * this.msPerSimSecond;
  }
}

interface ScheduledEvent {
  at: number;
  seq: number;
  run: () => void;
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * Events due at a simulated time, applied in time order (and in scheduling order at equal times)
 * when `settle()` is called. A binary heap: scheduling and applying cost O(log n).
 */
export class Scheduler {
  private readonly heap: ScheduledEvent[] = [];
  private seq = 0;

  constructor(private readonly clock: SimClock) {}

  /** Runs `run` once simulated time reaches now + `afterSimSeconds`. */
  after(afterSimSeconds: number, run: () => void): void {
    this.at(this.clock.now() + afterSimSeconds * 1000, run);
  }

  /**
   * Runs `run` once simulated time reaches `atMs` (simulated epoch ms). Events that schedule
   * their successors from inside `settle()` use this with their own due time, so that a chain
   * keeps its cadence when time is moved forward by a lot at once.
   */
  at(atMs: number, run: () => void): void {
    const h = this.heap;
    h.push({ at: atMs, seq: this.seq++, run });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Applies every event that is due. Events scheduled while settling are applied too if due. */
  settle(): void {
    for (;;) {
      const next = this.heap[0];
      if (!next || next.at > this.clock.now()) return;
      this.pop();
      next.run();
    }
  }

  /** Number of events not yet applied. */
  get pending(): number {
    return this.heap.length;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

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

  /** @param msPerSimSecond real milliseconds per simulated second (1000 = real time). */
  constructor(readonly msPerSimSecond: number) {
    if (!(msPerSimSecond > 0)) throw new RangeError("timeScale must be a positive number of ms");
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    const realElapsed = Date.now() - this.realStart;
    return this.realStart + (realElapsed * 1000) / this.msPerSimSecond + this.offsetMs;
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

/** Events due at a simulated time, applied in time order when `settle()` is called. */
export class Scheduler {
  private events: ScheduledEvent[] = [];
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
    this.events.push({ at: atMs, seq: this.seq++, run });
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Applies every event that is due. Events scheduled while settling are applied too if due. */
  settle(): void {
    for (;;) {
      const next = this.events[0];
      if (!next || next.at > this.clock.now()) return;
      this.events.shift();
      next.run();
    }
  }

  /** Number of events not yet applied. */
  get pending(): number {
    return this.events.length;
  }
}

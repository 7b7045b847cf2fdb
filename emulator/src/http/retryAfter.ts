import type { SimClock } from "../clock.js";

/**
 * Headers that ask a client to wait `simSeconds` of simulated time, scaled to real time by the
 * emulator's clock: `Retry-After` in whole seconds rounded up (HTTP allows no fractions; a
 * positive wait never becomes 0) and `retry-after-ms` with the scaled value in milliseconds
 * (rounded up), which the Azure SDK's retry policies honour before `Retry-After`.
 * A wait of 0 (or less) answers `0` in both.
 * Guess: ARM sends only `Retry-After`; `retry-after-ms` is the emulator's way to keep
 * sub-second waits observable at a fast time scale.
 */
export function retryAfterHeaders(clock: SimClock, simSeconds: number): Record<string, string> {
  const realMs = Math.max(0, clock.toRealMs(simSeconds));
  return {
    "Retry-After": String(Math.ceil(realMs / 1000)),
    "retry-after-ms": String(Math.ceil(realMs)),
  };
}

/**
 * `Retry-After` headers for a running operation: the service's usual hint (simulated seconds),
 * but never past the operation's end, so an operation that is due answers 0.
 */
export function operationRetryAfterHeaders(clock: SimClock, hintSimSeconds: number, remainingSimSeconds: number): Record<string, string> {
  return retryAfterHeaders(clock, Math.min(hintSimSeconds, Math.max(0, remainingSimSeconds)));
}

import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/**
 * The ARM server's clock, as the `Date` header of its answers shows it. Ages the service
 * decides by (a recovery point's against the 36 h RPO of cross-region restore) are measured on
 * this clock, not the machine's: a machine clock that is off, or an emulator whose simulated time
 * has moved on, would give the wrong age. Until an answer has been seen, it is the machine's clock.
 */
export class ServerClock {
  #offsetMs: number | undefined;

  /** Records an answer's `Date` header (RFC 7231, second resolution), received at `receivedAtMs`. */
  observe(dateHeader: string | undefined, receivedAtMs: number = Date.now()): void {
    if (dateHeader === undefined) return;
    const serverMs = Date.parse(dateHeader);
    if (Number.isFinite(serverMs)) this.#offsetMs = serverMs - receivedAtMs;
  }

  /** Whether an answer's `Date` has been seen. */
  get observed(): boolean {
    return this.#offsetMs !== undefined;
  }

  /** The server's time now, in epoch milliseconds. */
  now(): number {
    return Date.now() + (this.#offsetMs ?? 0);
  }
}

/** A pipeline policy that shows every answer's `Date` header to `clock`. */
export function serverClockPolicy(clock: ServerClock): PipelinePolicy {
  return {
    name: "aksBackupServerClock",
    async sendRequest(request, next) {
      const response = await next(request);
      clock.observe(response.headers.get("date"));
      return response;
    },
  };
}

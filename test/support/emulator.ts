import { afterAll, beforeAll } from "vitest";
import { startArmEmulator, type ArmEmulator, type ArmEmulatorOptions } from "aks-backup-emulator";

/**
 * Starts an emulator for the tests of one file and stops it after them.
 * Read `.current` inside tests (it is set in beforeAll).
 */
export function useEmulator(options: ArmEmulatorOptions = {}): { readonly current: ArmEmulator } {
  const holder: { current?: ArmEmulator } = {};
  beforeAll(async () => {
    holder.current = await startArmEmulator({ startTime: scheduleNeutralStart(), ...options });
  });
  afterAll(async () => {
    await holder.current?.stop();
  });
  return {
    get current(): ArmEmulator {
      if (!holder.current) throw new Error("the emulator is not started yet (use it inside a test)");
      return holder.current;
    },
  };
}

/** Client options for the library against an emulator, polling fast. */
export function fastOptions(emu: ArmEmulator): ArmEmulator["clientOptions"] & { pollIntervalInMs: number; retryOptions: { retryDelayInMs: number; maxRetryDelayInMs: number } } {
  return { ...emu.clientOptions, pollIntervalInMs: 20, retryOptions: { retryDelayInMs: 20, maxRetryDelayInMs: 200 } };
}

/**
 * A start for the emulator's clock that keeps scheduled backups out of the way: 5 minutes past
 * the next slot of the every-4-hours schedule the policies use (R/...T09:00/PT4H: 01:00, 05:00,
 * ... UTC), so a test file has close to 4 simulated hours before a scheduled backup joins the
 * jobs and recovery points it counts. Ahead of the real clock, never behind it.
 */
export function scheduleNeutralStart(now = Date.now()): number {
  const slot = 4 * 3_600_000;
  const offset = 3_600_000; // slots at 01:00, 05:00, ... UTC
  return Math.floor((now - offset) / slot) * slot + offset + slot + 5 * 60_000;
}

import { afterAll, beforeAll } from "vitest";
import { startArmEmulator, type ArmEmulator, type ArmEmulatorOptions } from "aks-backup-emulator";

/**
 * Starts an emulator for the tests of one file and stops it after them.
 * Read `.current` inside tests (it is set in beforeAll).
 */
export function useEmulator(options: ArmEmulatorOptions = {}): { readonly current: ArmEmulator } {
  const holder: { current?: ArmEmulator } = {};
  beforeAll(async () => {
    holder.current = await startArmEmulator(options);
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

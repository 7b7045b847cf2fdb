import { describe, expect, it } from "vitest";
import { ServerClock } from "../../src/common/serverClock.js";
import { clientsFor } from "../../src/clients/clientCache.js";
import { fastOptions, useEmulator } from "../support/emulator.js";

// The emulator's clock starts three days ahead of the machine's: the server's "now" is not ours.
const start = Date.UTC(2031, 4, 6, 12, 0, 0);
const emulator = useEmulator({ startTime: start });

describe("ServerClock: the ARM server's time, from its answers' Date", () => {
  it("is the machine's clock until an answer is seen; then the answer's Date plus the time since", () => {
    const clock = new ServerClock();
    expect(clock.observed).toBe(false);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
    clock.observe("not a date");
    expect(clock.observed).toBe(false);
    const receivedAt = Date.now();
    clock.observe("Tue, 06 May 2031 12:00:00 GMT", receivedAt);
    expect(clock.observed).toBe(true);
    expect(Math.abs(clock.now() - (start + (Date.now() - receivedAt)))).toBeLessThan(50);
  });

  it("every client of a client cache feeds it: one read of the emulator puts it on the emulator's simulated clock", async () => {
    const e = emulator.current;
    const clients = clientsFor(e.credential, fastOptions(e));
    expect(Math.abs(clients.serverClock.now() - Date.now())).toBeLessThan(1_000);
    await clients.dataProtection(e.subscriptionId).backupVaults.get("rg-none", "vault-none").catch(() => undefined);
    expect(Math.abs(clients.serverClock.now() - e.state.clock.now())).toBeLessThan(1_500);
    e.advanceTime(36 * 3600);
    // An Azure SDK client of the cache (here @azure/arm-containerservice) feeds it too.
    await (await clients.containerService(e.subscriptionId)).managedClusters.get("rg-none", "aks-none").catch(() => undefined);
    expect(Math.abs(clients.serverClock.now() - e.state.clock.now())).toBeLessThan(1_500);
  });
});

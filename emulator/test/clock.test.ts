import { describe, expect, it } from "vitest";
import { SimClock, Scheduler } from "../src/clock.js";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

describe("simulated clock (unit)", () => {
  it("runs scaled: 10 real ms per simulated second makes 100 ms real = 10 s simulated", async () => {
    const clock = new SimClock(10);
    const t0 = clock.now();
    await new Promise((r) => setTimeout(r, 100));
    const elapsed = (clock.now() - t0) / 1000;
    expect(elapsed).toBeGreaterThanOrEqual(9);
    expect(elapsed).toBeLessThan(500); // generous: a loaded machine may sleep longer
    expect(clock.toRealMs(180)).toBe(1800);
  });

  it("advance() moves time at once and the scheduler applies due events in time order", () => {
    const clock = new SimClock(1000);
    const scheduler = new Scheduler(clock);
    const seen: string[] = [];
    scheduler.after(60, () => seen.push("b"));
    scheduler.after(30, () => seen.push("a"));
    scheduler.after(3600, () => seen.push("late"));
    scheduler.settle();
    expect(seen).toEqual([]);
    clock.advance(61);
    scheduler.settle();
    expect(seen).toEqual(["a", "b"]);
    expect(scheduler.pending).toBe(1);
  });

  it("rejects a non-positive time scale", () => {
    expect(() => new SimClock(0)).toThrow(RangeError);
  });
});

const emu = useEmulator({ profile: "realistic", timeScale: 1000, durations: { requestLatency: 0 } });

describe("advanceTime on a running emulator", () => {
  it("applies a registration that falls due, without waiting in real time", async () => {
    const e = emu.current;
    const url = `/subscriptions/${e.subscriptionId}/providers/Microsoft.DataProtection`;
    await armRequest(e, "POST", `${url}/register?api-version=2021-04-01`);
    e.advanceTime(30);
    expect(((await armRequest(e, "GET", `${url}?api-version=2021-04-01`)).body as { registrationState: string }).registrationState).toBe("Registering");
    e.advanceTime(31);
    expect(((await armRequest(e, "GET", `${url}?api-version=2021-04-01`)).body as { registrationState: string }).registrationState).toBe("Registered");
  });

  it("answers with the simulated time in Date, as ARM's Date is the server's now", async () => {
    const e = emu.current;
    const url = `/subscriptions/${e.subscriptionId}/providers/Microsoft.DataProtection?api-version=2021-04-01`;
    e.advanceTime(5 * 86_400);
    const date = Date.parse(String((await armRequest(e, "GET", url)).headers["date"]));
    expect(Math.abs(date - e.state.clock.now())).toBeLessThan(2_000);
    expect(date - Date.now()).toBeGreaterThan(4 * 86_400_000);
  });

  it("rejects negative or NaN seconds", () => {
    expect(() => emu.current.advanceTime(-1)).toThrow(RangeError);
    expect(() => emu.current.advanceTime(Number.NaN)).toThrow(RangeError);
  });
});

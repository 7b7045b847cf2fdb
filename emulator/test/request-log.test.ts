import { describe, expect, it } from "vitest";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

const emu = useEmulator();

describe("request log", () => {
  it("records method, normalised path, query and status of every request, in order, including failures", async () => {
    const e = emu.current;
    const before = e.requests.length;
    const t0 = Date.now();
    await armRequest(e, "GET", `//subscriptions/${e.subscriptionId}/resourcegroups/?api-version=2021-04-01&$top=3`);
    await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups/none?api-version=2021-04-01`);
    await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups`, { token: null });
    const log = e.requests.slice(before);
    expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", `/subscriptions/${e.subscriptionId}/resourcegroups`, 200],
      ["GET", `/subscriptions/${e.subscriptionId}/resourcegroups/none`, 404],
      ["GET", `/subscriptions/${e.subscriptionId}/resourcegroups`, 401],
    ]);
    expect(log[0]!.query).toEqual({ "api-version": "2021-04-01", $top: "3" });
    expect(log[0]!.at).toBeGreaterThanOrEqual(t0);
    expect(log[2]!.at).toBeGreaterThanOrEqual(log[0]!.at);
  });
});

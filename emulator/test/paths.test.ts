import { describe, expect, it } from "vitest";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

const emu = useEmulator();

describe("path normalisation", () => {
  it("serves //subscriptions/... like /subscriptions/... (some clients send a double slash)", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-slash", location: "westeurope" });
    const res = await armRequest(e, "GET", `//subscriptions/${e.subscriptionId}/resourcegroups/rg-slash?api-version=2021-04-01`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "rg-slash", location: "westeurope" });
    expect(e.requests.at(-1)?.path).toBe(`/subscriptions/${e.subscriptionId}/resourcegroups/rg-slash`);
  });

  it("ignores duplicate inner slashes and a trailing slash", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-trail", location: "westeurope" });
    const res = await armRequest(e, "GET", `/subscriptions//${e.subscriptionId}/resourcegroups/rg-trail/?api-version=2021-04-01`);
    expect(res.status).toBe(200);
    expect(e.requests.at(-1)?.path).toBe(`/subscriptions/${e.subscriptionId}/resourcegroups/rg-trail`);
  });

  it("matches literal segments case-insensitively, as ARM does", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-case", location: "westeurope" });
    const res = await armRequest(e, "GET", `/SUBSCRIPTIONS/${e.subscriptionId}/ResourceGroups/rg-case?api-version=2021-04-01`);
    expect(res.status).toBe(200);
  });

  it("answers 400 InvalidRequestUri for broken percent-encoding", async () => {
    const res = await armRequest(emu.current, "GET", `/subscriptions/${emu.current.subscriptionId}/resourcegroups/%E0%A4%A?api-version=2021-04-01`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidRequestUri" } });
  });
});

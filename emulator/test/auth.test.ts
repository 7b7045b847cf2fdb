import { describe, expect, it } from "vitest";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

const emu = useEmulator();
const rgList = (): string => `/subscriptions/${emu.current.subscriptionId}/resourcegroups?api-version=2021-04-01`;

describe("authentication", () => {
  it("answers 401 AuthenticationFailed with a challenge when there is no bearer token", async () => {
    const res = await armRequest(emu.current, "GET", rgList(), { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "AuthenticationFailed", message: expect.any(String) as string } });
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\//);
  });

  it("answers 401 InvalidAuthenticationToken for a wrong token", async () => {
    const res = await armRequest(emu.current, "GET", rgList(), { token: "not-the-token" });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
  });

  it("rejects a non-Bearer scheme and accepts the emulator's own token", async () => {
    const basic = await armRequest(emu.current, "GET", rgList(), { token: null, headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(basic.status).toBe(401);
    const ok = await armRequest(emu.current, "GET", rgList());
    expect(ok.status).toBe(200);
  });

  it("checks auth before anything else, even for unknown paths", async () => {
    const res = await armRequest(emu.current, "GET", "/nothing/here", { token: null });
    expect(res.status).toBe(401);
  });
});

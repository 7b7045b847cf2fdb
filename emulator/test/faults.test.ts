import { describe, expect, it } from "vitest";
import { ResourceManagementClient } from "@azure/arm-resources";
import { armRequest } from "./support/replay.js";
import { fastOptions, useEmulator } from "./support/emulator.js";

const emu = useEmulator();

describe("fault injection", () => {
  it("answers the fault for `times` matching requests, then the real answer", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-fault", location: "eastus" });
    const url = `/subscriptions/${e.subscriptionId}/resourcegroups/rg-fault?api-version=2021-04-01`;
    e.injectFault({ method: "GET", path: /\/resourcegroups\/rg-fault$/i, status: 500, code: "InternalServerError", times: 2 });
    const a = await armRequest(e, "GET", url);
    const b = await armRequest(e, "GET", url);
    const c = await armRequest(e, "GET", url);
    expect([a.status, b.status, c.status]).toEqual([500, 500, 200]);
    expect(a.body).toMatchObject({ error: { code: "InternalServerError" } });
  });

  it("matches only its method and path", async () => {
    const e = emu.current;
    e.injectFault({ method: "PUT", path: /rg-only-put$/, status: 409, code: "Conflict", message: "busy" });
    const get = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups?api-version=2021-04-01`);
    expect(get.status).toBe(200);
    const put = await armRequest(e, "PUT", `/subscriptions/${e.subscriptionId}/resourcegroups/rg-only-put?api-version=2021-04-01`, { body: { location: "eastus" } });
    expect(put.status).toBe(409);
    expect(put.body).toEqual({ error: { code: "Conflict", message: "busy" } });
  });

  it("sends Retry-After (scaled) with a 429, and the SDK retries through it", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-429", location: "eastus" });
    e.injectFault({ path: /rg-429$/, status: 429, code: "TooManyRequests", retryAfterSeconds: 1 });
    const raw = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups/rg-429?api-version=2021-04-01`);
    expect(raw.status).toBe(429);
    expect(raw.headers["retry-after"]).toBe("1");
    expect(raw.headers["x-ms-retry-after-ms"]).toBe("1000");

    e.injectFault({ path: /rg-429$/, status: 503, code: "ServiceUnavailable", times: 2 });
    const client = new ResourceManagementClient(e.credential, e.subscriptionId, fastOptions(e));
    const rg = await client.resourceGroups.get("rg-429");
    expect(rg.name).toBe("rg-429");
    const statuses = e.requests.filter((r) => r.path.endsWith("/rg-429")).map((r) => r.status);
    expect(statuses).toEqual([429, 503, 503, 200]);
  });

  it("validates the fault spec", () => {
    expect(() => emu.current.injectFault({ path: /x/, status: 200, code: "Ok" })).toThrow(RangeError);
    expect(() => emu.current.injectFault({ path: /x/, status: 500, code: "E", times: 0 })).toThrow(RangeError);
  });
});

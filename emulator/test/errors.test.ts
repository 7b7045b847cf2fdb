import { describe, expect, it } from "vitest";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

const emu = useEmulator();
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("ARM error bodies and request headers", () => {
  it("sends x-ms-request-id and x-ms-correlation-request-id on success and on error", async () => {
    const e = emu.current;
    const ok = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups?api-version=2021-04-01`);
    const bad = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups/missing?api-version=2021-04-01`);
    for (const res of [ok, bad]) {
      expect(res.headers["x-ms-request-id"]).toMatch(guid);
      expect(res.headers["x-ms-correlation-request-id"]).toMatch(guid);
    }
    expect(ok.headers["x-ms-request-id"]).not.toBe(bad.headers["x-ms-request-id"]);
  });

  it("echoes the caller's correlation id", async () => {
    const e = emu.current;
    const id = "11111111-2222-3333-4444-555555555555";
    const res = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups?api-version=2021-04-01`, { headers: { "x-ms-correlation-request-id": id } });
    expect(res.headers["x-ms-correlation-request-id"]).toBe(id);
  });

  it("wraps errors as { error: { code, message } } with a JSON content type", async () => {
    const e = emu.current;
    const res = await armRequest(e, "PUT", `/subscriptions/${e.subscriptionId}/resourcegroups/rg-bad?api-version=2021-04-01`, { body: { location: "mars" } });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(Object.keys(res.body as object)).toEqual(["error"]);
    expect(res.body).toMatchObject({ error: { code: "LocationNotAvailableForResourceGroup", message: expect.stringContaining("mars") as string } });
  });

  it("answers 400 InvalidRequestContent for a body that is not JSON", async () => {
    const e = emu.current;
    const url = `/subscriptions/${e.subscriptionId}/resourcegroups/rg-x?api-version=2021-04-01`;
    const broken = await armRequest(e, "PUT", url, { rawBody: "{not json" });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: { code: "InvalidRequestContent" } });
    const empty = await armRequest(e, "PUT", url);
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: { code: "LocationRequired" } });
  });

  it("answers 405 for a method a route does not serve", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-405", location: "eastus" });
    const res = await armRequest(e, "DELETE", `/subscriptions/${e.subscriptionId}/resourcegroups/rg-405?api-version=2021-04-01`);
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({ error: { code: "MethodNotAllowed" } });
  });
});

describe("404s", () => {
  it("ResourceGroupNotFound for a missing resource group, on the group and on resources in it", async () => {
    const e = emu.current;
    const rg = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups/nope?api-version=2021-04-01`);
    expect(rg.status).toBe(404);
    expect(rg.body).toMatchObject({ error: { code: "ResourceGroupNotFound", message: "Resource group 'nope' could not be found." } });
    const mc = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourceGroups/nope/providers/Microsoft.ContainerService/managedClusters/c?api-version=2025-07-01`);
    expect(mc.status).toBe(404);
    expect(mc.body).toMatchObject({ error: { code: "ResourceGroupNotFound" } });
  });

  it("ResourceNotFound for a missing resource in an existing group", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-404", location: "eastus" });
    const res = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourceGroups/rg-404/providers/Microsoft.ContainerService/managedClusters/ghost?api-version=2025-07-01`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      error: { code: "ResourceNotFound", message: "The Resource 'Microsoft.ContainerService/managedClusters/ghost' under resource group 'rg-404' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix" },
    });
  });

  it("SubscriptionNotFound for an unknown subscription", async () => {
    const e = emu.current;
    const other = "99999999-9999-9999-9999-999999999999";
    const res = await armRequest(e, "GET", `/subscriptions/${other}/resourcegroups?api-version=2021-04-01`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "SubscriptionNotFound", message: expect.stringContaining(other) as string } });
  });

  it("a subscription added with addSubscription() is served", async () => {
    const e = emu.current;
    const sub = e.addSubscription();
    const res = await armRequest(e, "GET", `/subscriptions/${sub}/resourcegroups?api-version=2021-04-01`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ value: [] });
  });

  it("InvalidResourceType for an unknown type of a known namespace, InvalidResourceNamespace for an unknown namespace", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-type", location: "eastus" });
    const t = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourceGroups/rg-type/providers/Microsoft.Storage/fileShares/x?api-version=2024-01-01`);
    expect(t.status).toBe(404);
    expect(t.body).toMatchObject({ error: { code: "InvalidResourceType" } });
    const n = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourceGroups/rg-type/providers/Microsoft.Nope/things/x?api-version=2024-01-01`);
    expect(n.status).toBe(404);
    expect(n.body).toMatchObject({ error: { code: "InvalidResourceNamespace" } });
  });
});

import { describe, expect, it } from "vitest";
import { ResourceManagementClient } from "@azure/arm-resources";
import { armRequest } from "./support/replay.js";
import { fastOptions, useEmulator } from "./support/emulator.js";

const emu = useEmulator();

describe("resource groups", () => {
  it("PUT creates (201), PUT again updates tags (200), GET reads it back", async () => {
    const e = emu.current;
    const url = `/subscriptions/${e.subscriptionId}/resourcegroups/rg-new?api-version=2021-04-01`;
    const created = await armRequest(e, "PUT", url, { body: { location: "West Europe" } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: `/subscriptions/${e.subscriptionId}/resourceGroups/rg-new`, name: "rg-new", type: "Microsoft.Resources/resourceGroups",
      location: "westeurope", tags: {}, properties: { provisioningState: "Succeeded" },
    });
    const updated = await armRequest(e, "PUT", url, { body: { location: "westeurope", tags: { AKSAzureBackup: "westeurope" } } });
    expect(updated.status).toBe(200);
    expect((await armRequest(e, "GET", url)).body).toMatchObject({ tags: { AKSAzureBackup: "westeurope" } });
  });

  it("a PUT in another location is 409 InvalidResourceGroupLocation; a bad name is 400", async () => {
    const e = emu.current;
    const moved = await armRequest(e, "PUT", `/subscriptions/${e.subscriptionId}/resourcegroups/rg-new?api-version=2021-04-01`, { body: { location: "eastus" } });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ error: { code: "InvalidResourceGroupLocation" } });
    const bad = await armRequest(e, "PUT", `/subscriptions/${e.subscriptionId}/resourcegroups/bad.?api-version=2021-04-01`, { body: { location: "eastus" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "InvalidResourceGroupName" } });
  });

  it("HEAD answers 204 for an existing group and 404 for a missing one (SDK checkExistence)", async () => {
    const e = emu.current;
    const client = new ResourceManagementClient(e.credential, e.subscriptionId, fastOptions(e));
    expect((await client.resourceGroups.checkExistence("rg-new")).body).toBe(true);
    expect((await client.resourceGroups.checkExistence("rg-none")).body).toBe(false);
    expect(e.requests.slice(-2).map((r) => [r.method, r.status])).toEqual([["HEAD", 204], ["HEAD", 404]]);
  });

  it("GET /subscriptions/{id} describes the subscription and its tenant", async () => {
    const e = emu.current;
    const res = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}?api-version=2022-12-01`);
    expect(res.body).toMatchObject({ subscriptionId: e.subscriptionId, tenantId: e.tenantId, state: "Enabled" });
    // The fields ARM sends for a subscription, in its order.
    expect(Object.keys(res.body as object)).toEqual(["id", "authorizationSource", "managedByTenants", "tags", "subscriptionId", "tenantId", "displayName", "state", "subscriptionPolicies"]);
    expect((res.body as { subscriptionPolicies: object }).subscriptionPolicies).toEqual({ locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" });
  });
});

import { describe, expect, it } from "vitest";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";
import { resourceGraphQuota } from "../src/rp/resourceGraph.js";

const emu = useEmulator();
const url = "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01";

const clustersQuery = `resources
| where type =~ 'microsoft.containerservice/managedclusters'
| project id, name, location, resourceGroup, subscriptionId
| order by id asc`;

const instancesQuery = (ids: string[]): string => `recoveryservicesresources
| where type =~ 'microsoft.dataprotection/backupvaults/backupinstances'
| extend clusterId = tolower(tostring(properties.dataSourceInfo.resourceID))
| where clusterId in~ (${ids.map((i) => `'${i}'`).join(", ")})
| project id, name, clusterId, properties
| order by id asc`;

interface ArgBody {
  totalRecords: number;
  count: number;
  data: Array<Record<string, unknown>>;
  resultTruncated: string;
  $skipToken?: string;
}

describe("Resource Graph", () => {
  it("answers the cluster query of the given subscriptions, paged with $top and $skipToken", async () => {
    const e = emu.current;
    const other = e.addSubscription();
    const ids = ["c1", "c2", "c3"].map((name) => e.addCluster({ resourceGroup: "RG-Arg", name, location: "westeurope" }));
    e.addCluster({ resourceGroup: "rg-other", name: "elsewhere", location: "westeurope", subscriptionId: other });
    const first = await armRequest(e, "POST", url, { body: { subscriptions: [e.subscriptionId], query: clustersQuery, options: { $top: 2 } } });
    expect(first.status).toBe(200);
    const b1 = first.body as ArgBody;
    expect(b1).toMatchObject({ totalRecords: 3, count: 2, resultTruncated: "false" });
    expect(b1.data[0]).toEqual({ id: ids[0], name: "c1", location: "westeurope", resourceGroup: "rg-arg", subscriptionId: e.subscriptionId });
    expect(b1.$skipToken).toEqual(expect.any(String));
    expect(first.headers["x-ms-user-quota-remaining"]).toMatch(/^\d+$/);
    expect(first.headers["x-ms-user-quota-resets-after"]).toMatch(/^\d\d:\d\d:\d\d$/);
    const second = await armRequest(e, "POST", url, { body: { subscriptions: [e.subscriptionId], query: clustersQuery, options: { $top: 2, $skipToken: b1.$skipToken } } });
    const b2 = second.body as ArgBody;
    expect(b2).toMatchObject({ totalRecords: 3, count: 1 });
    expect(b2.data.map((r) => r["id"])).toEqual([ids[2]]);
    expect(b2.$skipToken).toBeUndefined();
    // A token belongs to its query and scopes.
    const wrong = await armRequest(e, "POST", url, { body: { subscriptions: [other], query: clustersQuery, options: { $skipToken: b1.$skipToken } } });
    expect(wrong.status).toBe(400);
  });

  it("filters backup instances on properties.dataSourceInfo.resourceID", async () => {
    const e = emu.current;
    const cluster = e.addCluster({ resourceGroup: "rg-arg2", name: "prot", location: "westeurope" });
    const vaultId = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-arg2/providers/Microsoft.DataProtection/backupVaults/v1`;
    const id = `${vaultId}/backupInstances/bi1`;
    e.state.backupInstances.set({ id, name: "bi1", vaultId, datasourceId: cluster, body: { id, name: "bi1", type: "Microsoft.DataProtection/backupVaults/backupInstances", properties: { dataSourceInfo: { resourceID: cluster }, currentProtectionState: "ProtectionConfigured" } } });
    const res = await armRequest(e, "POST", url, { body: { query: instancesQuery([cluster.toUpperCase(), "/subscriptions/x/none"]) } });
    expect(res.status).toBe(200);
    const body = res.body as ArgBody;
    expect(body.data).toEqual([{ id, name: "bi1", clusterId: cluster.toLowerCase(), properties: { dataSourceInfo: { resourceID: cluster }, currentProtectionState: "ProtectionConfigured" } }]);
  });

  it("refuses a query outside the documented forms with ARG's 400", async () => {
    const res = await armRequest(emu.current, "POST", url, { body: { query: "resources | take 5" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "BadRequest", details: [{ code: "InvalidQuery" }, { code: "UnsupportedQuery" }] } });
  });

  it("throttles past the quota with 429 RateLimiting and the reset time", async () => {
    const e = emu.current;
    let last = await armRequest(e, "POST", url, { body: { query: clustersQuery } });
    for (let i = 0; i < resourceGraphQuota.requests && last.status === 200; i++) last = await armRequest(e, "POST", url, { body: { query: clustersQuery } });
    expect(last.status).toBe(429);
    expect(last.headers["x-ms-user-quota-remaining"]).toBe("0");
    expect(last.body).toMatchObject({ error: { code: "RateLimiting" } });
    e.advanceTime(resourceGraphQuota.windowSeconds);
    const after = await armRequest(e, "POST", url, { body: { query: clustersQuery } });
    expect(after.status).toBe(200);
    expect(after.headers["x-ms-user-quota-remaining"]).toBe(String(resourceGraphQuota.requests - 1));
  });

  it("refuses an api-version Resource Graph does not have", async () => {
    const res = await armRequest(emu.current, "POST", "/providers/Microsoft.ResourceGraph/resources?api-version=1999-01-01", { body: { query: clustersQuery } });
    expect(res.status).toBe(400);
  });
});

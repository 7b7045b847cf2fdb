import { describe, expect, it } from "vitest";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SourceControlConfigurationClient } from "@azure/arm-kubernetesconfiguration";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

const emu = useEmulator({ pageSize: 2, registeredProviders: ["Microsoft.ContainerService", "Microsoft.KubernetesConfiguration"] });

describe("paging with nextLink", () => {
  it("splits lists into pages whose nextLink carries api-version and $skipToken; the last page has none", async () => {
    const e = emu.current;
    for (const n of [1, 2, 3, 4, 5]) e.addResourceGroup({ name: `rg-page-${n}`, location: "eastus" });
    const names: string[] = [];
    let url: string | undefined = `/subscriptions/${e.subscriptionId}/resourcegroups?api-version=2021-04-01`;
    let pages = 0;
    while (url !== undefined) {
      const res = await armRequest(e, "GET", url);
      expect(res.status).toBe(200);
      const body = res.body as { value: Array<{ name: string }>; nextLink?: string };
      expect(body.value.length).toBeLessThanOrEqual(2);
      names.push(...body.value.map((v) => v.name));
      if (body.nextLink !== undefined) {
        expect(body.nextLink.startsWith(`${e.endpoint}/subscriptions/`)).toBe(true);
        expect(new URL(body.nextLink).searchParams.get("api-version")).toBe("2021-04-01");
        expect(new URL(body.nextLink).searchParams.get("$skipToken")).toMatch(/^\d+$/);
      }
      url = body.nextLink;
      pages++;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(["rg-page-1", "rg-page-2", "rg-page-3", "rg-page-4", "rg-page-5"]);
  });

  it("the real SDK client follows nextLink to the end", async () => {
    const e = emu.current;
    const client = new ResourceManagementClient(e.credential, e.subscriptionId, e.clientOptions);
    const names: string[] = [];
    for await (const rg of client.resourceGroups.list()) names.push(rg.name ?? "");
    expect(names.filter((n) => n.startsWith("rg-page-"))).toHaveLength(5);
    const listCalls = e.requests.filter((r) => r.path.endsWith("/resourcegroups") && r.method === "GET").slice(-3);
    expect(listCalls.map((r) => r.query["$skipToken"])).toEqual([undefined, "2", "4"]);
  });

  it("pages extension lists too: nextLink on full pages, `nextLink: null` on the last (as recorded)", async () => {
    const e = emu.current;
    const clusterId = e.addCluster({ resourceGroup: "rg-page-ext", name: "c1", location: "eastus" });
    const base = `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions`;
    for (const name of ["dapr", "flux", "ml"]) {
      const type = { dapr: "microsoft.dapr", flux: "microsoft.flux", ml: "microsoft.azureml.kubernetes" }[name];
      expect((await armRequest(e, "PUT", `${base}/${name}?api-version=2023-05-01`, { body: { properties: { extensionType: type } } })).status).toBe(201);
    }
    const first = (await armRequest(e, "GET", `${base}?api-version=2023-05-01`)).body as { value: unknown[]; nextLink: string | null };
    expect(first.value).toHaveLength(2);
    expect(new URL(first.nextLink ?? "").searchParams.get("$skipToken")).toBe("2");
    const last = (await armRequest(e, "GET", first.nextLink!)).body as { value: unknown[]; nextLink: string | null };
    expect(last).toMatchObject({ value: [expect.objectContaining({ name: "ml" })], nextLink: null });
    const client = new SourceControlConfigurationClient(e.credential, e.subscriptionId, e.clientOptions);
    const names: string[] = [];
    for await (const x of client.extensions.list("rg-page-ext", "Microsoft.ContainerService", "managedClusters", "c1")) names.push(x.name ?? "");
    expect(names).toEqual(["dapr", "flux", "ml"]);
  });

  it("answers 400 InvalidSkipToken for a bad token", async () => {
    const e = emu.current;
    const res = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups?api-version=2021-04-01&$skipToken=abc`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidSkipToken" } });
  });
});

import { describe, expect, it } from "vitest";
import { createHttpHeaders, createPipelineRequest, type HttpMethods, type PipelineResponse } from "@azure/core-rest-pipeline";
import { ReadMemo, readMemoPolicy, withReadMemo } from "../../src/common/readMemo.js";

const base = "https://arm.example/subscriptions/s/resourceGroups/rg";

/** A policy chain's `next`: answers each request with a body naming how many requests were sent. */
function server(): { sent: string[]; send: (method: HttpMethods, url: string) => Promise<PipelineResponse> } {
  const sent: string[] = [];
  const policy = readMemoPolicy();
  return {
    sent,
    send: (method, url) =>
      policy.sendRequest(createPipelineRequest({ method, url }), (request) => {
        sent.push(`${request.method} ${request.url}`);
        const status = url.includes("missing") ? 404 : url.includes("broken") ? 500 : 200;
        return Promise.resolve({ request, status, headers: createHttpHeaders({ "x-n": String(sent.length) }), bodyAsText: `{"n":${sent.length}}` });
      }),
  };
}

describe("ReadMemo: what a run observed, handed to its steps once", () => {
  it("serves each observed read once after the observation, then goes to the service", async () => {
    const s = server();
    const memo = new ReadMemo();
    await withReadMemo(memo, async () => {
      await s.send("GET", `${base}/providers/P/vaults/v?api-version=1`);
      await s.send("GET", `${base}/providers/P/vaults/missing?api-version=1`);
      await s.send("GET", `${base}/providers/P/vaults/broken?api-version=1`);
      memo.endObservation();
      const served = await s.send("GET", `${base}/providers/P/vaults/v?api-version=1`);
      expect(served.status).toBe(200);
      expect(served.bodyAsText).toBe('{"n":1}');
      expect(served.headers.get("x-n")).toBe("1");
      expect((await s.send("GET", `${base}/providers/P/vaults/missing?api-version=1`)).status).toBe(404);
      await s.send("GET", `${base}/providers/P/vaults/broken?api-version=1`); // a 500 is never remembered
      await s.send("GET", `${base}/providers/P/vaults/v?api-version=1`); // served once only
      await s.send("GET", `${base}/providers/P/vaults/v?api-version=2`); // another api-version is another read
    });
    expect(memo.served).toBe(2);
    expect(s.sent).toHaveLength(6);
  });

  it("forgets what a write touched: the resource and its parents; a DELETE also what is under it", async () => {
    const s = server();
    const memo = new ReadMemo();
    const urls = { rg: base, vault: `${base}/providers/P/vaults/v`, child: `${base}/providers/P/vaults/v/policies/p`, other: `${base}/providers/P/vaults/w` };
    await withReadMemo(memo, async () => {
      for (const u of Object.values(urls)) await s.send("GET", u);
      memo.endObservation();
      await s.send("PUT", urls.rg); // a PUT of a parent changes none of its children
      await s.send("PUT", urls.child); // the child and its parents are stale
      expect((await s.send("GET", urls.vault)).bodyAsText).not.toMatch(/"n":2\b/);
      expect(memo.served).toBe(0);
      await s.send("DELETE", `${base}/providers/P`);
      await s.send("GET", urls.other); // under a deleted path
      expect(memo.served).toBe(0);
    });
    expect(s.sent.filter((r) => r.startsWith("GET"))).toHaveLength(6);
  });

  it("does nothing outside a run", async () => {
    const s = server();
    await s.send("GET", `${base}/x`);
    await s.send("GET", `${base}/x`);
    expect(s.sent).toHaveLength(2);
  });
});

describe("ReadMemo: one resource under several paths", () => {
  it("forgets every read of a resource provider after a write to it (not after its registration)", async () => {
    const s = server();
    const memo = new ReadMemo();
    const cluster = `${base}/providers/Microsoft.ContainerService/managedClusters/c`;
    const onCluster = `${cluster}/providers/Microsoft.DataProtection/backupInstances`;
    const vault = `${base}/providers/Microsoft.DataProtection/backupVaults/v`;
    await withReadMemo(memo, async () => {
      await s.send("GET", onCluster);
      await s.send("GET", vault);
      await s.send("GET", cluster);
      memo.endObservation();
      await s.send("POST", "https://arm.example/subscriptions/s/providers/Microsoft.DataProtection/register");
      await s.send("POST", `${vault}/backupInstances/bi/resumeProtection`);
      await s.send("GET", onCluster); // the same instance, seen from the cluster: stale now
      await s.send("GET", cluster); // another provider: still what preflight saw
    });
    expect(memo.served).toBe(1);
    expect(s.sent.filter((r) => r.startsWith("GET"))).toHaveLength(4);
  });
});

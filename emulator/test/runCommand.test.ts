import { describe, expect, it } from "vitest";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { startArmEmulator, type ArmEmulator } from "../src/index.js";
import { parseGetNamespaces } from "../src/rp/runCommandKubectl.js";
import { armRequest } from "./support/replay.js";
import { fastOptions, useEmulator } from "./support/emulator.js";

const emu = useEmulator();
const builtIns = ["default", "kube-node-lease", "kube-public", "kube-system"];

function client(e: ArmEmulator): ContainerServiceClient {
  return new ContainerServiceClient(e.credential, e.subscriptionId, fastOptions(e));
}

/** `az aks command invoke` through the real SDK: the POST, then its poller follows the Location. */
async function invoke(e: ArmEmulator, rg: string, name: string, command: string): Promise<{ exitCode?: number; logs?: string; provisioningState?: string }> {
  return await client(e).managedClusters.runCommand(rg, name, { command }, { updateIntervalInMs: 5 });
}

describe("AKS run command", () => {
  it("lists the built-in and seeded namespaces in every output form (real SDK poller)", async () => {
    const e = emu.current;
    const id = e.addCluster({ resourceGroup: "rg-rc", name: "aks-rc", location: "westeurope" });
    e.addClusterObjects(id, [
      { kind: "namespaces", name: "payments", labels: { team: "pay" } },
      { namespace: "orders", kind: "deployments", name: "api" },
    ]);
    const all = [...builtIns, "orders", "payments"].sort();

    const names = await invoke(e, "rg-rc", "aks-rc", "kubectl get namespaces -o name");
    expect(names).toMatchObject({ provisioningState: "Succeeded", exitCode: 0 });
    expect(names.logs).toBe(all.map((n) => `namespace/${n}\n`).join(""));

    const json = JSON.parse((await invoke(e, "rg-rc", "aks-rc", "kubectl get ns -o json")).logs ?? "") as { kind: string; items: Array<{ kind: string; metadata: { name: string; labels: Record<string, string> } }> };
    expect(json.kind).toBe("List");
    expect(json.items.map((i) => i.metadata.name)).toEqual(all);
    expect(json.items.every((i) => i.kind === "Namespace")).toBe(true);
    expect(json.items.find((i) => i.metadata.name === "payments")?.metadata.labels).toEqual({ team: "pay", "kubernetes.io/metadata.name": "payments" });

    for (const form of ["-o jsonpath={.items[*].metadata.name}", "-o jsonpath='{.items[*].metadata.name}'", `-o "jsonpath={.items[*].metadata.name}"`]) {
      expect((await invoke(e, "rg-rc", "aks-rc", `kubectl get namespaces ${form}`)).logs, form).toBe(all.join(" "));
    }

    const table = (await invoke(e, "rg-rc", "aks-rc", "kubectl get namespaces")).logs ?? "";
    const rows = table.trimEnd().split("\n").map((l) => l.split(/\s+/));
    expect(rows[0]).toEqual(["NAME", "STATUS", "AGE"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(all);
    expect(rows.slice(1).every((r) => r[1] === "Active")).toBe(true);
  });

  it("gets a ConfigMap by name and namespace (kubectl get configmap <name> -n <ns>), NotFound with exit code 1 otherwise", async () => {
    const e = emu.current;
    const id = e.addCluster({ resourceGroup: "rg-rc", name: "aks-cm", location: "westeurope" });
    e.addClusterObjects(id, [{ namespace: "velero", kind: "configmaps", name: "rules" }]);
    expect(await invoke(e, "rg-rc", "aks-cm", "kubectl get configmap rules -n velero -o name")).toMatchObject({ exitCode: 0, logs: "configmap/rules\n" });
    expect((await invoke(e, "rg-rc", "aks-cm", "kubectl get cm rules --namespace=velero")).logs).toMatch(/^NAME\s+DATA\s+AGE\nrules\s/);
    expect(await invoke(e, "rg-rc", "aks-cm", "kubectl get configmaps rules -n default -o name")).toMatchObject({ exitCode: 1, logs: 'Error from server (NotFound): configmaps "rules" not found\n' });
    expect(await invoke(e, "rg-rc", "aks-cm", "kubectl get configmap ghost -n velero")).toMatchObject({ exitCode: 1 });
  });

  it("sees namespaces seeded after an earlier command, and reports named ones that do not exist", async () => {
    const e = emu.current;
    const id = e.addCluster({ resourceGroup: "rg-rc", name: "aks-later", location: "westeurope" });
    expect((await invoke(e, "rg-rc", "aks-later", "kubectl get ns -o jsonpath={.items[*].metadata.name}")).logs).toBe(builtIns.join(" "));
    e.addClusterObjects(id, [{ namespace: "restored-app", kind: "configmaps", name: "cfg" }]);
    expect((await invoke(e, "rg-rc", "aks-later", "kubectl get ns -o jsonpath={.items[*].metadata.name}")).logs).toBe([...builtIns, "restored-app"].sort().join(" "));

    const named = await invoke(e, "rg-rc", "aks-later", "kubectl get namespace restored-app ghost -o name");
    expect(named.exitCode).toBe(1);
    expect(named.logs).toBe('namespace/restored-app\nError from server (NotFound): namespaces "ghost" not found\n');
  });

  it("runs any other command with exit code 1 and a note that only kubectl get namespaces is emulated", async () => {
    const e = emu.current;
    e.addCluster({ resourceGroup: "rg-rc", name: "aks-other", location: "westeurope" });
    for (const command of ["kubectl get pods -A", "helm list", "kubectl get ns -o yaml"]) {
      const r = await invoke(e, "rg-rc", "aks-other", command);
      expect(r.provisioningState, command).toBe("Succeeded");
      expect(r.exitCode, command).toBe(1);
      expect(r.logs, command).toMatch(/^error: .*\n.*only 'kubectl get namespaces'/);
    }
  });

  it("answers 404 for a missing cluster and 400 for a request without a command", async () => {
    const e = emu.current;
    await expect(invoke(e, "rg-rc", "ghost", "kubectl get ns")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    const id = e.addCluster({ resourceGroup: "rg-rc", name: "aks-bad", location: "westeurope" });
    const res = await armRequest(e, "POST", `${id}/runCommand?api-version=2025-10-01`, { body: { context: "" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "InvalidParameter" });
  });

  it("refuses run command on a cluster that disables it, which its GET shows", async () => {
    const e = emu.current;
    e.addCluster({ resourceGroup: "rg-rc", name: "aks-locked", location: "westeurope", disableRunCommand: true });
    const mc = await client(e).managedClusters.get("rg-rc", "aks-locked");
    expect(mc.apiServerAccessProfile?.disableRunCommand).toBe(true);
    expect((await client(e).managedClusters.get("rg-rc", "aks-rc")).apiServerAccessProfile).toBeUndefined();
    await expect(invoke(e, "rg-rc", "aks-locked", "kubectl get ns")).rejects.toMatchObject({ statusCode: 400, code: "RunCommandDisabled" });
    expect(() => e.addCluster({ resourceGroup: "rg-rc", name: "arc-x", location: "westeurope", kind: "connectedCluster", disableRunCommand: true })).toThrow(/AKS clusters/);
  });

  it("refuses a caller that cannot read the cluster with 403 AuthorizationFailed", async () => {
    const e = emu.current;
    const id = e.addCluster({ resourceGroup: "rg-rc-noread", name: "aks-noread", location: "westeurope" });
    e.setCallerCanRead(`/subscriptions/${e.subscriptionId}/resourceGroups/rg-rc-noread`, false);
    try {
      const res = await armRequest(e, "POST", `${id}/runCommand?api-version=2025-10-01`, { body: { command: "kubectl get ns" } });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: "AuthorizationFailed", message: expect.stringContaining("managedClusters/runCommand/action") as unknown } });
    } finally {
      e.setCallerCanRead(`/subscriptions/${e.subscriptionId}/resourceGroups/rg-rc-noread`, true);
    }
  });

  it("has the spec's HTTP shape: 202 + Location, 202 while running, then 200 RunCommandResult", async () => {
    const e = await startArmEmulator({ durations: { runCommand: 13 } });
    try {
      const id = e.addCluster({ resourceGroup: "rg1", name: "clustername1", location: "westeurope" });
      const post = await armRequest(e, "POST", `${id}/runCommand?api-version=2025-10-01`, { body: { command: "kubectl get ns -o name", context: "", clusterToken: "" } });
      expect(post.status).toBe(202);
      expect(post.body).toBeNull();
      const location = post.headers["location"] ?? "";
      const m = /\/managedClusters\/clustername1\/commandResults\/([0-9a-f]{32})\?api-version=2025-10-01$/.exec(location);
      expect(m, location).not.toBeNull();
      expect(location.startsWith(`${e.endpoint}/subscriptions/${e.subscriptionId}/resourcegroups/rg1/providers/Microsoft.ContainerService/`)).toBe(true);

      const running = await armRequest(e, "GET", location);
      expect(running.status).toBe(202);
      expect(running.body).toBeNull();
      expect(running.headers["location"]).toBe(location);

      e.advanceTime(13);
      const done = await armRequest(e, "GET", location);
      expect(done.status).toBe(200);
      const body = done.body as { id: string; properties: Record<string, unknown> };
      expect(Object.keys(body).sort()).toEqual(["id", "properties"]);
      expect(body.id).toBe(m![1]);
      expect(Object.keys(body.properties).sort()).toEqual(["exitCode", "finishedAt", "logs", "provisioningState", "startedAt"]);
      expect(body.properties).toMatchObject({ provisioningState: "Succeeded", exitCode: 0, logs: builtIns.map((n) => `namespace/${n}\n`).join("") });
      const started = Date.parse(body.properties["startedAt"] as string);
      expect(Date.parse(body.properties["finishedAt"] as string) - started).toBe(13_000);
      expect(body.properties["startedAt"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      const unknown = await armRequest(e, "GET", `${id}/commandResults/0123456789abcdef0123456789abcdef?api-version=2025-10-01`);
      expect(unknown.status).toBe(404);
    } finally {
      await e.stop();
    }
  });

  it("parses the kubectl forms it knows and nothing else", () => {
    expect(parseGetNamespaces("kubectl get ns -o=json")?.output).toEqual({ kind: "json" });
    expect(parseGetNamespaces("kubectl get ns -ojson")?.output).toEqual({ kind: "json" });
    expect(parseGetNamespaces("kubectl get namespaces --output name")?.output).toEqual({ kind: "name" });
    expect(parseGetNamespaces("kubectl get ns --output=jsonpath=.items[*].metadata.name")?.output).toEqual({ kind: "jsonpath" });
    expect(parseGetNamespaces("kubectl get ns --no-headers")?.output).toEqual({ kind: "table", headers: false });
    expect(parseGetNamespaces("kubectl get ns -o jsonpath={.items[0].metadata.name}")).toBeUndefined();
    expect(parseGetNamespaces("kubectl get ns -A")).toBeUndefined();
    expect(parseGetNamespaces("kubectl get ns -o 'json")).toBeUndefined();
    expect(parseGetNamespaces("kubectl delete ns default")).toBeUndefined();
  });
});

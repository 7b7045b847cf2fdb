import { describe, expect, it } from "vitest";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { armRequest, compareShapes, loadRecording } from "./support/replay.js";
import { fastOptions, useEmulator } from "./support/emulator.js";
import { startArmEmulator } from "../src/index.js";

const emu = useEmulator();

describe("managed clusters", () => {
  it("GET returns the system-assigned identity, node resource group and kubelet identity (real SDK)", async () => {
    const e = emu.current;
    const id = e.addCluster({ resourceGroup: "rg-aks", name: "aks1", location: "westeurope" });
    const client = new ContainerServiceClient(e.credential, e.subscriptionId, fastOptions(e));
    const mc = await client.managedClusters.get("rg-aks", "aks1");
    expect(mc.id).toBe(id);
    expect(mc.location).toBe("westeurope");
    expect(mc.identity?.type).toBe("SystemAssigned");
    expect(mc.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(mc.identity?.tenantId).toBe(e.tenantId);
    expect(mc.nodeResourceGroup).toBe("MC_rg-aks_aks1_westeurope");
    expect(mc.provisioningState).toBe("Succeeded");
    expect(mc.identityProfile?.["kubeletidentity"]?.objectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(mc.identityProfile?.["kubeletidentity"]?.objectId).not.toBe(mc.identity?.principalId);
    // The node resource group exists too.
    const rg = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups/MC_rg-aks_aks1_westeurope?api-version=2021-04-01`);
    expect(rg.status).toBe(200);
  });

  it("has the recorded shape of a real managed cluster GET (every field it sends is real, with the real type)", async () => {
    const e = emu.current;
    const recorded = loadRecording("test_aks_trustedaccess_rolebinding.json").interactions[10]!;
    expect(recorded.path).toMatch(/managedClusters\/cliakstest000001$/);
    const id = e.addCluster({ resourceGroup: "rg-shape", name: "shape1", location: "westus2" });
    const res = await armRequest(e, "GET", `${id}?api-version=${recorded.apiVersion ?? ""}`);
    expect(res.status).toBe(recorded.status);
    // The emulator sends a subset of a real cluster's fields, so only extra or different fields count.
    const diffs = compareShapes(recorded.responseBody, res.body).filter((d) => !d.includes("missing in emulator"));
    expect(diffs).toEqual([]);
  });

  it("reports user-assigned identities and identity None", async () => {
    const e = emu.current;
    const uami = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-aks/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`;
    e.addCluster({ resourceGroup: "rg-aks", name: "aks-uami", location: "westeurope", identity: { userAssigned: [uami] } });
    e.addCluster({ resourceGroup: "rg-aks", name: "aks-none", location: "westeurope", identity: "None" });
    const client = new ContainerServiceClient(e.credential, e.subscriptionId, fastOptions(e));
    const u = await client.managedClusters.get("rg-aks", "aks-uami");
    expect(u.identity?.type).toBe("UserAssigned");
    expect(u.identity?.userAssignedIdentities?.[uami]?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const n = await client.managedClusters.get("rg-aks", "aks-none");
    expect(n.identity?.type).toBe("None");
  });

  it("lists the clusters of a resource group, and 404s a missing one", async () => {
    const e = emu.current;
    const client = new ContainerServiceClient(e.credential, e.subscriptionId, fastOptions(e));
    const names: string[] = [];
    for await (const c of client.managedClusters.listByResourceGroup("rg-aks")) names.push(c.name ?? "");
    expect(names.sort()).toEqual(["aks-none", "aks-uami", "aks1"]);
    await expect(client.managedClusters.get("rg-aks", "ghost")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
  });

  it("serves Arc connected clusters under Microsoft.Kubernetes", async () => {
    const e = emu.current;
    const id = e.addCluster({ resourceGroup: "rg-arc", name: "arc1", location: "eastus", kind: "connectedCluster" });
    const res = await armRequest(e, "GET", `${id}?api-version=2024-01-01`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: "Microsoft.Kubernetes/connectedClusters", properties: { connectivityStatus: "Connected" } });
    // An Arc cluster has no node resource group.
    const rg = await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups/MC_rg-arc_arc1_eastus?api-version=2021-04-01`);
    expect(rg.status).toBe(404);
  });

  it("addCluster rejects bad names and duplicates", () => {
    const e = emu.current;
    expect(() => e.addCluster({ resourceGroup: "rg-aks", name: "-bad", location: "westeurope" })).toThrow(/not a valid cluster name/);
    expect(() => e.addCluster({ resourceGroup: "rg-aks", name: "aks1", location: "westeurope" })).toThrow(/already exists/);
    expect(() => e.addCluster({ resourceGroup: "rg-aks", name: "x1", location: "atlantis" })).toThrow();
  });
  it("DELETE runs as an LRO: 202 with regional monitors, Deleting, then the cluster, its extensions, bindings and node resource group are gone", async () => {
    const e = await startArmEmulator({ profile: "realistic", timeScale: 1 });
    try {
      const id = e.addCluster({ resourceGroup: "rg-del", name: "del1", location: "westeurope" });
      const vault = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-del/providers/Microsoft.DataProtection/backupVaults/v1`;
      const put = await armRequest(e, "PUT", `${id}/trustedAccessRoleBindings/b1?api-version=2022-11-02-preview`,
        { body: { properties: { sourceResourceId: vault, roles: ["Microsoft.DataProtection/backupVaults/backup-operator"] } } });
      expect(put.status).toBe(200);
      const reader = `/subscriptions/${e.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
      const assignment = `${id}/providers/Microsoft.Authorization/roleAssignments/${crypto.randomUUID()}`;
      const principalId = e.addServicePrincipal({ visibleNow: true });
      expect((await armRequest(e, "PUT", `${assignment}?api-version=2022-04-01`, { body: { properties: { roleDefinitionId: reader, principalId, principalType: "ServicePrincipal" } } })).status).toBe(201);
      const v = "2025-10-01";
      const res = await armRequest(e, "DELETE", `${id}?api-version=${v}`);
      expect([res.status, res.body]).toEqual([202, null]);
      expect(res.headers["azure-asyncoperation"]).toMatch(/\/providers\/Microsoft\.ContainerService\/locations\/westeurope\/operations\/[0-9a-f-]{36}\?api-version=2025-03-01$/);
      expect(res.headers["location"]).toMatch(/\/locations\/westeurope\/operationresults\/[0-9a-f-]{36}\?api-version=2025-03-01$/);
      const during = await armRequest(e, "GET", `${id}?api-version=${v}`);
      expect((during.body as { properties: { provisioningState: string } }).properties.provisioningState).toBe("Deleting");
      const monitor = await armRequest(e, "GET", res.headers["azure-asyncoperation"]!);
      expect((monitor.body as { status: string }).status).toBe("InProgress");
      expect((await armRequest(e, "DELETE", `${id}?api-version=${v}`)).status).toBe(409);
      e.advanceTime(300);
      expect(((await armRequest(e, "GET", res.headers["azure-asyncoperation"]!)).body as { status: string }).status).toBe("Succeeded");
      expect((await armRequest(e, "GET", res.headers["location"]!)).status).toBe(204);
      expect((await armRequest(e, "GET", `${id}?api-version=${v}`)).status).toBe(404);
      expect((await armRequest(e, "GET", `${id}/trustedAccessRoleBindings/b1?api-version=${v}`)).status).toBe(404);
      expect(e.state.roleAssignments.has(assignment)).toBe(false);
      expect((await armRequest(e, "GET", `/subscriptions/${e.subscriptionId}/resourcegroups/MC_rg-del_del1_westeurope?api-version=2021-04-01`)).status).toBe(404);
      expect((await armRequest(e, "DELETE", `${id}?api-version=${v}`)).status).toBe(204);
    } finally {
      await e.stop();
    }
  });

  it("the SDK's managedClusters.delete runs to its end against the emulator", async () => {
    const e = emu.current;
    e.addCluster({ resourceGroup: "rg-sdkdel", name: "sdkdel", location: "westeurope" });
    const client = new ContainerServiceClient(e.credential, e.subscriptionId, fastOptions(e));
    await client.managedClusters.delete("rg-sdkdel", "sdkdel", { updateIntervalInMs: 10 }).pollUntilDone();
    await expect(client.managedClusters.get("rg-sdkdel", "sdkdel")).rejects.toMatchObject({ statusCode: 404 });
  });
});

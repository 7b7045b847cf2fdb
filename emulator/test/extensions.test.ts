import { describe, expect, it } from "vitest";
import { SourceControlConfigurationClient, type Extension } from "@azure/arm-kubernetesconfiguration";
import type { FullOperationResponse } from "@azure/core-client";
import { armRequest } from "./support/replay.js";
import { fastOptions, useEmulator } from "./support/emulator.js";
import { backupExtension, extensionPath, validateExtension, validateExtensionList, validateOperationStatus } from "./extensionFixtures.js";

// Realistic durations (install 180 s, update 90 s, delete 60 s) at 3 real ms per simulated second.
const emu = useEmulator({
  profile: "realistic", timeScale: 3, durations: { requestLatency: 0 },
  registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.KubernetesConfiguration"],
});
const rg = "rg-ext";
const name = "azure-aks-backup";

function setup(cluster: string): { client: SourceControlConfigurationClient; clusterId: string } {
  const e = emu.current;
  const clusterId = e.addCluster({ resourceGroup: rg, name: cluster, location: "westeurope" });
  if (!e.state.storageAccounts.has(`/subscriptions/${e.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/extsa`)) {
    e.addStorageAccount({ resourceGroup: rg, name: "extsa", location: "westeurope", containers: ["velero"] });
  }
  const client = new SourceControlConfigurationClient(e.credential, e.subscriptionId, fastOptions(e));
  return { client, clusterId };
}

const args = (cluster: string) => [rg, "Microsoft.ContainerService", "managedClusters", cluster] as const;

describe("backup extension lifecycle (real SourceControlConfigurationClient)", () => {
  it("create: 201 + Azure-AsyncOperation, Creating -> Succeeded, aksAssignedIdentity set", async () => {
    const e = emu.current;
    const { client, clusterId } = setup("c-create");
    const responses: FullOperationResponse[] = [];
    const poller = await client.extensions.beginCreate(...args("c-create"), name, backupExtension(e, "extsa", rg), {
      updateIntervalInMs: 10, onResponse: (r) => responses.push(r),
    });
    const initial = responses[0]!;
    expect(initial.status).toBe(201);
    const asyncOp = initial.headers.get("azure-asyncoperation") ?? "";
    expect(asyncOp).toMatch(new RegExp(`^${e.endpoint}${extensionPath(clusterId, name)}/operations/[0-9a-f-]{36}\\?api-Version=2023-05-01$`));
    expect(initial.headers.get("operation-location")).toBeUndefined();
    const initialBody = JSON.parse(initial.bodyAsText ?? "") as { properties: Record<string, unknown> };
    expect(initialBody.properties["provisioningState"]).toBe("Creating");
    expect(validateExtension(initialBody)).toEqual([]);

    const running = await armRequest(e, "GET", asyncOp);
    expect(running.body).toMatchObject({ status: "Creating", error: null });
    expect(validateOperationStatus(running.body)).toEqual([]);

    const done = await poller.pollUntilDone();
    expect(done.provisioningState).toBe("Succeeded");
    expect(done.aksAssignedIdentity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(done.aksAssignedIdentity?.tenantId).toBe(e.tenantId);
    expect(done.currentVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(done.scope?.cluster?.releaseNamespace).toBe("dataprotection-microsoft");

    const finished = await armRequest(e, "GET", asyncOp);
    expect(finished.body).toMatchObject({ status: "Succeeded", name: asyncOp.split("/operations/")[1]!.split("?")[0] });
    expect(validateOperationStatus(finished.body)).toEqual([]);
    const raw = await armRequest(e, "GET", `${extensionPath(clusterId, name)}?api-version=2023-05-01`);
    expect(validateExtension(raw.body)).toEqual([]);
  });

  it("get and list, never returning protected settings' values (keys kept with blank values, as Azure echoes them)", async () => {
    const e = emu.current;
    const { client, clusterId } = setup("c-get");
    await client.extensions.beginCreateAndWait(...args("c-get"), name, { ...backupExtension(e, "extsa", rg), configurationProtectedSettings: { secret: "s3cr3t" } }, { updateIntervalInMs: 10 });
    const got = await client.extensions.get(...args("c-get"), name);
    expect(got.id).toBe(extensionPath(clusterId, name));
    expect(got.configurationProtectedSettings).toEqual({ secret: "" });
    const list: Extension[] = [];
    for await (const x of client.extensions.list(...args("c-get"))) list.push(x);
    expect(list.map((x) => x.name)).toEqual([name]);
    const raw = await armRequest(e, "GET", `${extensionPath(clusterId)}?api-version=2023-05-01`);
    expect(raw.body).toMatchObject({ nextLink: null });
    expect(validateExtensionList(raw.body)).toEqual([]);
    expect(JSON.stringify(raw.body)).not.toContain("s3cr3t");
  });

  it("sends the LRO headers Azure sends: no Retry-After on PUT and PATCH, only Azure-AsyncOperation on DELETE", async () => {
    const e = emu.current;
    const { clusterId } = setup("c-headers");
    const url = `${extensionPath(clusterId, name)}?api-version=2023-05-01`;
    const put = await armRequest(e, "PUT", url, { body: { properties: backupExtension(e, "extsa", rg) } });
    expect(put.status).toBe(201);
    expect([typeof put.headers["azure-asyncoperation"], typeof put.headers["location"], put.headers["retry-after"]]).toEqual(["string", "string", undefined]);
    e.advanceTime(180);
    const patch = await armRequest(e, "PATCH", url, { body: { properties: { configurationSettings: { "resources.limits.cpu": "1" } } } });
    expect([patch.status, patch.headers["retry-after"]]).toEqual([202, undefined]);
    e.advanceTime(90);
    const del = await armRequest(e, "DELETE", url);
    expect([del.status, typeof del.headers["azure-asyncoperation"], del.headers["location"], del.headers["retry-after"]]).toEqual([202, "string", undefined, undefined]);
  });

  it("update: PATCH answers 202 Updating and merges settings (null removes a key)", async () => {
    const e = emu.current;
    const { client, clusterId } = setup("c-patch");
    await client.extensions.beginCreateAndWait(...args("c-patch"), name, backupExtension(e, "extsa", rg, { "resources.limits.memory": "2Gi" }), { updateIntervalInMs: 10 });
    const responses: FullOperationResponse[] = [];
    const updated = await client.extensions.beginUpdateAndWait(...args("c-patch"), name, { configurationSettings: { "resources.limits.cpu": "1" } }, {
      updateIntervalInMs: 10, onResponse: (r) => responses.push(r),
    });
    expect(responses[0]!.status).toBe(202);
    expect(responses[0]!.headers.get("azure-asyncoperation")).toContain("/operations/");
    expect(JSON.parse(responses[0]!.bodyAsText ?? "")).toMatchObject({ properties: { provisioningState: "Updating" } });
    expect(updated.provisioningState).toBe("Succeeded");
    expect(updated.configurationSettings).toMatchObject({ "resources.limits.cpu": "1", "resources.limits.memory": "2Gi", "configuration.backupStorageLocation.bucket": "velero" });

    const url = `${extensionPath(clusterId, name)}?api-version=2023-05-01`;
    const removed = await armRequest(e, "PATCH", url, { body: { properties: { configurationSettings: { "resources.limits.cpu": null } } } });
    expect(removed.status).toBe(202);
    expect(validateExtension(removed.body)).toEqual([]);
    const settings = (removed.body as { properties: { configurationSettings: Record<string, string> } }).properties.configurationSettings;
    expect(settings).not.toHaveProperty("resources.limits.cpu");
    expect(settings).toHaveProperty(["resources.limits.memory"], "2Gi");

    const busy = await armRequest(e, "PATCH", url, { body: { properties: { configurationSettings: { a: "b" } } } });
    expect(busy.status).toBe(409);
    const badKey = await armRequest(e, "PATCH", url, { body: { properties: { extensionType: "microsoft.flux" } } });
    expect(badKey.status).toBe(400);
    expect(badKey.body).toMatchObject({ error: { code: "ExtensionPropertiesCannotBeUpdated" } });
  });

  it("delete: 202 + Azure-AsyncOperation, Deleting, then gone", async () => {
    const e = emu.current;
    const { client, clusterId } = setup("c-del");
    await client.extensions.beginCreateAndWait(...args("c-del"), name, backupExtension(e, "extsa", rg), { updateIntervalInMs: 10 });
    const url = `${extensionPath(clusterId, name)}?api-version=2023-05-01`;
    const del = await armRequest(e, "DELETE", url);
    expect(del.status).toBe(202);
    const op = await armRequest(e, "GET", del.headers["azure-asyncoperation"]!);
    expect(op.body).toMatchObject({ status: "Deleting" });
    expect((await armRequest(e, "GET", url)).body).toMatchObject({ properties: { provisioningState: "Deleting" } });
    e.advanceTime(61);
    expect((await armRequest(e, "GET", del.headers["azure-asyncoperation"]!)).body).toMatchObject({ status: "Succeeded" });
    await expect(client.extensions.get(...args("c-del"), name)).rejects.toMatchObject({ statusCode: 404 });
    // Deleting again is a 204 no-op, also through the SDK.
    expect((await armRequest(e, "DELETE", url)).status).toBe(204);
    await client.extensions.beginDeleteAndWait(...args("c-del"), name, { updateIntervalInMs: 10 });
  });

  it("delete through the SDK waits for the operation to end", async () => {
    const e = emu.current;
    const { client } = setup("c-del2");
    await client.extensions.beginCreateAndWait(...args("c-del2"), name, backupExtension(e, "extsa", rg), { updateIntervalInMs: 10 });
    await client.extensions.beginDeleteAndWait(...args("c-del2"), name, { updateIntervalInMs: 10 });
    const list: Extension[] = [];
    for await (const x of client.extensions.list(...args("c-del2"))) list.push(x);
    expect(list).toEqual([]);
  });

  it("forceDelete: 200 at once, even while Creating", async () => {
    const e = emu.current;
    const { client, clusterId } = setup("c-force");
    await client.extensions.beginCreate(...args("c-force"), name, backupExtension(e, "extsa", rg), { updateIntervalInMs: 10 });
    const responses: FullOperationResponse[] = [];
    await client.extensions.beginDeleteAndWait(...args("c-force"), name, { forceDelete: true, onResponse: (r) => responses.push(r) });
    expect(responses.map((r) => r.status)).toEqual([200]);
    expect(responses[0]!.request.url).toContain("forceDelete=true");
    expect(e.state.extensions.has(extensionPath(clusterId, name))).toBe(false);
  });

  it("a configured install failure ends Failed with errorInfo, and a PATCH can repair it", async () => {
    const e = emu.current;
    const { client, clusterId } = setup("c-fail");
    e.failExtensionInstall(clusterId, { code: "HelmInstallFailed", message: "chart failed" });
    const poller = await client.extensions.beginCreate(...args("c-fail"), name, backupExtension(e, "extsa", rg), { updateIntervalInMs: 10 });
    // core-lro puts the monitor's error code and message into the message.
    await expect(poller.pollUntilDone()).rejects.toThrow("The long-running operation has failed. HelmInstallFailed. chart failed");
    const got = await client.extensions.get(...args("c-fail"), name);
    expect(got.provisioningState).toBe("Failed");
    expect(got.errorInfo).toMatchObject({ code: "HelmInstallFailed", message: "chart failed" });
    expect(got.statuses?.[0]).toMatchObject({ level: "Error", displayStatus: "Failed" });
    expect(got.aksAssignedIdentity).toBeNull();
    const raw = await armRequest(e, "GET", `${extensionPath(clusterId, name)}?api-version=2023-05-01`);
    expect(validateExtension(raw.body)).toEqual([]);

    // The failure is used up: a PATCH re-runs the install and succeeds.
    const repaired = await client.extensions.beginUpdateAndWait(...args("c-fail"), name, { configurationSettings: {} }, { updateIntervalInMs: 10 });
    expect(repaired.provisioningState).toBe("Succeeded");
    expect(repaired.errorInfo).toBeUndefined();
    expect(repaired.aksAssignedIdentity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("the operation status reports Failed with an ErrorDetail", async () => {
    const e = emu.current;
    const { clusterId } = setup("c-fail2");
    e.failExtensionInstall(clusterId);
    const put = await armRequest(e, "PUT", `${extensionPath(clusterId, name)}?api-version=2023-05-01`, {
      body: { properties: { extensionType: "microsoft.dataprotection.kubernetes", configurationSettings: backupExtension(e, "extsa", rg).configurationSettings } },
    });
    expect(put.status).toBe(201);
    e.advanceTime(181);
    const op = await armRequest(e, "GET", put.headers["azure-asyncoperation"]!);
    expect(op.body).toMatchObject({ status: "Failed", error: { code: "ExtensionOperationFailed", message: expect.stringContaining("Helm") as string } });
    expect(validateOperationStatus(op.body)).toEqual([]);
  });
});

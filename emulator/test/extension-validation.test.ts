import { describe, expect, it } from "vitest";
import { SourceControlConfigurationClient } from "@azure/arm-kubernetesconfiguration";
import { armRequest } from "./support/replay.js";
import { fastOptions, useEmulator } from "./support/emulator.js";
import { specValidator } from "./support/specs.js";
import { extensionPath, storageSettings } from "./extensionFixtures.js";

const validateError = specValidator("common-types/resource-management/v2/types.json", "ErrorResponse");

const emu = useEmulator({ registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.KubernetesConfiguration"] });
const rg = "rg-val";

function put(clusterId: string, properties: Record<string, unknown>, name = "azure-aks-backup") {
  return armRequest(emu.current, "PUT", `${extensionPath(clusterId, name)}?api-version=2023-05-01`, { body: { properties } });
}

function backup(extra: Record<string, unknown> = {}, settings: Record<string, string | undefined> = {}): Record<string, unknown> {
  const merged = { ...storageSettings(emu.current, "valsa", rg), ...settings };
  return {
    extensionType: "microsoft.dataprotection.kubernetes",
    scope: { cluster: { releaseNamespace: "dataprotection-microsoft" } },
    configurationSettings: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)),
    ...extra,
  };
}

let counter = 0;
function cluster(kind: "managedCluster" | "connectedCluster" = "managedCluster"): string {
  return emu.current.addCluster({ resourceGroup: rg, name: `val${counter++}`, location: "eastus", kind });
}

describe("extension validation", () => {
  it("rejects an unknown extensionType (400, via the SDK too)", async () => {
    const c = cluster();
    const res = await put(c, { extensionType: "contoso.unknown" }, "thing");
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "ExtensionTypeNotFound", target: "properties.extensionType" } });
    expect(validateError(res.body)).toEqual([]);
    const e = emu.current;
    const client = new SourceControlConfigurationClient(e.credential, e.subscriptionId, fastOptions(e));
    await expect(client.extensions.beginCreateAndWait(rg, "Microsoft.ContainerService", "managedClusters", c.split("/").at(-1)!, "thing", { extensionType: "contoso.unknown" }))
      .rejects.toMatchObject({ statusCode: 400, code: "ExtensionTypeNotFound" });
    expect(e.state.extensions.size).toBe(0);
  });

  it("requires an extensionType", async () => {
    const res = await put(cluster(), {}, "thing");
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { target: "properties.extensionType" } });
  });

  it("rejects the namespace scope for the backup extension", async () => {
    const res = await put(cluster(), backup({ scope: { namespace: { targetNamespace: "velero" } } }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidScope" } });
  });

  it("rejects a backup extension without its storage settings, naming the missing key", async () => {
    for (const key of ["configuration.backupStorageLocation.bucket", "configuration.backupStorageLocation.config.storageAccount"]) {
      const res = await put(cluster(), backup({}, { [key]: undefined }));
      expect(res.status, key).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "InvalidConfigurationSettings", target: key } });
    }
    const none = await put(cluster(), { extensionType: "microsoft.dataprotection.kubernetes" });
    expect(none.status).toBe(400);
  });

  it("accepts the short storage keys, and rejects long and short keys that disagree", async () => {
    const ok = await put(cluster(), {
      extensionType: "microsoft.dataprotection.kubernetes",
      configurationSettings: { blobContainer: "velero", storageAccount: "valsa", storageAccountResourceGroup: rg, storageAccountSubscriptionId: emu.current.subscriptionId },
    });
    expect(ok.status).toBe(201);
    const clash = await put(cluster(), backup({}, { blobContainer: "other" }));
    expect(clash.status).toBe(400);
    expect(clash.body).toMatchObject({ error: { code: "InvalidConfigurationSettings", message: expect.stringContaining("disagree") as string } });
  });

  it("rejects bad quantities like 4400MB and accepts 4400Mi", async () => {
    for (const [key, value] of [["resources.limits.memory", "4400MB"], ["resources.limits.cpu", "-1"], ["resources.requests.memory", "lots"], ["resources.limits.memory", "0"]] as const) {
      const res = await put(cluster(), backup({}, { [key]: value }));
      expect(res.status, `${key}=${value}`).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "InvalidConfigurationSettings", target: key, message: expect.stringContaining(value) as string } });
      expect(validateError(res.body)).toEqual([]);
    }
    const ok = await put(cluster(), backup({}, { "resources.limits.memory": "4400Mi", "resources.limits.cpu": "500m" }));
    expect(ok.status).toBe(201);
  });

  it("rejects bad quantities in a PATCH too", async () => {
    const c = cluster();
    expect((await put(c, backup())).status).toBe(201);
    emu.current.advanceTime(1);
    const res = await armRequest(emu.current, "PATCH", `${extensionPath(c, "azure-aks-backup")}?api-version=2023-05-01`, {
      body: { properties: { configurationSettings: { "resources.limits.memory": "4400MB" } } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidConfigurationSettings" } });
  });

  it("rejects the backup extension on an Arc cluster, a second backup extension, bad names and version pins with auto-upgrade", async () => {
    const arc = await put(cluster("connectedCluster"), backup());
    expect(arc.status).toBe(400);
    expect(arc.body).toMatchObject({ error: { code: "UnsupportedClusterType" } });

    const c = cluster();
    expect((await put(c, backup())).status).toBe(201);
    const second = await put(c, backup(), "backup-two");
    expect(second.status).toBe(409);

    const badName = await put(cluster(), backup(), "Bad_Name");
    expect(badName.status).toBe(400);
    expect(badName.body).toMatchObject({ error: { code: "InvalidExtensionName" } });

    const pinned = await put(cluster(), backup({ version: "1.6.0" }));
    expect(pinned.status).toBe(400);
    expect(pinned.body).toMatchObject({ error: { code: "InvalidVersion" } });
    const pinnedOk = await put(cluster(), backup({ version: "1.6.0", autoUpgradeMinorVersion: false }));
    expect(pinnedOk.status).toBe(201);
  });

  it("rejects settings that are not strings, and a PUT on a missing cluster is 404", async () => {
    const res = await put(cluster(), backup({}, {}), "azure-aks-backup");
    expect(res.status).toBe(201);
    const notStrings = await put(cluster(), { ...backup(), configurationSettings: { a: 1 } });
    expect(notStrings.status).toBe(400);
    const missing = await put(`/subscriptions/${emu.current.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/ghost`, backup());
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "ResourceNotFound" } });
  });
});

import { describe, expect, it } from "vitest";
import { AzureRequestError, ExtensionManager, InputValidationError, OperationFailedError } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emu = useEmulator({ registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.KubernetesConfiguration"] });

function setup(name: string): { clusterId: string; storageAccountId: string; manager: ExtensionManager } {
  const e = emu.current;
  const clusterId = e.addCluster({ resourceGroup: `rg-${name}`, name, location: "westeurope" });
  const storageAccountId = e.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "westeurope", containers: ["backups"] });
  return { clusterId, storageAccountId, manager: new ExtensionManager(e.credential, e.subscriptionId, fastOptions(e)) };
}

function writesTo(clusterId: string): string[] {
  return emu.current.requests
    .filter((r) => r.path.toLowerCase().startsWith(clusterId.toLowerCase()) && !["GET", "HEAD"].includes(r.method))
    .map((r) => `${r.method} ${r.status}`);
}

describe("ExtensionManager", () => {
  it("installs the extension with the storage settings the chart expects and reports its identity", async () => {
    const { clusterId, storageAccountId, manager } = setup("c-install");
    expect(await manager.get(clusterId)).toBeUndefined();
    const states: string[] = [];
    const info = await manager.install(clusterId, { storageAccountId, blobContainer: "backups" }, { onProgress: (s) => states.push(s.lastStatus ?? "") });
    expect(info.provisioningState).toBe("Succeeded");
    expect(info.name).toBe("azure-aks-backup");
    expect(info.extensionType).toBe("microsoft.dataprotection.kubernetes");
    expect(info.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(info.storageAccountId?.toLowerCase()).toBe(storageAccountId.toLowerCase());
    expect(info.blobContainer).toBe("backups");
    expect(states.at(-1)).toBe("Succeeded");

    const ext = emu.current.state.extensions.under(`${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions`)[0]!;
    const settings = ext.body.properties["configurationSettings"] as Record<string, string>;
    expect(settings).toMatchObject({
      blobContainer: "backups",
      storageAccount: "sacinstall",
      storageAccountResourceGroup: "rg-c-install",
      storageAccountSubscriptionId: emu.current.subscriptionId,
      "configuration.backupStorageLocation.bucket": "backups",
      "configuration.backupStorageLocation.config.storageAccount": "sacinstall",
      "configuration.backupStorageLocation.config.resourceGroup": "rg-c-install",
      "configuration.backupStorageLocation.config.subscriptionId": emu.current.subscriptionId,
      "configuration.backupStorageLocation.config.useAAD": "true",
      "configuration.backupStorageLocation.config.storageAccountURI": "https://sacinstall.blob.core.windows.net/",
      "credentials.tenantId": emu.current.tenantId,
    });
    expect(ext.body.properties["scope"]).toEqual({ cluster: { releaseNamespace: "dataprotection-microsoft" } });
    expect(ext.body.properties["releaseTrain"]).toBe("stable");
  });

  it("is idempotent: installing again with the same settings makes no write", async () => {
    const { clusterId, storageAccountId, manager } = setup("c-idem");
    await manager.install(clusterId, { storageAccountId, blobContainer: "backups", resources: { limits: { memory: "2Gi" } } });
    const before = writesTo(clusterId);
    const again = await manager.install(clusterId, { storageAccountId, blobContainer: "backups", resources: { limits: { memory: "2Gi" } } });
    expect(again.provisioningState).toBe("Succeeded");
    expect(writesTo(clusterId)).toEqual(before);
    expect(before).toEqual(["PUT 201"]);
  });

  it("updates memory and CPU limits and requests, sending only what changed", async () => {
    const { clusterId, storageAccountId, manager } = setup("c-update");
    await manager.install(clusterId, { storageAccountId, blobContainer: "backups" });
    const updated = await manager.update(clusterId, { resources: { limits: { memory: "4400Mi", cpu: "1500m" }, requests: { memory: "1Gi" } } });
    expect(updated.resources).toEqual({ limits: { memory: "4400Mi", cpu: "1500m" }, requests: { memory: "1Gi" } });
    const settings = emu.current.state.extensions.under(clusterId)[0]!.body.properties["configurationSettings"] as Record<string, string>;
    expect(settings["resources.limits.memory"]).toBe("4400Mi");
    expect(settings["memoryLimit"]).toBe("4400Mi");
    expect(settings["cpuLimit"]).toBe("1500m");
    expect(settings["blobContainer"]).toBe("backups");
    expect(writesTo(clusterId)).toEqual(["PUT 201", "PATCH 202"]);
    await manager.update(clusterId, { resources: { limits: { memory: "4400Mi" } } });
    expect(writesTo(clusterId)).toEqual(["PUT 201", "PATCH 202"]);
  });

  it("moves the storage location to another container", async () => {
    const { clusterId, storageAccountId, manager } = setup("c-move");
    await manager.install(clusterId, { storageAccountId, blobContainer: "backups" });
    await expect(manager.update(clusterId, { blobContainer: "backups-2" })).rejects.toMatchObject({ name: "ConfirmationRequiredError", expected: "azure-aks-backup" });
    const moved = await manager.update(clusterId, { blobContainer: "backups-2", confirm: "azure-aks-backup" });
    expect(moved.blobContainer).toBe("backups-2");
    expect(moved.storageAccountId?.toLowerCase()).toBe(storageAccountId.toLowerCase());
  });

  it("deletes the extension and succeeds when it is already gone", async () => {
    const { clusterId, storageAccountId, manager } = setup("c-delete");
    await manager.install(clusterId, { storageAccountId, blobContainer: "backups" });
    await expect(manager.delete(clusterId, { confirm: "wrong" })).rejects.toMatchObject({ name: "ConfirmationRequiredError" });
    await manager.delete(clusterId, { confirm: "azure-aks-backup" });
    expect(await manager.get(clusterId)).toBeUndefined();
    await manager.delete(clusterId, { confirm: "azure-aks-backup" });
    expect(writesTo(clusterId)).toEqual(["PUT 201", "DELETE 202"]);
  });

  it("surfaces a failed install's errorInfo as a typed error, and a second install retries it", async () => {
    const { clusterId, storageAccountId, manager } = setup("c-fail");
    emu.current.failExtensionInstall(clusterId, { code: "HelmInstallFailed", message: "pods did not become ready" });
    const error = await manager.install(clusterId, { storageAccountId, blobContainer: "backups" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).code).toBe("HelmInstallFailed");
    expect((error as Error).message).toMatch(/pods did not become ready.*To fix:.*install\(\) again/);
    expect((await manager.get(clusterId))?.errorInfo).toEqual({ code: "HelmInstallFailed", message: "pods did not become ready" });
    const retried = await manager.install(clusterId, { storageAccountId, blobContainer: "backups" });
    expect(retried.provisioningState).toBe("Succeeded");
  });

  it("validates input before any request", () => {
    const { clusterId, storageAccountId, manager } = setup("c-validate");
    const count = emu.current.requests.length;
    const bad: Array<[() => unknown, RegExp]> = [
      [() => manager.beginInstall("not-an-id", { storageAccountId, blobContainer: "backups" }), /clusterId/],
      [() => manager.beginInstall(storageAccountId, { storageAccountId, blobContainer: "backups" }), /clusterId.*Microsoft\.Storage\/storageAccounts id/],
      [() => manager.beginInstall(clusterId, { storageAccountId: clusterId, blobContainer: "backups" }), /storageAccountId/],
      [() => manager.beginInstall(clusterId, { storageAccountId, blobContainer: "Bad_Name" }), /blobContainer/],
      [() => manager.beginInstall(clusterId, { storageAccountId, blobContainer: "backups", name: "" }), /name/],
      [() => manager.beginUpdate(clusterId, { resources: { limits: { memory: "4400MB" } } }), /resources\.limits\.memory/],
      [() => manager.beginUpdate(clusterId, { resources: { limits: { cpu: "-1" } } }), /resources\.limits\.cpu/],
      [() => manager.beginUpdate(clusterId, { resources: { requests: { memory: "abc" } } }), /resources\.requests\.memory/],
      [() => manager.beginUpdate(clusterId, { resources: { requests: { cpu: "1.5.0" } } }), /resources\.requests\.cpu/],
      [() => manager.beginUpdate(clusterId, { resources: { limits: { memory: "1Gi" }, requests: { memory: "2Gi" } } }), /above the limit/],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(InputValidationError);
      expect(call).toThrow(message);
    }
    for (const ok of ["4400Mi", "1Gi", "500m", "1"]) {
      expect(() => manager.beginUpdate(clusterId, { resources: { limits: { memory: ok } } })).not.toThrow();
    }
    expect(emu.current.requests.length).toBe(count);
  });

  it("refuses to update an extension that is not installed, and a storage account in another region", async () => {
    const { clusterId, manager } = setup("c-region");
    await expect(manager.update(clusterId, { resources: { limits: { memory: "2Gi" } } })).rejects.toThrow(/not installed/);
    const farAway = emu.current.addStorageAccount({ resourceGroup: "rg-far", name: "safar", location: "eastus", containers: ["backups"] });
    await expect(manager.install(clusterId, { storageAccountId: farAway, blobContainer: "backups" })).rejects.toThrow(/cluster's region/);
    expect(writesTo(clusterId)).toEqual([]);
  });

  it("reports a missing cluster as an Azure error that says what to check", async () => {
    const { manager } = setup("c-exists");
    const missing = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-c-exists/providers/Microsoft.ContainerService/managedClusters/nope`;
    const error = await manager.get(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureRequestError);
    expect((error as AzureRequestError).statusCode).toBe(404);
    expect((error as Error).message).toMatch(/check clusterId/);
  });

  it("fails with MissingSubscriptionRegistration explained when the provider is not registered", async () => {
    const { clusterId, storageAccountId, manager } = setup("c-unreg");
    emu.current.state.providers.set(emu.current.subscriptionId, "Microsoft.KubernetesConfiguration", "NotRegistered");
    try {
      const error = await manager.install(clusterId, { storageAccountId, blobContainer: "backups" }).catch((e: unknown) => e);
      expect((error as AzureRequestError).code).toBe("MissingSubscriptionRegistration");
      expect((error as Error).message).toMatch(/ensureRegistered/);
    } finally {
      emu.current.state.providers.set(emu.current.subscriptionId, "Microsoft.KubernetesConfiguration", "Registered");
    }
  });

  it("retries transient 500/503 and honours Retry-After on 429", async () => {
    const { clusterId, storageAccountId, manager } = setup("c-flaky");
    emu.current.injectFault({ method: "PUT", path: /extensions\/azure-aks-backup$/, status: 429, code: "TooManyRequests", retryAfterSeconds: 0.05 });
    emu.current.injectFault({ method: "GET", path: /c-flaky\/providers\/Microsoft\.KubernetesConfiguration\/extensions$/, status: 500, code: "InternalServerError", times: 2 });
    const info = await manager.install(clusterId, { storageAccountId, blobContainer: "backups" });
    expect(info.provisioningState).toBe("Succeeded");
    expect(writesTo(clusterId)).toEqual(["PUT 429", "PUT 201"]);
  });
});

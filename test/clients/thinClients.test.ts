import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clientsFor } from "../../src/clients/clientCache.js";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emu = useEmulator({ pageSize: 2 });
const readerRole = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

describe("thin clients on the shared pipeline", () => {
  it("one client cache and one HttpClient per (credential, options); clients per subscription", () => {
    const options = fastOptions(emu.current);
    const a = clientsFor(emu.current.credential, options);
    expect(clientsFor(emu.current.credential, options)).toBe(a);
    expect(clientsFor(emu.current.credential, { ...options })).not.toBe(a);
    expect(clientsFor(emu.current.credential, { ...options }).httpClient).toBe(a.httpClient);
    expect(a.authorization(emu.current.subscriptionId)).toBe(a.authorization(emu.current.subscriptionId.toUpperCase()));
  });

  it("role assignments: create (201, then 200), get, list pages with continuation tokens, delete", async () => {
    const clients = clientsFor(emu.current.credential, fastOptions(emu.current));
    const sub = emu.current.subscriptionId;
    const scope = emu.current.addResourceGroup({ name: "rg-thin", location: "westeurope" });
    const roleDefinitionId = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${readerRole}`;
    const auth = clients.authorization(sub);
    const names = [randomUUID(), randomUUID(), randomUUID()];
    const principals: string[] = [];
    for (const n of [1, 2, 3]) {
      const clusterId = emu.current.addCluster({ resourceGroup: "rg-thin", name: `aks-principal-${n}`, location: "westeurope" });
      const [, , , , rg, , , , name] = clusterId.split("/");
      principals.push((await clients.readers.readCluster({ id: clusterId, subscriptionId: sub, resourceGroupName: rg!, name: name! }, undefined)).principalId!);
    }
    const statuses: number[] = [];
    for (const [i, name] of names.entries()) {
      const created = await auth.roleAssignments.create(scope, name, { roleDefinitionId, principalId: principals[i]!, principalType: "ServicePrincipal" }, { onResponse: (r) => statuses.push(r.status) });
      expect(created).toMatchObject({ name, principalId: principals[i], roleDefinitionId, scope });
      expect(created.createdOn).toBeInstanceOf(Date);
    }
    await auth.roleAssignments.create(scope, names[0]!, { roleDefinitionId, principalId: principals[0]!, principalType: "ServicePrincipal" }, { onResponse: (r) => statuses.push(r.status) });
    expect(statuses).toEqual([201, 201, 201, 200]);
    expect((await auth.roleAssignments.get(scope, names[1]!)).principalId).toBe(principals[1]);

    const pages = [];
    for await (const page of auth.roleAssignments.listForScope(scope, { filter: "atScope()" }).byPage()) pages.push(page);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const token = (pages[0] as unknown as { continuationToken?: string }).continuationToken;
    expect(token).toMatch(/^https:/);
    const resumed = [];
    for await (const page of auth.roleAssignments.listForScope(scope, { filter: "atScope()" }).byPage({ continuationToken: token! })) resumed.push(...page);
    expect(resumed.map((r) => r.name)).toEqual(pages.slice(1).flat().map((r) => r.name));

    const one = (await auth.roleAssignments.get(scope, names[2]!)).id!;
    await auth.roleAssignments.deleteById(one);
    await expect(auth.roleAssignments.get(scope, names[2]!)).rejects.toMatchObject({ statusCode: 404 });
    const permissions = [];
    for await (const p of auth.permissions.listForResourceGroup("rg-thin")) permissions.push(p);
    expect(permissions[0]?.actions).toContain("*");
  });

  it("extensions: begin* pollers follow Azure-AsyncOperation to the end", async () => {
    const clients = clientsFor(emu.current.credential, fastOptions(emu.current));
    const sub = emu.current.subscriptionId;
    emu.current.addCluster({ resourceGroup: "rg-thin", name: "aks-thin", location: "westeurope" });
    const storage = emu.current.addStorageAccount({ resourceGroup: "rg-thin", name: "sathin", location: "westeurope", containers: ["backups"] });
    emu.current.state.providers.set(sub, "Microsoft.KubernetesConfiguration", "Registered");
    const ext = clients.kubernetesConfiguration(sub).extensions;
    const at = ["rg-thin", "Microsoft.ContainerService", "managedClusters", "aks-thin"] as const;
    const settings = {
      "configuration.backupStorageLocation.bucket": "backups",
      "configuration.backupStorageLocation.config.storageAccount": "sathin",
      "configuration.backupStorageLocation.config.resourceGroup": "rg-thin",
      "configuration.backupStorageLocation.config.subscriptionId": sub,
      "credentials.tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
    };
    expect(storage).toMatch(/sathin$/);
    const created = await ext.beginCreate(...at, "azure-aks-backup", {
      extensionType: "microsoft.dataprotection.kubernetes", releaseTrain: "stable", autoUpgradeMinorVersion: true,
      scope: { cluster: { releaseNamespace: "dataprotection-microsoft" } }, configurationSettings: settings,
    }).pollUntilDone();
    expect(created.provisioningState).toBe("Succeeded");
    const updated = await ext.beginUpdate(...at, "azure-aks-backup", { configurationSettings: { "resources.limits.memory": "2048Mi" } }).pollUntilDone();
    expect(updated.configurationSettings?.["resources.limits.memory"]).toBe("2048Mi");
    const listed = [];
    for await (const e of ext.list(...at)) listed.push(e.name);
    expect(listed).toEqual(["azure-aks-backup"]);
    await ext.beginDelete(...at, "azure-aks-backup").pollUntilDone();
    await expect(ext.get(...at, "azure-aks-backup")).rejects.toMatchObject({ statusCode: 404 });
  });
});

import { describe, expect, it } from "vitest";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

const emu = useEmulator();
const v = "api-version=2024-01-01";

describe("storage accounts and blob containers", () => {
  it("GET returns the account with its blob endpoint; a missing account is 404 ResourceNotFound", async () => {
    const e = emu.current;
    const id = e.addStorageAccount({ resourceGroup: "rg-sa", name: "backupsa1", location: "westeurope", containers: ["velero"] });
    const res = await armRequest(e, "GET", `${id}?${v}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id, name: "backupsa1", type: "Microsoft.Storage/storageAccounts", location: "westeurope", kind: "StorageV2",
      properties: { provisioningState: "Succeeded", primaryEndpoints: { blob: "https://backupsa1.blob.core.windows.net/" } },
    });
    const missing = await armRequest(e, "GET", `${id.replace("backupsa1", "nosuchsa")}?${v}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "ResourceNotFound" } });
  });

  it("lists, gets and creates blob containers (201, then 200 for an existing one)", async () => {
    const e = emu.current;
    const id = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-sa/providers/Microsoft.Storage/storageAccounts/backupsa1`;
    const containers = `${id}/blobServices/default/containers`;
    const created = await armRequest(e, "PUT", `${containers}/backups?${v}`, { body: { properties: {} } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "backups", type: "Microsoft.Storage/storageAccounts/blobServices/containers", properties: { publicAccess: "None" } });
    const again = await armRequest(e, "PUT", `${containers}/backups?${v}`, { body: { properties: {} } });
    expect(again.status).toBe(200);
    const list = await armRequest(e, "GET", `${containers}?${v}`);
    expect((list.body as { value: Array<{ name: string }> }).value.map((c) => c.name)).toEqual(["velero", "backups"]);
    const get = await armRequest(e, "GET", `${containers}/velero?${v}`);
    expect(get.body).toMatchObject({ id: `${containers}/velero` });
  });

  it("404 ContainerNotFound for a missing container, 400 for a bad container name", async () => {
    const e = emu.current;
    const containers = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-sa/providers/Microsoft.Storage/storageAccounts/backupsa1/blobServices/default/containers`;
    const missing = await armRequest(e, "GET", `${containers}/nope?${v}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "ContainerNotFound" } });
    for (const bad of ["Upper", "a--b", "ab"]) {
      const res = await armRequest(e, "PUT", `${containers}/${bad}?${v}`, { body: {} });
      expect(res.status, bad).toBe(400);
    }
  });

  it("addStorageAccount rejects bad names", () => {
    expect(() => emu.current.addStorageAccount({ resourceGroup: "rg-sa", name: "Bad_Name", location: "westeurope" })).toThrow(/not a valid storage account name/);
    expect(() => emu.current.addStorageAccount({ resourceGroup: "rg-sa", name: "okname1", location: "westeurope", containers: ["X"] })).toThrow(/blob container/);
  });
});

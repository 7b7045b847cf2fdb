import { request } from "node:https";
import { describe, expect, it } from "vitest";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { isRestError, type RestError } from "@azure/core-rest-pipeline";
import type { ArmEmulator } from "../src/index.js";
import { useEmulator } from "./support/emulator.js";

const emulator = useEmulator();
const backupOperator = "Microsoft.DataProtection/backupVaults/backup-operator";
const version = "2026-06-01";

function client(emu: ArmEmulator): ContainerServiceClient {
  return new ContainerServiceClient(emu.credential, emu.subscriptionId, { ...emu.clientOptions, retryOptions: { maxRetries: 0 } });
}

async function fails(p: Promise<unknown>): Promise<RestError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!isRestError(e)) throw new Error(`expected a RestError, got ${String(e)}`);
  return e;
}

/** A raw request, to see bodies exactly as sent. */
async function raw(emu: ArmEmulator, method: string, path: string, body?: unknown, apiVersion = version): Promise<{ status: number; text: string; headers: Record<string, string> }> {
  const token = (await emu.credential.getToken("x"))!.token;
  const url = new URL(path.includes("?") ? path : `${path}?api-version=${apiVersion}`, emu.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca: emu.ca, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => { text += c.toString(); });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers as Record<string, string> }));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function setup(emu: ArmEmulator, name: string): { rg: string; clusterId: string; vaultId: string } {
  const rg = `rg-ta-${name}`;
  const clusterId = emu.addCluster({ resourceGroup: rg, name, location: "eastus" });
  return { rg, clusterId, vaultId: `/subscriptions/${emu.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.DataProtection/backupVaults/v-${name}` };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("emulator: ContainerService trusted access", () => {
  it("lists the Trusted Access roles of a region, minus withdrawn ones", async () => {
    const emu = emulator.current;
    const east = await all(client(emu).trustedAccessRoles.list("eastus"));
    const backup = east.find((r) => `${r.sourceResourceType}/${r.name}` === backupOperator);
    expect(backup?.rules?.length).toBeGreaterThan(0);
    expect(backup?.rules?.[0]?.verbs?.length).toBeGreaterThan(0);
    emu.withdrawTrustedAccessRole("japaneast", backupOperator);
    const japan = await all(client(emu).trustedAccessRoles.list("japaneast"));
    expect(japan.map((r) => `${r.sourceResourceType}/${r.name}`)).not.toContain(backupOperator);
    expect(japan.length).toBe(east.length - 1);
  });

  it("offers backup-operator with the rules of the live role (clusterbackup.dataprotection.microsoft.com and configmaps)", async () => {
    const emu = emulator.current;
    const roles = await all(client(emu).trustedAccessRoles.list("westeurope"));
    const rules = roles.find((r) => `${r.sourceResourceType}/${r.name}` === backupOperator)?.rules ?? [];
    const crd = rules.find((r) => r.apiGroups?.includes("clusterbackup.dataprotection.microsoft.com"));
    expect(crd?.resources).toEqual(["backups", "validateforbackups", "restores", "validateforrestores", "deletebackups"]);
    expect(crd?.verbs).toContain("patch");
    expect(rules.some((r) => r.resources?.includes("configmaps"))).toBe(true);
    expect(rules.flatMap((r) => r.apiGroups ?? [])).not.toContain("dataprotection.microsoft.com");
  });

  it("runs a binding PUT as a ContainerService LRO at current api-versions: 201 Updating, an InProgress monitor, then Succeeded", async () => {
    const emu = emulator.current;
    const { rg, clusterId, vaultId } = setup(emu, "lro");
    const created = await raw(emu, "PUT", `${clusterId}/trustedAccessRoleBindings/tarb-0`, { properties: { sourceResourceId: vaultId, roles: [backupOperator] } });
    expect(created.status).toBe(201);
    expect((JSON.parse(created.text) as { properties: { provisioningState: string } }).properties.provisioningState).toBe("Updating");
    const monitor = created.headers["azure-asyncoperation"]!;
    expect(monitor).toMatch(new RegExp(`/subscriptions/${emu.subscriptionId}/providers/Microsoft.ContainerService/locations/eastus/operations/[0-9a-f-]{36}\\?api-version=2025-03-01$`));
    expect(created.headers["location"]).toBeUndefined();
    const polled = JSON.parse((await raw(emu, "GET", monitor)).text) as Record<string, unknown>;
    expect(Object.keys(polled).sort()).toEqual(["endTime", "name", "startTime", "status"]);
    expect(polled["status"]).toBe("Succeeded");
    // As recorded: the monitor names the operation with its GUID's first groups byte-swapped.
    const guid = /operations\/([^?]+)/.exec(monitor)![1]!;
    expect(polled["name"]).not.toBe(guid);
    expect((polled["name"] as string).slice(19)).toBe(guid.slice(19));
    const poller = client(emu).trustedAccessRoleBindings.createOrUpdate(rg, "lro", "tarb-1", { sourceResourceId: vaultId, roles: [backupOperator] }, { updateIntervalInMs: 10 });
    const done = await poller.pollUntilDone();
    expect(done).toMatchObject({ id: `${clusterId}/trustedAccessRoleBindings/tarb-1`, name: "tarb-1", provisioningState: "Succeeded", sourceResourceId: vaultId, roles: [backupOperator] });
    const put = emu.requests.find((r) => r.method === "PUT" && r.path.endsWith("/tarb-1"));
    expect(put?.status).toBe(201);
    expect(emu.requests.some((r) => r.method === "GET" && /\/locations\/eastus\/operations\//.test(r.path))).toBe(true);
    const listed = await all(client(emu).trustedAccessRoleBindings.list(rg, "lro"));
    expect(listed.map((b) => b.name)).toEqual(["tarb-0", "tarb-1"]);
    const update = await raw(emu, "PUT", `${clusterId}/trustedAccessRoleBindings/tarb-1`, { properties: { sourceResourceId: vaultId, roles: [backupOperator] } });
    expect([update.status, typeof update.headers["azure-asyncoperation"]]).toEqual([200, "string"]);
  });

  it("keeps the recorded synchronous answers at 2022-11-02-preview: PUT 200 without LRO headers, DELETE 200 with no body", async () => {
    const emu = emulator.current;
    const { clusterId, vaultId } = setup(emu, "old");
    const put = await raw(emu, "PUT", `${clusterId}/trustedAccessRoleBindings/b1`, { properties: { sourceResourceId: vaultId, roles: [backupOperator] } }, "2022-11-02-preview");
    expect([put.status, put.headers["azure-asyncoperation"]]).toEqual([200, undefined]);
    const deleted = await raw(emu, "DELETE", `${clusterId}/trustedAccessRoleBindings/b1`, undefined, "2022-11-02-preview");
    expect([deleted.status, deleted.text]).toEqual([200, ""]);
    expect((await raw(emu, "GET", `${clusterId}/trustedAccessRoleBindings/b1`, undefined, "2022-11-02-preview")).status).toBe(404);
  });

  it("answers a missing binding with the recorded bare 404 body, and deletes as an LRO: 202 with Location and Azure-AsyncOperation", async () => {
    const emu = emulator.current;
    const { rg, clusterId, vaultId } = setup(emu, "del");
    const missing = await raw(emu, "GET", `${clusterId}/trustedAccessRoleBindings/nope`);
    expect(missing.status).toBe(404);
    const body = JSON.parse(missing.text) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["code", "message", "subcode"]);
    expect(body["subcode"]).toBe("GetTrustedAccessRoleBinding_NotFound");
    expect((await fails(client(emu).trustedAccessRoleBindings.get(rg, "del", "nope"))).code).toBe("NotFound");
    await client(emu).trustedAccessRoleBindings.createOrUpdate(rg, "del", "b1", { sourceResourceId: vaultId, roles: [backupOperator] }, { updateIntervalInMs: 10 }).pollUntilDone();
    const deleted = await raw(emu, "DELETE", `${clusterId}/trustedAccessRoleBindings/b1`);
    expect([deleted.status, deleted.text]).toEqual([202, ""]);
    expect(deleted.headers["location"]).toMatch(/\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operationresults\/[0-9a-f-]{36}\?api-version=2025-03-01$/);
    expect(deleted.headers["azure-asyncoperation"]).toMatch(/\/locations\/eastus\/operations\/[0-9a-f-]{36}\?api-version=2025-03-01$/);
    expect((await raw(emu, "GET", deleted.headers["location"]!)).status).toBe(204);
    expect((await raw(emu, "GET", `${clusterId}/trustedAccessRoleBindings/b1`)).status).toBe(404);
    expect((await raw(emu, "DELETE", `${clusterId}/trustedAccessRoleBindings/b1`)).status).toBe(204);
    await client(emu).trustedAccessRoleBindings.createOrUpdate(rg, "del", "b2", { sourceResourceId: vaultId, roles: [backupOperator] }, { updateIntervalInMs: 10 }).pollUntilDone();
    await client(emu).trustedAccessRoleBindings.delete(rg, "del", "b2", { updateIntervalInMs: 10 }).pollUntilDone();
    expect(await all(client(emu).trustedAccessRoleBindings.list(rg, "del"))).toEqual([]);
  });

  it("rejects bad names, unknown roles, roles of another source type, a changed source and a missing cluster", async () => {
    const emu = emulator.current;
    const { rg, vaultId } = setup(emu, "bad");
    const put = (name: string, body: { sourceResourceId: string; roles: string[] }, cluster = "bad"): Promise<RestError> =>
      fails(client(emu).trustedAccessRoleBindings.createOrUpdate(rg, cluster, name, body, { updateIntervalInMs: 10 }).pollUntilDone());
    const tooLong = await put("x".repeat(25), { sourceResourceId: vaultId, roles: [backupOperator] });
    expect([tooLong.statusCode, tooLong.message]).toEqual([400, "The value of parameter name is invalid. Error details: length cannot exceed 24 and can only contain letters, numbers, or dashes."]);
    expect((await put("b1", { sourceResourceId: vaultId, roles: ["Microsoft.DataProtection/backupVaults/nope"] })).statusCode).toBe(400);
    expect((await put("b1", { sourceResourceId: vaultId, roles: ["Microsoft.MachineLearningServices/workspaces/mlworkload"] })).statusCode).toBe(400);
    expect((await put("b1", { sourceResourceId: "vault", roles: [backupOperator] })).statusCode).toBe(400);
    await client(emu).trustedAccessRoleBindings.createOrUpdate(rg, "bad", "b1", { sourceResourceId: vaultId, roles: [backupOperator] }, { updateIntervalInMs: 10 }).pollUntilDone();
    expect((await put("b1", { sourceResourceId: `${vaultId}2`, roles: [backupOperator] })).statusCode).toBe(400);
    expect((await put("b1", { sourceResourceId: vaultId, roles: [backupOperator] }, "nocluster")).statusCode).toBe(404);
  });
});

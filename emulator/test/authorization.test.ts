import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthorizationManagementClient, type RoleAssignment } from "@azure/arm-authorization";
import { isRestError, type RestError } from "@azure/core-rest-pipeline";
import type { ArmEmulator } from "../src/index.js";
import { useEmulator } from "./support/emulator.js";

const reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const emulator = useEmulator({ pageSize: 2 });

function client(emu: ArmEmulator): AuthorizationManagementClient {
  return new AuthorizationManagementClient(emu.credential, emu.subscriptionId, { ...emu.clientOptions, retryOptions: { maxRetries: 0 } });
}

function roleId(emu: ArmEmulator, guid: string): string {
  return `/subscriptions/${emu.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

async function fails(p: Promise<unknown>): Promise<RestError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!isRestError(e)) throw new Error(`expected a RestError, got ${String(e)}`);
  return e;
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("emulator: Microsoft.Authorization role assignments", () => {
  it("creates (201), reads and deletes (200, then 204) an assignment with the recorded body shape", async () => {
    const emu = emulator.current;
    const rg = emu.addResourceGroup({ name: "auth-crud", location: "eastus" });
    const principalId = emu.addServicePrincipal({ visibleNow: true });
    const name = randomUUID();
    let status = 0;
    const created = await client(emu).roleAssignments.create(rg, name, { roleDefinitionId: roleId(emu, reader), principalId, principalType: "ServicePrincipal" },
      { onResponse: (r) => { status = r.status; } });
    expect(status).toBe(201);
    expect(created).toMatchObject({ id: `${rg}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, type: "Microsoft.Authorization/roleAssignments", scope: rg, principalId, principalType: "ServicePrincipal", roleDefinitionId: roleId(emu, reader) });
    expect(created.createdOn).toBeInstanceOf(Date);
    expect((await client(emu).roleAssignments.getById(created.id!)).name).toBe(name);
    await client(emu).roleAssignments.deleteById(created.id!);
    await client(emu).roleAssignments.deleteById(created.id!);
    const deletes = emu.requests.filter((r) => r.method === "DELETE" && r.path === created.id).map((r) => r.status);
    expect(deletes).toEqual([200, 204]);
    const missing = await fails(client(emu).roleAssignments.getById(created.id!));
    expect([missing.statusCode, missing.code]).toEqual([404, "RoleAssignmentNotFound"]);
  });

  it("answers 409 RoleAssignmentExists for the same triple under another name, and 200 for an identical PUT", async () => {
    const emu = emulator.current;
    const rg = emu.addResourceGroup({ name: "auth-dup", location: "eastus" });
    const principalId = emu.addServicePrincipal({ visibleNow: true });
    const body = { roleDefinitionId: roleId(emu, reader), principalId, principalType: "ServicePrincipal" as const };
    const name = randomUUID();
    await client(emu).roleAssignments.create(rg, name, body);
    let status = 0;
    await client(emu).roleAssignments.create(rg, name, body, { onResponse: (r) => { status = r.status; } });
    expect(status).toBe(200);
    const dup = await fails(client(emu).roleAssignments.create(rg, randomUUID(), body));
    expect([dup.statusCode, dup.code, dup.message]).toEqual([409, "RoleAssignmentExists", "The role assignment already exists."]);
    const changed = await fails(client(emu).roleAssignments.create(rg, name, { ...body, roleDefinitionId: roleId(emu, contributor) }));
    expect(changed.statusCode).toBe(409);
  });

  it("filters lists with atScope() and principalId eq, including inherited and child assignments, across pages", async () => {
    const emu = emulator.current;
    const rg = emu.addResourceGroup({ name: "auth-list", location: "eastus" });
    const sa = emu.addStorageAccount({ resourceGroup: "auth-list", name: "authlistsa", location: "eastus" });
    const p = emu.addServicePrincipal({ visibleNow: true });
    const other = emu.addServicePrincipal({ visibleNow: true });
    const make = (scope: string, principalId: string, guid: string): Promise<RoleAssignment> =>
      client(emu).roleAssignments.create(scope, randomUUID(), { roleDefinitionId: roleId(emu, guid), principalId, principalType: "ServicePrincipal" });
    const atSub = await make(`/subscriptions/${emu.subscriptionId}`, p, reader);
    const atRg = await make(rg, p, contributor);
    const atSa = await make(sa, p, reader);
    const otherAtSa = await make(sa, other, reader);
    const ids = (xs: RoleAssignment[]): string[] => xs.map((x) => x.id!).sort();
    expect(ids(await all(client(emu).roleAssignments.listForScope(rg, { filter: `principalId eq '${p}'` })))).toEqual(ids([atSub, atRg, atSa]));
    expect(ids(await all(client(emu).roleAssignments.listForScope(rg, { filter: "atScope()" })))).toEqual(ids([atSub, atRg]));
    expect(ids(await all(client(emu).roleAssignments.listForScope(sa, { filter: `atScope() and principalId eq '${other}'` })))).toEqual(ids([otherAtSa]));
    expect(ids(await all(client(emu).roleAssignments.listForResourceGroup("auth-list")))).toEqual(ids([atSub, atRg, atSa, otherAtSa]));
    const listCalls = emu.requests.filter((r) => r.method === "GET" && r.path.endsWith("/auth-list/providers/Microsoft.Authorization/roleAssignments"));
    expect(listCalls.some((r) => r.query["$skipToken"] !== undefined)).toBe(true);
    const bad = await fails(all(client(emu).roleAssignments.listForScope(rg, { filter: "roleName eq 'Reader'" })));
    expect(bad.statusCode).toBe(400);
  });

  it("answers 400 PrincipalNotFound while an identity propagates, for a shorter time with principalType", async () => {
    const emu = emulator.current;
    const rg = emu.addResourceGroup({ name: "auth-propagate", location: "eastus" });
    emu.state.options.durations.identityPropagation = 600;
    emu.state.options.durations.identityPropagationWithPrincipalType = 60;
    try {
      const fresh = emu.addServicePrincipal();
      const body = { roleDefinitionId: roleId(emu, reader), principalId: fresh };
      const e = await fails(client(emu).roleAssignments.create(rg, randomUUID(), body));
      expect([e.statusCode, e.code]).toEqual([400, "PrincipalNotFound"]);
      expect(e.message).toContain("replication delay");
      expect((await fails(client(emu).roleAssignments.create(rg, randomUUID(), { ...body, principalType: "ServicePrincipal" }))).code).toBe("PrincipalNotFound");
      emu.advanceTime(61);
      expect((await client(emu).roleAssignments.create(rg, randomUUID(), { ...body, principalType: "ServicePrincipal" })).principalId).toBe(fresh);
      expect((await fails(client(emu).roleAssignments.create(rg, randomUUID(), { roleDefinitionId: roleId(emu, contributor), principalId: fresh }))).code).toBe("PrincipalNotFound");
      const unknown = await fails(client(emu).roleAssignments.create(rg, randomUUID(), { ...body, principalId: randomUUID(), principalType: "ServicePrincipal" }));
      expect(unknown.code).toBe("PrincipalNotFound");
    } finally {
      emu.state.options.durations.identityPropagation = 0;
      emu.state.options.durations.identityPropagationWithPrincipalType = 0;
    }
  });

  it("answers 403 AuthorizationFailed where the caller's rights are switched off, and below", async () => {
    const emu = emulator.current;
    const rg = emu.addResourceGroup({ name: "auth-denied", location: "eastus" });
    const sa = emu.addStorageAccount({ resourceGroup: "auth-denied", name: "authdeniedsa", location: "eastus" });
    const principalId = emu.addServicePrincipal({ visibleNow: true });
    const body = { roleDefinitionId: roleId(emu, reader), principalId };
    emu.setCallerCanAssignRoles(rg, false);
    emu.setCallerCanAssignRoles(`${sa}/`, true);
    try {
      const e = await fails(client(emu).roleAssignments.create(rg, randomUUID(), body));
      expect([e.statusCode, e.code]).toEqual([403, "AuthorizationFailed"]);
      expect(e.message).toContain("Microsoft.Authorization/roleAssignments/write");
      expect(e.message).toContain(emu.callerPrincipalId);
      expect((await client(emu).roleAssignments.create(sa, randomUUID(), body)).scope).toBe(sa);
    } finally {
      emu.setCallerCanAssignRoles(rg, true);
    }
    expect((await client(emu).roleAssignments.create(rg, randomUUID(), body)).scope).toBe(rg);
  });

  it("rejects bad role definitions, principal ids, names and scopes", async () => {
    const emu = emulator.current;
    const rg = emu.addResourceGroup({ name: "auth-bad", location: "eastus" });
    const principalId = emu.addServicePrincipal({ visibleNow: true });
    const c = client(emu);
    const codes = await Promise.all([
      fails(c.roleAssignments.create(rg, randomUUID(), { roleDefinitionId: roleId(emu, randomUUID()), principalId })),
      fails(c.roleAssignments.create(rg, randomUUID(), { roleDefinitionId: "Reader", principalId })),
      fails(c.roleAssignments.create(rg, randomUUID(), { roleDefinitionId: roleId(emu, reader), principalId: "not-a-guid" })),
      fails(c.roleAssignments.create(rg, "not-a-guid", { roleDefinitionId: roleId(emu, reader), principalId })),
      fails(c.roleAssignments.create(`/subscriptions/${emu.subscriptionId}/resourceGroups/nope`, randomUUID(), { roleDefinitionId: roleId(emu, reader), principalId })),
      fails(c.roleAssignments.create(rg, randomUUID(), { roleDefinitionId: roleId(emu, reader), principalId, principalType: "User" })),
    ]);
    expect(codes.map((e) => `${e.statusCode} ${e.code}`)).toEqual([
      "400 RoleDefinitionDoesNotExist", "400 InvalidRoleDefinitionId", "400 InvalidPrincipalId", "400 InvalidRoleAssignmentId",
      "404 ResourceGroupNotFound", "400 UnmatchedPrincipalType",
    ]);
  });

  it("serves built-in role definitions with their real GUIDs, and custom roles", async () => {
    const emu = emulator.current;
    const c = client(emu);
    const sub = `/subscriptions/${emu.subscriptionId}`;
    expect((await c.roleDefinitions.get(sub, reader)).roleName).toBe("Reader");
    expect((await c.roleDefinitions.getById(`/providers/Microsoft.Authorization/roleDefinitions/${contributor}`)).roleName).toBe("Contributor");
    const byName = await all(c.roleDefinitions.list(sub, { filter: "roleName eq 'Storage Blob Data Contributor'" }));
    expect(byName.map((d) => d.name)).toEqual(["ba92f5b4-2d11-453d-a403-e96b0029c9fe"]);
    const customId = emu.addCustomRole({ roleName: "Snapshot Janitor", actions: ["Microsoft.Compute/snapshots/delete"] });
    const custom = await c.roleDefinitions.getById(customId);
    expect([custom.roleName, custom.roleType, custom.permissions?.[0]?.actions]).toEqual(["Snapshot Janitor", "CustomRole", ["Microsoft.Compute/snapshots/delete"]]);
    expect((await fails(c.roleDefinitions.get(sub, randomUUID()))).statusCode).toBe(404);
  });

  it("creates a User assignment with an ABAC condition, conditionVersion 2.0 and a description (201), echoing them", async () => {
    const emu = emulator.current;
    const rg = emu.addResourceGroup({ name: "auth-abac", location: "eastus" });
    const user = emu.addUser();
    const condition = "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'velero'))";
    let status = 0;
    const created = await client(emu).roleAssignments.create(rg, randomUUID(), {
      roleDefinitionId: roleId(emu, reader), principalId: user, principalType: "User", condition, conditionVersion: "2.0", description: "Reads the velero container only",
    }, { onResponse: (r) => { status = r.status; } });
    expect(status).toBe(201);
    expect(created).toMatchObject({ principalType: "User", condition, conditionVersion: "2.0", description: "Reads the velero container only" });
    expect((await client(emu).roleAssignments.getById(created.id!)).condition).toBe(condition);
    const badVersion = await fails(client(emu).roleAssignments.create(rg, randomUUID(), { roleDefinitionId: roleId(emu, contributor), principalId: user, condition, conditionVersion: "1.0" }));
    expect(badVersion.statusCode).toBe(400);
    const sp = emu.addServicePrincipal({ visibleNow: true });
    const mismatch = await fails(client(emu).roleAssignments.create(rg, randomUUID(), { roleDefinitionId: roleId(emu, reader), principalId: sp, principalType: "User" }));
    expect([mismatch.statusCode, mismatch.code]).toEqual([400, "UnmatchedPrincipalType"]);
  });

  it("un-escapes doubled quotes in roleName eq '...' filters", async () => {
    const emu = emulator.current;
    const id = emu.addCustomRole({ roleName: "O'Brien" });
    const found = await all(client(emu).roleDefinitions.list(`/subscriptions/${emu.subscriptionId}`, { filter: "roleName eq 'O''Brien'" }));
    expect(found.map((r) => r.id)).toEqual([id]);
  });

  it("refuses assignments at scopes that name no resource, as ARM does, and takes nested resource scopes", async () => {
    const emu = emulator.current;
    const rg = emu.addResourceGroup({ name: "auth-scope", location: "eastus" });
    const principalId = emu.addServicePrincipal({ visibleNow: true });
    const body = { roleDefinitionId: roleId(emu, reader), principalId, principalType: "ServicePrincipal" as const };
    for (const scope of [`${rg}/providers/Microsoft.Storage`, `${rg}/providers/Microsoft.Storage/storageAccounts`, `${rg}/providers`]) {
      expect((await fails(client(emu).roleAssignments.create(scope, randomUUID(), body))).statusCode).toBe(400);
    }
    const nested = `${rg}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default`;
    expect((await client(emu).roleAssignments.create(nested, randomUUID(), body)).scope).toBe(nested);
  });
});

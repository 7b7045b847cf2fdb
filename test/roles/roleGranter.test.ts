import { describe, expect, it } from "vitest";
import { AzureRequestError, InputValidationError, ResourceNotFoundError, RoleGranter, builtInRoles, type GrantProgress } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emulator = useEmulator();

function roleWrites(emu: ArmEmulator, since: number): number {
  return emu.requests.slice(since).filter((r) => (r.method === "PUT" || r.method === "DELETE") && /roleAssignments/i.test(r.path)).length;
}

function setup(emu: ArmEmulator, rg: string): { granter: RoleGranter; rgId: string; saId: string; principal: string } {
  const rgId = emu.addResourceGroup({ name: rg, location: "eastus" });
  const saId = emu.addStorageAccount({ resourceGroup: rg, name: `sa${rg.replace(/[^a-z0-9]/g, "")}`.slice(0, 24), location: "eastus" });
  return { granter: new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu)), rgId, saId, principal: emu.addServicePrincipal({ visibleNow: true }) };
}

describe("RoleGranter.grant", () => {
  it("creates an assignment by role name once, then makes no write", async () => {
    const emu = emulator.current;
    const { granter, saId, principal } = setup(emu, "rg-grant1");
    const first = await granter.grant({ principalId: principal, role: "Storage Blob Data Contributor", scope: saId });
    expect(first.created).toBe(true);
    expect(first.id.toLowerCase()).toContain(`${saId}/providers/Microsoft.Authorization/roleAssignments/`.toLowerCase());
    const stored = emu.state.roleAssignments.get(first.id);
    expect(stored?.roleDefinitionId).toMatch(new RegExp(`${builtInRoles["Storage Blob Data Contributor"]}$`));
    expect(stored?.principalType).toBe("ServicePrincipal");
    const mark = emu.requests.length;
    const second = await granter.grant({ principalId: principal.toUpperCase(), role: "storage blob data contributor", scope: saId });
    expect(second).toEqual({ id: first.id, created: false });
    expect(roleWrites(emu, mark)).toBe(0);
  });

  it("derives the same assignment name from (scope, principal, role) in every client", async () => {
    const emu = emulator.current;
    const { saId, principal } = setup(emu, "rg-grant-name");
    const a = await new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu)).grant({ principalId: principal, role: "Reader", scope: saId });
    emu.state.roleAssignments.delete(a.id);
    const b = await new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu)).grant({ principalId: principal, role: "Reader", scope: saId });
    expect(b.created).toBe(true);
    expect(b.id).toBe(a.id);
  });

  it("counts an assignment inherited from a parent scope as in place", async () => {
    const emu = emulator.current;
    const { granter, rgId, saId, principal } = setup(emu, "rg-inherit");
    const atGroup = await granter.grant({ principalId: principal, role: "Reader", scope: rgId });
    const mark = emu.requests.length;
    const atAccount = await granter.grant({ principalId: principal, role: builtInRoles.Reader, scope: saId });
    expect(atAccount).toEqual({ id: atGroup.id, created: false });
    expect(roleWrites(emu, mark)).toBe(0);
  });

  it("takes 409 RoleAssignmentExists as success", async () => {
    const emu = emulator.current;
    const { granter, saId, principal } = setup(emu, "rg-exists");
    emu.injectFault({ method: "PUT", path: /roleAssignments/i, status: 409, code: "RoleAssignmentExists", message: "The role assignment already exists." });
    const r = await granter.grant({ principalId: principal, role: "Reader", scope: saId });
    expect(r.created).toBe(false);
    expect(r.id).toMatch(/roleAssignments\/[0-9a-f-]{36}$/);
  });

  it("grants a custom role by name and by definition id", async () => {
    const emu = emulator.current;
    const { granter, rgId, principal } = setup(emu, "rg-custom");
    const roleId = emu.addCustomRole({ roleName: "AKS Backup Helper" });
    const byName = await granter.grant({ principalId: principal, role: "AKS Backup Helper", scope: rgId });
    expect(byName.created).toBe(true);
    expect(emu.state.roleAssignments.get(byName.id)?.roleDefinitionId.toLowerCase()).toBe(roleId.toLowerCase());
    const byId = await granter.grant({ principalId: principal, role: roleId, scope: rgId });
    expect(byId).toEqual({ id: byName.id, created: false });
  });

  it("fails fast on 403 AuthorizationFailed, naming the role the caller needs and where", async () => {
    const emu = emulator.current;
    const { granter, rgId, saId, principal } = setup(emu, "rg-denied");
    emu.setCallerCanAssignRoles(rgId, false);
    const mark = emu.requests.length;
    const err = await granter.grant({ principalId: principal, role: "Reader", scope: saId }).catch((e: unknown) => e);
    emu.setCallerCanAssignRoles(rgId, true);
    expect(err).toBeInstanceOf(AzureRequestError);
    const e = err as AzureRequestError;
    expect(e.code).toBe("AuthorizationFailed");
    expect(e.statusCode).toBe(403);
    expect(e.message).toContain("Owner or User Access Administrator");
    expect(e.message).toContain(saId);
    expect(roleWrites(emu, mark)).toBe(1);
  });
});

describe("RoleGranter input checks (no request sent)", () => {
  const cases: Array<[string, (saId: string, principal: string) => { principalId: string; role: string; scope: string }, string]> = [
    ["a principal id that is not a GUID", (sa) => ({ principalId: "my-identity", role: "Reader", scope: sa }), "principalId"],
    ["a scope that is not an ARM id", (_sa, p) => ({ principalId: p, role: "Reader", scope: "resourceGroups/rg" }), "scope"],
    ["an empty role", (sa, p) => ({ principalId: p, role: " ", scope: sa }), "role"],
  ];
  for (const [what, make, parameter] of cases) {
    it(`rejects ${what}`, async () => {
      const emu = emulator.current;
      const { granter, saId, principal } = setup(emu, `rg-bad-${parameter}`);
      const mark = emu.requests.length;
      const err = await granter.grant(make(saId, principal)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputValidationError);
      expect((err as InputValidationError).parameter).toBe(parameter);
      expect(emu.requests.length).toBe(mark);
    });
  }

  it("rejects an unknown role name or role id with no write", async () => {
    const emu = emulator.current;
    const { granter, saId, principal } = setup(emu, "rg-unknown-role");
    const mark = emu.requests.length;
    for (const role of ["Storage Blob Data Wizard", "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555"]) {
      const err = await granter.grant({ principalId: principal, role, scope: saId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResourceNotFoundError);
      expect((err as ResourceNotFoundError).parameter).toBe("role");
    }
    expect(roleWrites(emu, mark)).toBe(0);
  });
});

describe("RoleGranter list and revoke", () => {
  it("lists a principal's assignments and revokes them idempotently", async () => {
    const emu = emulator.current;
    const { granter, rgId, saId, principal } = setup(emu, "rg-list");
    const a = await granter.grant({ principalId: principal, role: "Reader", scope: rgId });
    const b = await granter.grant({ principalId: principal, role: "Storage Blob Data Reader", scope: saId });
    const listed = [];
    for await (const r of granter.list(rgId, { principalId: principal })) listed.push(r);
    expect(listed.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(listed.find((r) => r.id === b.id)?.roleName).toBe("Storage Blob Data Reader");
    const atScope = [];
    for await (const r of granter.list(rgId, { principalId: principal, atScopeAndAbove: true })) atScope.push(r.id);
    expect(atScope).toEqual([a.id]);
    await expect(granter.revoke(b.id, { confirm: "" })).rejects.toMatchObject({ name: "ConfirmationRequiredError" });
    await granter.revoke(b.id, { confirm: b.id.split("/").at(-1)! });
    await granter.revoke(b.id, { confirm: b.id.split("/").at(-1)! });
    expect(emu.state.roleAssignments.has(b.id)).toBe(false);
    expect(emu.state.roleAssignments.has(a.id)).toBe(true);
    expect(() => granter.list("not-an-id")).toThrow(InputValidationError);
    await expect(granter.revoke(saId, { confirm: "x" })).rejects.toBeInstanceOf(InputValidationError);
  });
});

describe("RoleGranter identity propagation", () => {
  const slow = useEmulator({ timeScale: 40, durations: { identityPropagation: 20, identityPropagationWithPrincipalType: 10 } });

  it("rides out PrincipalNotFound on a schedule fitted to the propagation window, not a doubling backoff", async () => {
    const emu = slow.current;
    const rgId = emu.addResourceGroup({ name: "rg-propagate", location: "eastus" });
    const createdAt = Date.now();
    const principal = emu.addServicePrincipal(); // visible after 10 simulated seconds: 400 ms
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const progress: GrantProgress[] = [];
    const r = await granter.grant({ principalId: principal, role: "Contributor", scope: rgId }, { onProgress: (p) => progress.push(p) });
    expect(r.created).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    // The window at this poll interval (20 ms = 1/100 of the default) is 100 ms: first retry at
    // 0.4 of it, then steps of 0.2 of it (never growing while the window is open).
    const delays = progress.map((p) => p.nextRetryInMs);
    expect(delays[0]).toBe(40);
    // Then 20 ms steps (a tenth of the time waited once that is longer, on a slow machine): never doubling.
    for (const d of delays.slice(1)) {
      expect(d).toBeGreaterThanOrEqual(20);
      expect(d).toBeLessThanOrEqual(50);
    }
    const puts = emu.requests.filter((q) => q.method === "PUT" && q.path.startsWith(rgId));
    const rejected = puts.filter((q) => q.status === 400);
    expect(rejected.length).toBe(progress.length);
    // Granted soon after the identity became visible (a doubling backoff overshoots by up to half the time waited).
    const granted = puts.find((q) => q.status === 201)!;
    expect(granted.at - createdAt).toBeLessThan(400 + 25 + 80);
  });

  it("gives up after propagationTimeoutInMs with PrincipalNotFound", async () => {
    const emu = slow.current;
    const rgId = emu.addResourceGroup({ name: "rg-propagate-timeout", location: "eastus" });
    const granter = new RoleGranter(emu.credential, emu.subscriptionId, fastOptions(emu));
    const err = await granter.grant({ principalId: emu.addServicePrincipal(), role: "Reader", scope: rgId }, { propagationTimeoutInMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AzureRequestError);
    expect((err as AzureRequestError).code).toBe("PrincipalNotFound");
    expect((err as Error).message).toContain("propagationTimeoutInMs");
  });
});

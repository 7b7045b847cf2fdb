import { describe, expect, it } from "vitest";
import { RoleGranter } from "aks-backup";
import { permissionsAllow } from "../../src/roles/callerPermissions.js";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emu = useEmulator();

describe("caller permissions", () => {
  it("evaluates actions against notActions with wildcards", () => {
    const write = "Microsoft.Authorization/roleAssignments/write";
    expect(permissionsAllow([{ actions: ["*"], notActions: [] }], write)).toBe(true);
    expect(permissionsAllow([{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }], write)).toBe(false);
    expect(permissionsAllow([{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }, { actions: ["Microsoft.Authorization/*"], notActions: [] }], write)).toBe(true);
    expect(permissionsAllow([{ actions: ["Microsoft.Storage/*/read"] }], write)).toBe(false);
  });

  it("reads whether the caller may assign roles at a resource group or resource, through the real SDK", async () => {
    const e = emu.current;
    const sa = e.addStorageAccount({ resourceGroup: "rg-perm", name: "saperm", location: "westeurope" });
    const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-perm`;
    const roles = new RoleGranter(e.credential, e.subscriptionId, fastOptions(e));
    expect(await roles.canAssignRoles(rg)).toBe(true);
    expect(await roles.canAssignRoles(sa)).toBe(true);
    e.setCallerCanAssignRoles(rg, false);
    expect(await roles.canAssignRoles(rg)).toBe(false);
    expect(await roles.canAssignRoles(sa)).toBe(false);
    e.setCallerCanAssignRoles(sa, true);
    expect(await roles.canAssignRoles(sa)).toBe(true);
    expect(e.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});

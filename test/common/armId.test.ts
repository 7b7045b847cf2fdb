import { describe, expect, it } from "vitest";
import { InputValidationError, parseArmId, resourceTypes } from "aks-backup";
import { parentIdOf } from "../../src/common/armId.js";

const sub = "00000000-0000-0000-0000-000000000001";

describe("parseArmId", () => {
  it.each([
    [`/subscriptions/${sub}`, "Microsoft.Resources/subscriptions", sub, undefined, undefined],
    [`/subscriptions/${sub}/resourceGroups/rg1`, "Microsoft.Resources/resourceGroups", "rg1", "rg1", `/subscriptions/${sub}`],
    [`/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`, resourceTypes.managedCluster, "c1", "rg1", `/subscriptions/${sub}/resourceGroups/rg1`],
    [`/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.DataProtection/backupVaults/v1/backupPolicies/p1`, resourceTypes.backupPolicy, "p1", "rg1", `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.DataProtection/backupVaults/v1`],
    [`/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1/providers/Microsoft.KubernetesConfiguration/extensions/e1`, resourceTypes.extension, "e1", "rg1", `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`],
    [`/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/sa/providers/Microsoft.Authorization/roleAssignments/${sub}`, resourceTypes.roleAssignment, sub, "rg1", `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/sa`],
  ])("parses %s", (id, type, name, rg, parent) => {
    const parsed = parseArmId(id, "id");
    expect(parsed.resourceType).toBe(type);
    expect(parsed.name).toBe(name);
    expect(parsed.resourceGroupName).toBe(rg);
    expect(parsed.parentId).toBe(parent);
    expect(parsed.subscriptionId).toBe(sub);
  });

  it("drops a trailing slash (ids pasted from the portal) and names the same resource", () => {
    const vault = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/A0`;
    for (const given of [`${vault}/`, `${vault}//`]) {
      const parsed = parseArmId(given, "vaultId", resourceTypes.backupVault);
      expect(parsed.id).toBe(vault);
      expect(parsed.name).toBe("A0");
    }
  });

  it("matches the expected type case-insensitively and names the parameter when it differs", () => {
    const vault = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v`;
    expect(parseArmId(vault.toLowerCase(), "vaultId", resourceTypes.backupVault).name).toBe("v");
    expect(() => parseArmId(vault, "policyId", resourceTypes.backupPolicy)).toThrow(/Invalid policyId: .* is a Microsoft\.DataProtection\/backupVaults id, but a Microsoft\.DataProtection\/backupVaults\/backupPolicies id is expected/);
  });

  it.each([
    ["", /empty/],
    ["subscriptions/x", /must start with/],
    ["/subscriptions/not-a-guid/resourceGroups/rg", /not a GUID/],
    [`/subscriptions/${sub}/resourceGroups`, /resource group name is missing/],
    [`/subscriptions/${sub}/resourceGroups/rg//providers/x`, /empty segment/],
    [`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage`, /no resource type/],
    [`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts`, /name after 'storageAccounts' is missing/],
    [`/subscriptions/${sub}/resourceGroups/rg/foo/bar`, /expected 'providers'/],
  ])("rejects %j", (id, message) => {
    expect(() => parseArmId(id, "clusterId")).toThrow(InputValidationError);
    expect(() => parseArmId(id, "clusterId")).toThrow(message);
    expect(() => parseArmId(id, "clusterId")).toThrow(/clusterId/);
  });
});

describe("parseArmId refuses what would change the request's target", () => {
  const base = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1`;
  it.each([
    [`${base}/trustedAccessRoleBindings/..`, /relative path segment/],
    [`${base}/trustedAccessRoleBindings/.`, /relative path segment/],
    [`${base}/trustedAccessRoleBindings/%2e%2e`, /percent-encoded relative/],
    [`${base}/trustedAccessRoleBindings/%2E.`, /percent-encoded relative/],
    [`/subscriptions/${sub}/resourceGroups/..`, /relative path segment/],
    [`/subscriptions/${sub}/resourceGroups/%2e%2e`, /percent-encoded relative/],
    [`${base}/x/a%2fb`, /percent-encoded '\/'/],
    [`${base}/x/a%3Fb`, /percent-encoded/],
    [`${base}/x/a%41`, /contains '%'/],
    [`${base}?api-version=1&$filter=x#`, /'\?' or '#'/],
    [`${base}#x`, /'\?' or '#'/],
    [`${base}/x/a\u0000b`, /control character/],
    [`${base}/x/a b`, /whitespace/],
    [`${base}\n`, /leading or trailing whitespace/],
    [` ${base}`, /leading or trailing whitespace/],
    [`${base}/x/a\\b`, /slash/],
  ])("refuses %j", (id, message) => {
    expect(() => parseArmId(id, "theId")).toThrow(InputValidationError);
    expect(() => parseArmId(id, "theId")).toThrow(message);
    expect(() => parseArmId(id, "theId")).toThrow(/Invalid theId/);
  });

  it("shows control characters escaped in the message", () => {
    expect(() => parseArmId(`${base}/x/a\u0007`, "id")).toThrow(/\\u0007/);
  });
});

describe("parentIdOf (ids Azure returned)", () => {
  it.each([
    [`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupInstances/bi`, `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v`],
    [`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupInstances/bi/recoveryPoints/rp/`, `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupInstances/bi`],
    [`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v`, `/subscriptions/${sub}/resourceGroups/rg`],
    [`/subscriptions/${sub}`, ""],
  ])("%s -> %s", (id, parent) => {
    expect(parentIdOf(id)).toBe(parent);
  });
});

import { describe, expect, it } from "vitest";
import {
  InputValidationError,
  isReference,
  nameRules,
  parseBackupInstanceId,
  parseBackupPolicyId,
  parseBackupVaultId,
  parseBlobContainerName,
  parseClusterId,
  parseExtensionId,
  parseJobId,
  parseRecoveryPointId,
  parseResourceGroupId,
  parseRoleAssignmentId,
  parseRoleAssignmentScope,
  parseStorageAccountId,
  parseSubscriptionId,
  parseTrustedAccessBindingId,
  parseUserAssignedIdentityId,
  type ResourceRef,
} from "aks-backup";
import { backupInstanceIn, backupPolicyIn, encodeSegment, extensionOn, jobIn, recoveryPointOf, roleAssignmentAt, trustedAccessBindingOn } from "../../src/common/references.js";

const sub = "00000000-0000-0000-0000-000000000001";
const guid = "6217ef99-a85d-4d43-8016-39a38da9cdaa";
const rg = `/subscriptions/${sub}/resourceGroups/rg1`;
const cluster = `${rg}/providers/Microsoft.ContainerService/managedClusters/aks1`;
const vault = `${rg}/providers/Microsoft.DataProtection/backupVaults/vault1`;
const instance = `${vault}/backupInstances/aks1-aks1-${guid}`;

type Parse = (value: unknown, parameter: string) => ResourceRef;

/** Each type: its parser, ids it accepts, and names (last segment) its rules refuse. */
const types: Array<{ type: string; parse: Parse; valid: string[]; prefix: string; badNames: string[] }> = [
  {
    type: "resource group", parse: parseResourceGroupId, prefix: `/subscriptions/${sub}/resourceGroups/`,
    valid: [rg, `/subscriptions/${sub}/resourcegroups/My_RG-(1).x`, `/subscriptions/${sub}/resourceGroups/${"r".repeat(90)}`, `/subscriptions/${sub}/resourceGroups/grüne-gruppe`],
    badNames: ["rg.", "r".repeat(91), "rg!", "rg@x", "rg*", "rg'x"],
  },
  {
    type: "cluster", parse: parseClusterId, prefix: `${rg}/providers/Microsoft.ContainerService/managedClusters/`,
    valid: [cluster, `${rg}/providers/microsoft.containerservice/managedclusters/A_b-9`, `${rg}/providers/Microsoft.ContainerService/managedClusters/${"c".repeat(63)}`, `${rg}/providers/Microsoft.ContainerService/managedClusters/x`],
    badNames: ["-aks", "aks-", "aks_", "_aks", "c".repeat(64), "aks.1", "aks!", "aks0?api-version=1&$filter=x#"],
  },
  {
    type: "storage account", parse: parseStorageAccountId, prefix: `${rg}/providers/Microsoft.Storage/storageAccounts/`,
    valid: [`${rg}/providers/Microsoft.Storage/storageAccounts/sa1`, `${rg}/providers/Microsoft.Storage/storageAccounts/${"a".repeat(24)}`],
    badNames: ["sa", "a".repeat(25), "Sa1", "sa-1", "sa_1", "sa.1"],
  },
  {
    type: "user-assigned identity", parse: parseUserAssignedIdentityId, prefix: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/`,
    valid: [`${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-1_x`],
    badNames: ["id", "-id1", "id.1", "i".repeat(129)],
  },
  {
    type: "backup vault", parse: parseBackupVaultId, prefix: `${rg}/providers/Microsoft.DataProtection/backupVaults/`,
    valid: [vault, `${rg}/providers/Microsoft.DataProtection/backupVaults/V-2`, `${rg}/providers/Microsoft.DataProtection/backupVaults/${"v".repeat(50)}`],
    badNames: ["v", "v_1", "1vault", "vault-", "v".repeat(51), "v.1"],
  },
  {
    type: "backup policy", parse: parseBackupPolicyId, prefix: `${vault}/backupPolicies/`,
    valid: [`${vault}/backupPolicies/aks-4h`, `${vault}/backupPolicies/1p`, `${vault}/backupPolicies/${"p".repeat(150)}`],
    badNames: ["p", "p_1", "-p1", "p.1", "p".repeat(151), "bad name!"],
  },
  {
    type: "backup instance", parse: parseBackupInstanceId, prefix: `${vault}/backupInstances/`,
    valid: [instance, `${vault}/backupInstances/a.b_c-1_`, `${vault}/backupInstances/${"b".repeat(128)}`],
    badNames: ["b", "-bi", "bi-", "bi.", "b".repeat(129), "bad name!", "bi!"],
  },
  {
    type: "job", parse: parseJobId, prefix: `${vault}/backupJobs/`,
    valid: [`${vault}/backupJobs/${guid}`, `${vault}/backupJobs/${guid.toUpperCase()}`],
    badNames: ["job1", `${guid}0`, guid.replace(/-/g, "")],
  },
  {
    type: "recovery point", parse: parseRecoveryPointId, prefix: `${instance}/recoveryPoints/`,
    valid: [`${instance}/recoveryPoints/05c03751dcda48d8b79c499ac4fa1a69`, `${instance}/recoveryPoints/${guid}`],
    badNames: ["-rp", "rp_1", "rp.1", "r".repeat(129)],
  },
  {
    type: "extension", parse: parseExtensionId, prefix: `${cluster}/providers/Microsoft.KubernetesConfiguration/extensions/`,
    valid: [`${cluster}/providers/Microsoft.KubernetesConfiguration/extensions/azure-aks-backup`, `${cluster}/providers/Microsoft.KubernetesConfiguration/extensions/x`],
    badNames: ["Azure-aks-backup", "-ext", "ext-", "ext_1", "ext.1", "e".repeat(254)],
  },
  {
    type: "Trusted Access binding", parse: parseTrustedAccessBindingId, prefix: `${cluster}/trustedAccessRoleBindings/`,
    valid: [`${cluster}/trustedAccessRoleBindings/tarb-0123456789abcdef`, `${cluster}/trustedAccessRoleBindings/B-1`],
    badNames: ["t".repeat(25), "tarb_1", "tarb.1", "tarb!"],
  },
  {
    type: "role assignment", parse: parseRoleAssignmentId, prefix: `${rg}/providers/Microsoft.Authorization/roleAssignments/`,
    valid: [`${rg}/providers/Microsoft.Authorization/roleAssignments/${guid}`, `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/${guid}`, `${cluster}/providers/Microsoft.Authorization/roleAssignments/${guid}`],
    badNames: ["ra1", `${guid}x`],
  },
];

/** Hostile last segments, each refused by every type; and hostile segments in the middle. */
const hostileSegments = [
  "..", ".", "%2e%2e", "%2E%2E", "%2e.", ".%2E", "%2e", "%2f", "a%2f..", "a%2Fb", "%3f", "a%3Fb", "a%23b", "%", "%zz", "a%20b",
  "a?b", "a#b", "a?api-version=1&$filter=x#", "a\\b", "a\u0000", "a\u0007b", "a\u007f", "a\tb", "a b", " a", "a\u00a0b", "a\u2028b",
];

describe("typed references: valid ids", () => {
  for (const t of types) {
    it.each(t.valid)(`${t.type}: accepts %s, keeps the id and encodes the path`, (id) => {
      const ref = t.parse(id, "id");
      expect(ref.id).toBe(id);
      expect(ref.path).toBe("/" + id.slice(1).split("/").map(encodeURIComponent).join("/"));
      expect(decodeURIComponent(ref.path)).toBe(id);
      expect(Object.isFrozen(ref)).toBe(true);
      expect(isReference(ref, ref.kind)).toBe(true);
      expect(t.parse(ref, "id")).toBe(ref);
      expect(t.parse(JSON.parse(JSON.stringify(ref)), "id").id).toBe(id);
    });
  }
});

describe("typed references: names outside the ARM rules", () => {
  for (const t of types) {
    it.each(t.badNames)(`${t.type}: refuses the name %j, naming the parameter and the rule`, (name) => {
      const error = (() => {
        try {
          t.parse(`${t.prefix}${name}`, "theParameter");
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InputValidationError);
      const e = error as InputValidationError;
      expect(e.parameter).toBe("theParameter");
      expect(e.message).toMatch(/^Invalid theParameter: .+\. To fix: .+/s);
      expect(e.fix.length).toBeGreaterThan(5);
    });
  }
});

describe("typed references: traversal, encoding, query and control characters", () => {
  for (const t of types) {
    it.each(hostileSegments)(`${t.type}: refuses %j as the last segment`, (segment) => {
      expect(() => t.parse(`${t.prefix}${segment}`, "p")).toThrow(InputValidationError);
    });
    it.each(hostileSegments)(`${t.type}: refuses %j in the resource group segment`, (segment) => {
      const id = t.valid[0]!.replace("/resourceGroups/rg1", `/resourceGroups/${segment}`);
      if (id === t.valid[0]) return;
      expect(() => t.parse(id, "p")).toThrow(InputValidationError);
    });
  }

  it.each([
    [`${cluster}/trustedAccessRoleBindings/..`, parseTrustedAccessBindingId],
    [`${cluster}/trustedAccessRoleBindings/%2e%2e`, parseTrustedAccessBindingId],
    [`${vault}/backupPolicies/..`, parseBackupPolicyId],
    [`${vault}/backupInstances/../../backupVaults/other`, parseBackupInstanceId],
    [`/subscriptions/${sub}/resourceGroups/..`, parseResourceGroupId],
    [`/subscriptions/${sub}/resourceGroups/%2e%2e`, parseResourceGroupId],
    [`${rg}/../rg2/providers/Microsoft.ContainerService/managedClusters/aks1`, parseClusterId],
    [`${rg}//providers/Microsoft.ContainerService/managedClusters/aks1`, parseClusterId],
    [`${cluster}?api-version=2024-01-01`, parseClusterId],
    [`${cluster}#x`, parseClusterId],
    [`${cluster}\n`, parseClusterId],
    [` ${cluster}`, parseClusterId],
  ] as Array<[string, Parse]>)("refuses %j", (id, parse) => {
    expect(() => parse(id, "p")).toThrow(InputValidationError);
  });

  it.each([undefined, null, 42, {}, [], "", "   ", { id: 42 }])("refuses the non-id %j", (value) => {
    for (const t of types) expect(() => t.parse(value, "p")).toThrow(InputValidationError);
  });
});

describe("typed references: types, parents and scopes", () => {
  it("refuses an id of another type, naming both", () => {
    expect(() => parseClusterId(vault, "clusterId")).toThrow(/backupVaults id, but a Microsoft\.ContainerService\/managedClusters id is expected/);
    expect(() => parseBackupVaultId(cluster, "vaultId")).toThrow(InputValidationError);
    expect(() => parseResourceGroupId(`/subscriptions/${sub}`, "snapshotResourceGroupId")).toThrow(InputValidationError);
    expect(() => parseExtensionId(`${vault}/providers/Microsoft.KubernetesConfiguration/extensions/e1`, "extensionId")).toThrow(/managedClusters/);
  });

  it("refuses a resource outside a resource group", () => {
    expect(() => parseClusterId(`/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters/aks1`, "clusterId")).toThrow(/no resource group/);
  });

  it("links children to their parents", () => {
    const bi = parseBackupInstanceId(instance, "backupInstanceId");
    expect(bi.vault.id).toBe(vault);
    expect(bi.vault.kind).toBe("backupVault");
    expect(bi.resourceGroupName).toBe("rg1");
    const rp = parseRecoveryPointId(`${instance}/recoveryPoints/abc`, "recoveryPointId");
    expect(rp.backupInstance.id).toBe(instance);
    const ext = parseExtensionId(`${cluster}/providers/Microsoft.KubernetesConfiguration/extensions/azure-aks-backup`, "extensionId");
    expect(ext.cluster.name).toBe("aks1");
    const ra = parseRoleAssignmentId(`${cluster}/providers/Microsoft.Authorization/roleAssignments/${guid}`, "roleAssignmentId");
    expect(ra.scope.level).toBe("resource");
    expect(ra.scope.id).toBe(cluster);
  });

  it("builds children from a parent and a checked name", () => {
    const v = parseBackupVaultId(vault, "vaultId");
    const c = parseClusterId(cluster, "clusterId");
    expect(backupPolicyIn(v, "aks-4h", "policyName").id).toBe(`${vault}/backupPolicies/aks-4h`);
    expect(backupInstanceIn(v, "bi-1", "backupInstanceName").vault.id).toBe(vault);
    expect(jobIn(v, guid, "jobId").name).toBe(guid);
    expect(recoveryPointOf(parseBackupInstanceId(instance, "bi"), "rp1", "rp").id).toBe(`${instance}/recoveryPoints/rp1`);
    expect(extensionOn(c, "azure-aks-backup", "name").cluster.id).toBe(cluster);
    expect(trustedAccessBindingOn(c, "tarb-1", "name").id).toBe(`${cluster}/trustedAccessRoleBindings/tarb-1`);
    expect(roleAssignmentAt(parseRoleAssignmentScope(rg, "scope"), guid, "name").id).toBe(`${rg}/providers/Microsoft.Authorization/roleAssignments/${guid}`);
    for (const bad of ["..", "%2e%2e", "a/b", "a?b", ""]) {
      expect(() => backupPolicyIn(v, bad, "policyName")).toThrow(InputValidationError);
      expect(() => backupInstanceIn(v, bad, "backupInstanceName")).toThrow(InputValidationError);
      expect(() => trustedAccessBindingOn(c, bad, "name")).toThrow(InputValidationError);
      expect(() => extensionOn(c, bad, "name")).toThrow(InputValidationError);
    }
  });

  it("gives a scope its level and refuses a subscription scope without the opt-in", () => {
    expect(parseRoleAssignmentScope(rg, "scope").level).toBe("resourceGroup");
    expect(parseRoleAssignmentScope(cluster, "scope").level).toBe("resource");
    expect(() => parseRoleAssignmentScope(`/subscriptions/${sub}`, "scope")).toThrow(/allowSubscriptionScope/);
    expect(parseRoleAssignmentScope(`/subscriptions/${sub}`, "scope", { allowSubscriptionScope: true }).level).toBe("subscription");
    const subRef = parseRoleAssignmentScope(`/subscriptions/${sub}`, "scope", { allowSubscriptionScope: true });
    expect(() => parseRoleAssignmentScope(subRef, "scope")).toThrow(/allowSubscriptionScope/);
    for (const seg of ["..", "%2e%2e", "%2E."]) {
      expect(() => parseRoleAssignmentScope(`/subscriptions/${sub}/resourceGroups/${seg}`, "scope", { allowSubscriptionScope: true })).toThrow(InputValidationError);
    }
  });

  it("parses a subscription from a GUID or an id", () => {
    expect(parseSubscriptionId(sub, "subscriptionId").path).toBe(`/subscriptions/${sub}`);
    expect(parseSubscriptionId(`/subscriptions/${sub}`, "subscriptionId").subscriptionId).toBe(sub);
    for (const bad of ["sub", `${sub}/..`, `/subscriptions/${sub}/resourceGroups/rg1`, "%2e%2e"]) expect(() => parseSubscriptionId(bad, "subscriptionId")).toThrow(InputValidationError);
  });

  it("does not take a look-alike object for a reference: it parses its id", () => {
    const forged = { kind: "cluster", id: `${rg}/providers/Microsoft.ContainerService/managedClusters/..`, path: "/", name: "..", resourceGroupName: "rg1" };
    expect(isReference(forged)).toBe(false);
    expect(() => parseClusterId(forged, "clusterId")).toThrow(InputValidationError);
    const otherKind = parseBackupVaultId(vault, "vaultId");
    expect(() => parseClusterId(otherKind, "clusterId")).toThrow(/is expected/);
  });
});

describe("blob container names and path encoding", () => {
  it.each(["backups", "abc", "a-b-c", "0aa", "a".repeat(63)])("accepts the container %j", (name) => {
    expect(parseBlobContainerName(name, "blobContainer")).toBe(name);
  });
  it.each(["ab", "a".repeat(64), "Backups", "a--b", "-ab", "ab-", "a_b", "a.b", "..", "%2e%2e", "a/b", "a?b", "", "$root"])("refuses the container %j", (name) => {
    expect(() => parseBlobContainerName(name, "blobContainer")).toThrow(/Invalid blobContainer/);
  });

  it.each([
    ["p(1)", "p(1)"],
    ["grüne", "gr%C3%BCne"],
    ["a'b", "a'b"],
    ["a+b", "a%2Bb"],
    ["a&b", "a%26b"],
    ["a=b", "a%3Db"],
    ["a;b", "a%3Bb"],
  ])("encodes the segment %j as %j and it decodes back", (name, encoded) => {
    expect(encodeSegment(name, "p")).toBe(encoded);
    expect(decodeURIComponent(encodeSegment(name, "p"))).toBe(name);
  });

  it.each(hostileSegments.concat([""]))("encodeSegment refuses %j", (segment) => {
    expect(() => encodeSegment(segment, "p")).toThrow(InputValidationError);
  });

  it("documents a rule for every name kind", () => {
    for (const [kind, rule] of Object.entries(nameRules)) {
      expect(rule.rule.length, kind).toBeGreaterThan(5);
      expect(rule.test(""), kind).toBe(false);
      expect(rule.test(".."), kind).toBe(false);
    }
  });
});

describe("parse once", () => {
  it("gives the same reference for the same id string, so lower layers do not parse it again", () => {
    const id = `${rg}/providers/Microsoft.ContainerService/managedClusters/aks-once`;
    const first = parseClusterId(id, "clusterId");
    expect(parseClusterId(id, "anotherParameter")).toBe(first);
    expect(parseClusterId(first, "clusterId")).toBe(first);
    expect(() => parseBackupVaultId(id, "vaultId")).toThrow(InputValidationError);
  });
});

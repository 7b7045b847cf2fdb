import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  InputValidationError,
  parseBackupInstanceId,
  parseBackupPolicyId,
  parseClusterId,
  parseResourceGroupId,
  parseRoleAssignmentScope,
  parseTrustedAccessBindingId,
  type ResourceRef,
} from "aks-backup";
import { encodeSegment } from "../../src/common/references.js";

const sub = "00000000-0000-0000-0000-000000000001";
const rg = `/subscriptions/${sub}/resourceGroups/rg1`;
const cluster = `${rg}/providers/Microsoft.ContainerService/managedClusters/aks1`;
const vault = `${rg}/providers/Microsoft.DataProtection/backupVaults/vault1`;

/** Where a name goes, and the parser of the id it makes. */
const positions: Array<[string, (name: string) => string, (v: unknown, p: string) => ResourceRef]> = [
  ["binding", (n) => `${cluster}/trustedAccessRoleBindings/${n}`, parseTrustedAccessBindingId],
  ["policy", (n) => `${vault}/backupPolicies/${n}`, parseBackupPolicyId],
  ["instance", (n) => `${vault}/backupInstances/${n}`, parseBackupInstanceId],
  ["cluster", (n) => `${rg}/providers/Microsoft.ContainerService/managedClusters/${n}`, parseClusterId],
  ["resource group", (n) => `/subscriptions/${sub}/resourceGroups/${n}`, parseResourceGroupId],
  ["scope", (n) => `/subscriptions/${sub}/resourceGroups/${n}`, (v, p) => parseRoleAssignmentScope(v, p)],
];

/** Names mixing the characters that matter for paths with ordinary ones. */
const nameArbitrary = fc.oneof(
  fc.string({ unit: fc.constantFrom(".", "%", "2", "e", "E", "f", "F", "/", "\\", "?", "#", "&", "=", " ", "\t", "\n", "\u0000", "a", "b", "-", "_", "(", ")", "é"), maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("..", ".", "%2e%2e", "%2E.", ".%2e", "%2f", "a%2F..", "a?x=1#", ""),
);

describe("reference parsing properties (fast-check)", () => {
  for (const [what, idOf, parse] of positions) {
    it(`${what}: a name is either refused with InputValidationError, or its request path lands exactly on the id`, () => {
      fc.assert(fc.property(nameArbitrary, (name) => {
        let ref: ResourceRef;
        try {
          ref = parse(idOf(name), "p");
        } catch (e) {
          expect(e).toBeInstanceOf(InputValidationError);
          return;
        }
        // The WHATWG URL parser is what resolves `..`, `%2e%2e` and cuts at `?`/`#`: the path must survive it.
        const url = new URL(`https://management.azure.com${ref.path}?api-version=1`);
        expect(url.pathname).toBe(ref.path);
        expect(decodeURIComponent(url.pathname)).toBe(ref.id);
        expect(url.search).toBe("?api-version=1");
        expect(url.hash).toBe("");
        // A trailing slash is the only thing dropped: the id is the one given, otherwise unchanged.
        expect(ref.id).toBe(idOf(name).replace(/\/+$/, ""));
      }), { numRuns: 400 });
    });
  }

  it("encodeSegment: any string is refused, or stays exactly one segment after URL parsing", () => {
    fc.assert(fc.property(nameArbitrary, (name) => {
      let encoded: string;
      try {
        encoded = encodeSegment(name, "p");
      } catch (e) {
        expect(e).toBeInstanceOf(InputValidationError);
        return;
      }
      const url = new URL(`https://h/base/${encoded}/tail`);
      expect(url.pathname.split("/")).toHaveLength(4);
      expect(decodeURIComponent(url.pathname.split("/")[2]!)).toBe(name);
    }), { numRuns: 1000 });
  });
});

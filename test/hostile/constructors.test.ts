import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  AksBackup, BackupInstanceManager, DataProtectionClient, ExtensionManager, InputValidationError, ProviderRegistrar, RoleGranter, TrustedAccessBinder,
} from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { useEmulator } from "../support/emulator.js";
import { expectRefused, runs } from "./support.js";

const emu = useEmulator();

type Ctor = new (credential: never, subscriptionId: never, options?: never) => unknown;
const classes: Array<[string, Ctor]> = [
  ["AksBackup", AksBackup],
  ["ProviderRegistrar", ProviderRegistrar],
  ["ExtensionManager", ExtensionManager],
  ["RoleGranter", RoleGranter],
  ["TrustedAccessBinder", TrustedAccessBinder],
  ["BackupInstanceManager", BackupInstanceManager],
  ["DataProtectionClient", DataProtectionClient],
];

/** Bad constructor arguments: [what, credential, subscriptionId, options, parameter], built on the running emulator. */
const bad = (e: ArmEmulator): Array<[string, unknown, unknown, unknown, RegExp]> => [
    ["credential null", null, e.subscriptionId, e.clientOptions, /^credential$/],
    ["credential without getToken", { token: "x" }, e.subscriptionId, e.clientOptions, /^credential$/],
    ["credential a string", "Bearer abc", e.subscriptionId, e.clientOptions, /^credential$/],
    ["subscriptionId not a GUID", e.credential, "my-sub", e.clientOptions, /^subscriptionId$/],
    ["subscriptionId a number", e.credential, 42, e.clientOptions, /^subscriptionId$/],
    ["subscriptionId with traversal", e.credential, `${e.subscriptionId}/..`, e.clientOptions, /^subscriptionId$/],
    ["endpoint http", e.credential, e.subscriptionId, { ...e.clientOptions, endpoint: "http://management.azure.com" }, /endpoint/],
    ["endpoint not a URL", e.credential, e.subscriptionId, { ...e.clientOptions, endpoint: "management dot azure" }, /endpoint/],
    ["endpoint with credentials", e.credential, e.subscriptionId, { ...e.clientOptions, endpoint: "https://user:pw@management.azure.com" }, /endpoint/],
    ["endpoint with a query", e.credential, e.subscriptionId, { ...e.clientOptions, endpoint: "https://management.azure.com/?x=1" }, /endpoint/],
    ["pollIntervalInMs -1", e.credential, e.subscriptionId, { ...e.clientOptions, pollIntervalInMs: -1 }, /pollIntervalInMs/],
    ["pollIntervalInMs '20'", e.credential, e.subscriptionId, { ...e.clientOptions, pollIntervalInMs: "20" }, /pollIntervalInMs/],
    ["unknown option endpiont", e.credential, e.subscriptionId, { endpiont: e.endpoint }, /endpiont/],
    ["options null", e.credential, e.subscriptionId, null, /options/],
];
const stub = { credential: {}, subscriptionId: "", endpoint: "", clientOptions: {} } as unknown as ArmEmulator;

describe("every constructor refuses bad arguments with a typed error and no request", () => {
  for (const [className, Class] of classes) {
    it.each(bad(stub).map((b, i) => [b[0], i] as const))(`${className}: %s`, async (_, i) => {
      const [, credential, subscriptionId, options, parameter] = bad(emu.current)[i]!;
      await expectRefused(emu.current, () => new Class(credential as never, subscriptionId as never, options as never), { parameter });
    });
  }

  it("reports every problem of the arguments at once, and says 'did you mean'", () => {
    const error = (() => {
      try {
        new AksBackup(null as never, "nope", { endpiont: "https://x" } as never);
      } catch (e) {
        return e as InputValidationError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error!.issues.map((i) => i.parameter)).toEqual(["credential", "subscriptionId", "endpiont"]);
    expect(error!.issues[2]!.fix).toMatch(/did you mean `endpoint`\?/);
  });

  it("refuses any non-GUID subscription (property)", async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 40 }).filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)), async (sub) => {
      await expectRefused(emu.current, () => new RoleGranter(emu.current.credential, sub, emu.current.clientOptions), { parameter: /subscriptionId/ });
    }), runs);
  });
});

import { describe, expect, it } from "vitest";
import * as lib from "aks-backup";
import * as emulator from "aks-backup-emulator";

/** The public names of ../shared/API.md, which users' scripts rely on. */
const methods: Record<string, string[]> = {
  ProviderRegistrar: ["ensureRegistered", "get"],
  ExtensionManager: ["install", "get", "update", "delete"],
  RoleGranter: ["grant", "list", "revoke"],
  TrustedAccessBinder: ["bind", "list", "unbind"],
  BackupInstanceManager: ["get", "list", "changePolicy", "stopProtection", "resumeProtection", "delete", "backupNow", "listJobs", "getJob", "waitForJob", "restore", "listRecoveryPoints", "ensureVault"],
  AksBackup: ["planBackup", "enableBackup", "disableBackup", "enableBackupForFleet", "planRestore", "restoreCluster", "discover", "doctor"],
};

/** The emulator's methods and properties in ../shared/API.md. */
const emulatorMembers = ["addResourceGroup", "addCluster", "addStorageAccount", "addUserAssignedIdentity", "injectFault", "advanceTime", "writeConnectionFile", "stop"];

describe("public API (../shared/API.md)", () => {
  it.each(Object.entries(methods))("%s has its methods", (name, names) => {
    const ctor = (lib as Record<string, unknown>)[name] as { prototype: Record<string, unknown> } | undefined;
    expect(typeof ctor).toBe("function");
    for (const m of names) expect(typeof ctor!.prototype[m], `${name}.${m}`).toBe("function");
  });

  it("the facade exposes the service classes and builds them from the emulator's client options", async () => {
    const emu = await emulator.startArmEmulator();
    try {
      expect(emu.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(emu.ca).toMatch(/BEGIN CERTIFICATE/);
      expect(emu.clientOptions).toEqual({ endpoint: emu.endpoint, tlsOptions: { ca: emu.ca } });
      for (const m of emulatorMembers) {
        expect(typeof (emu as unknown as Record<string, unknown>)[m], m).toBe("function");
      }
      expect(Array.isArray(emu.requests)).toBe(true);
      expect(emu.subscriptionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof emu.credential.getToken).toBe("function");
      const aks = new lib.AksBackup(emu.credential, emu.subscriptionId, emu.clientOptions);
      expect(aks.providers).toBeInstanceOf(lib.ProviderRegistrar);
      expect(aks.extension).toBeInstanceOf(lib.ExtensionManager);
      expect(aks.roles).toBeInstanceOf(lib.RoleGranter);
      expect(aks.trustedAccess).toBeInstanceOf(lib.TrustedAccessBinder);
      expect(aks.backupInstances).toBeInstanceOf(lib.BackupInstanceManager);
      // Raw clients stay raw but are not reachable: nothing deletes through them without confirm.
      for (const service of [aks, aks.providers, aks.extension, aks.roles, aks.trustedAccess, aks.backupInstances]) {
        const own = Object.getOwnPropertyNames(service).map((k) => [k, (service as unknown as Record<string, unknown>)[k]] as const);
        expect(own.filter(([k, v]) => /client|services|extensions|actions|restoreDeps/i.test(k) || (typeof v === "object" && v !== null && "backupInstances" in v)).map(([k]) => k), service.constructor.name).toEqual([]);
      }
      const rg = emu.addResourceGroup({ name: "rg-api", location: "westeurope" });
      expect(rg).toBe(`/subscriptions/${emu.subscriptionId}/resourceGroups/rg-api`);
      expect((await aks.providers.get("Microsoft.Storage")).registrationState).toBe("Registered");
    } finally {
      await emu.stop();
    }
  });
});

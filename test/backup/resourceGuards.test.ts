import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AzureLogger, getLogLevel, setLogLevel } from "@azure/logger";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { BackupInstanceManager, ConfirmationRequiredError, InputValidationError, ResourceGuardError, criticalOperations } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, protectedCluster } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);

/** A credential of the guard's tenant: the emulator checks only that some token comes. */
function guardTenantCredential(token: string): TokenCredential & { calls: number } {
  const c = { calls: 0, getToken: (): Promise<AccessToken> => { c.calls++; return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }); } };
  return c;
}

describe("resource guards (multi-user authorization)", () => {
  it("attaches a guard once, sends the guard's request with critical operations, and detaches only with confirm", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const t = await protectedCluster(e, m, "rgsame");
    const guardId = e.addResourceGuard({ resourceGroup: "rg-guards", name: "guard-same", location: "eastus" });
    expect(await m.getResourceGuard(t.vaultId)).toBeUndefined();
    // A guard that does not exist keeps Azure's error (it is not a refusal by a guard).
    await expect(m.attachResourceGuard(t.vaultId, guardId.replace(/guard-same$/, "missing"))).rejects.toMatchObject({ name: "AzureRequestError", code: "UserErrorResourceGuardNotFound" });

    const attached = await m.attachResourceGuard(t.vaultId, guardId);
    expect(attached).toMatchObject({ action: "created", resourceGuardId: guardId, vaultId: t.vaultId });
    expect(attached.protectedOperations).toContainEqual({ operation: criticalOperations.stopProtection, request: `${guardId}/dppDisableStopProtectionRequests/default` });
    const puts = e.requests.filter((r) => r.method === "PUT").length;
    expect((await m.attachResourceGuard(t.vaultId, guardId)).action).toBe("unchanged");
    expect(e.requests.filter((r) => r.method === "PUT").length).toBe(puts);
    const other = e.addResourceGuard({ resourceGroup: "rg-guards", name: "guard-other", location: "eastus" });
    await expect(m.attachResourceGuard(t.vaultId, other)).rejects.toBeInstanceOf(InputValidationError);
    await expect(m.attachResourceGuard(t.vaultId, `${t.vaultId}/backupPolicies/x`)).rejects.toBeInstanceOf(InputValidationError);

    // The emulator refuses a change and a stop without the guard's request: these pass only because the library sends it.
    const changed = await m.updateBackupConfiguration(t.backupInstanceId, { labelSelectors: ["tier=db"] }, { confirm: t.bi.name });
    expect(changed.configuration.labelSelectors).toEqual(["tier=db"]);
    const stopped = await m.stopProtection(t.backupInstanceId, { retain: "forever", confirm: t.bi.name });
    expect(stopped.protectionState).toBe("ProtectionStopped");

    // Lowering the vault's soft delete is guarded too: the vault PUT carries the guard's request.
    const vaultName = t.vaultId.split("/").pop()!;
    const lowered = await m.ensureVault(t.vaultId, { location: "eastus", softDelete: { state: "Off" }, confirm: vaultName });
    expect(lowered.changes.map((c) => c.setting)).toContain("softDelete.state");
    expect(lowered.softDeleteState).toBe("Off");

    await expect(m.detachResourceGuard(t.vaultId, { confirm: "wrong" })).rejects.toBeInstanceOf(ConfirmationRequiredError);
    expect(await m.detachResourceGuard(t.vaultId, { confirm: vaultName })).toEqual({ action: "deleted", resourceGuardId: guardId });
    expect(e.requests.some((r) => r.method === "POST" && /\/unlockDelete$/.test(r.path))).toBe(true);
    expect(await m.getResourceGuard(t.vaultId)).toBeUndefined();
    expect(await m.detachResourceGuard(t.vaultId, { confirm: vaultName })).toEqual({ action: "absent", resourceGuardId: undefined });
  });

  it("a guard in another tenant: a typed ResourceGuardError without its credential; with it, the token goes as a header and never into logs", async () => {
    const e = emu.current;
    const token = "guard-tenant-secret-token-7d1f";
    const cred = guardTenantCredential(token);
    const m = managerFor(e);
    const t = await protectedCluster(e, m, "rgtenant");
    const guardId = e.addResourceGuard({ resourceGroup: "rg-guards2", name: "guard-tenant", location: "eastus", tenantId: "99999999-8888-7777-6666-555555555555" });
    const refusedAttach = await m.attachResourceGuard(t.vaultId, guardId).catch((err: unknown) => err);
    expect(refusedAttach).toBeInstanceOf(ResourceGuardError);
    await m.attachResourceGuard(t.vaultId, guardId, { resourceGuardCredential: cred });

    const refused = await m.delete(t.backupInstanceId, { confirm: t.bi.name }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ResourceGuardError);
    expect(refused).toMatchObject({ name: "ResourceGuardError", code: "LinkedAuthorizationFailed", statusCode: 403, operation: criticalOperations.deleteBackupInstance, resourceGuardId: guardId });
    expect((refused as ResourceGuardError).remedy).toMatch(/resourceGuardCredential/);
    expect(await m.get(t.backupInstanceId)).toMatchObject({ protectionState: "ProtectionConfigured" });

    const lines: string[] = [];
    const original = AzureLogger.log.bind(AzureLogger);
    const level = getLogLevel();
    AzureLogger.log = (...args: unknown[]) => { lines.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 8 }))).join(" ")); };
    setLogLevel("verbose");
    try {
      // The client-level option applies to every critical operation of the manager.
      const withGuard = new BackupInstanceManager(e.credential, e.subscriptionId, { ...fastOptions(e), resourceGuardCredential: cred });
      await withGuard.delete(t.backupInstanceId, { confirm: t.bi.name });
    } finally {
      setLogLevel(level);
      AzureLogger.log = original;
    }
    expect(await m.get(t.backupInstanceId)).toBeUndefined();
    expect(cred.calls).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(token);
  });
});

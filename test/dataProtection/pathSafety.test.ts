import { describe, expect, it } from "vitest";
import { DataProtectionClient, InputValidationError } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor } from "../backup/support.js";

const emu = useEmulator(backupEmulatorOptions);

/** Names that URL normalisation would drop or climb, or that would end the path. */
const hostileNames = ["..", ".", "%2e%2e", "%2E.", ".%2e", "", "a/..", "a%2f..", "p?api-version=1", "p#x", "p\u0000", " p"];

describe("DataProtectionClient path safety", () => {
  it("refuses a policy name '..' (it used to DELETE the vault) and sends nothing", async () => {
    const m = managerFor(emu.current);
    emu.current.addResourceGroup({ name: "rg-dots", location: "eastus" });
    const vaultId = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-dots/providers/Microsoft.DataProtection/backupVaults/vault-dots`;
    await m.ensureVault(vaultId, { location: "eastus" });
    const client = new DataProtectionClient(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const before = emu.current.requests.length;
    const error = await client.backupPolicies.delete("rg-dots", "vault-dots", "..").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(emu.current.requests.length).toBe(before);
    const vault = await client.backupVaults.get("rg-dots", "vault-dots");
    expect(vault.id?.toLowerCase()).toBe(vaultId.toLowerCase());
  });

  it.each(hostileNames)("refuses %j in every path position before any request", async (name) => {
    const client = new DataProtectionClient(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const before = emu.current.requests.length;
    const calls: Array<() => Promise<unknown>> = [
      () => client.backupPolicies.delete("rg-dots", "vault-dots", name),
      () => client.backupPolicies.get("rg-dots", name, "p1"),
      () => client.backupVaults.get(name, "vault-dots"),
      () => client.backupInstances.beginDelete("rg-dots", "vault-dots", name).pollUntilDone(),
      () => client.backupInstances.beginStopProtection("rg-dots", "vault-dots", name).pollUntilDone(),
      () => client.backupVaults.beginDelete("rg-dots", name).pollUntilDone(),
      () => client.jobs.get("rg-dots", "vault-dots", name),
      () => client.recoveryPoints.get("rg-dots", "vault-dots", "bi1", name),
      () => client.operationStatus.getInVault("rg-dots", "vault-dots", name),
    ];
    for (const call of calls) {
      const error = await Promise.resolve().then(call).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputValidationError);
    }
    expect(emu.current.requests.length).toBe(before);
  });

  it("refuses a job id whose last segment is a traversal", async () => {
    const client = new DataProtectionClient(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const before = emu.current.requests.length;
    const vaultPath = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-dots/providers/Microsoft.DataProtection/backupVaults/vault-dots`;
    await expect(client.jobs.get("rg-dots", "vault-dots", `${vaultPath}/backupJobs/..`)).rejects.toBeInstanceOf(InputValidationError);
    expect(emu.current.requests.length).toBe(before);
  });

  it("encodes a name with characters that need it, keeping it one segment", async () => {
    const client = new DataProtectionClient(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    await client.backupPolicies.get("rg-dots", "vault-dots", "p(1)é").catch(() => undefined);
    const last = emu.current.requests.at(-1);
    expect(last?.method).toBe("GET");
    expect(last?.path.endsWith("/backupPolicies/p(1)%C3%A9") || last?.path.endsWith("/backupPolicies/p(1)é")).toBe(true);
  });
});

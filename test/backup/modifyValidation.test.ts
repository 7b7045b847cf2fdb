import { describe, expect, it } from "vitest";
import { AksBackup, AzureRequestError, InputValidationError } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, protectedCluster } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);

describe("updateBackupConfiguration goes through validateForModifyBackup; Azure Files limits", () => {
  it("validates before the PUT, reports a refused validation typed with no PUT, and checks Azure Files before any request", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const t = await protectedCluster(e, m, "modval");
    const index = (from: number, re: RegExp, method: string): number => e.requests.findIndex((r, i) => i >= from && r.method === method && re.test(r.path));

    let from = e.requests.length;
    const updated = await m.updateBackupConfiguration(t.backupInstanceId, { labelSelectors: ["app=web"] }, { confirm: t.bi.name });
    expect(updated.configuration.labelSelectors).toEqual(["app=web"]);
    const validate = index(from, /\/validateForModifyBackup$/, "POST");
    const put = index(from, /\/backupInstances\/[^/]+$/, "PUT");
    expect(validate).toBeGreaterThanOrEqual(0);
    expect(put).toBeGreaterThan(validate);

    // A validation the service refuses is an AzureRequestError with its code, and nothing is written.
    e.injectFault({ method: "POST", path: /validateForModifyBackup$/, status: 400, code: "UserErrorInvalidBackupConfiguration", message: "Invalid configuration." });
    from = e.requests.length;
    const refused = await m.updateBackupConfiguration(t.backupInstanceId, { labelSelectors: ["app=api"] }, { confirm: t.bi.name }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AzureRequestError);
    expect(refused).toMatchObject({ code: "UserErrorInvalidBackupConfiguration", statusCode: 400 });
    expect(index(from, /\/backupInstances\/[^/]+$/, "PUT")).toBe(-1);

    // Azure Files cannot be added to an existing instance: refused after the read, before any write or validation.
    from = e.requests.length;
    const files = await m.updateBackupConfiguration(t.backupInstanceId, { includedVolumeTypes: ["AzureDisk", "AzureFileShareSMB"] }, { confirm: t.bi.name }).catch((err: unknown) => err);
    expect(files).toBeInstanceOf(InputValidationError);
    expect((files as InputValidationError).parameter).toBe("configuration.includedVolumeTypes");
    expect(e.requests.slice(from).filter((r) => r.method !== "GET")).toEqual([]);

    // Secrets must come with Azure Files: refused by the schema, before any request.
    from = e.requests.length;
    await expect(m.updateBackupConfiguration(t.backupInstanceId, { includedVolumeTypes: ["AzureFileShareSMB"], excludedResourceTypes: ["secrets"] })).rejects.toBeInstanceOf(InputValidationError);
    await expect(m.configureProtection({ clusterId: t.clusterId, vaultId: t.vaultId, policyId: t.policyId, snapshotResourceGroupId: t.snapshotResourceGroupId,
      configuration: { includedVolumeTypes: ["AzureFileShareSMB"], includedResourceTypes: ["deployments"] } })).rejects.toThrow(/secrets/);
    expect(e.requests.length).toBe(from);

    // A new instance with Azure Files needs an operational-only policy of at most 30 days.
    const vaultTier = await m.ensurePolicy(`${t.vaultId}/backupPolicies/vault-tier`, { preset: "dailyWithVaultTier" });
    const cluster2 = e.addCluster({ resourceGroup: "rg-modval", name: "modval2", location: "eastus" });
    const bad = await m.configureProtection({ clusterId: cluster2, vaultId: t.vaultId, policyId: vaultTier.id, snapshotResourceGroupId: t.snapshotResourceGroupId,
      configuration: { includedVolumeTypes: ["AzureDisk", "AzureFileShareSMB"] } }).catch((err: unknown) => err);
    expect(bad).toBeInstanceOf(InputValidationError);
    expect(String(bad)).toMatch(/vault tier/);
  });

  it("planBackup with Azure Files: a vault-tier policy is a problem, and the cluster's Files role is planned on its node resource group", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const clusterId = e.addCluster({ resourceGroup: "rg-files", name: "files1", location: "eastus" });
    const storageAccountId = e.addStorageAccount({ resourceGroup: "rg-files", name: "safiles1", location: "eastus" });
    const request = {
      clusterId, storageAccountId, blobContainer: "backups",
      vaultId: `/subscriptions/${e.subscriptionId}/resourceGroups/rg-files/providers/Microsoft.DataProtection/backupVaults/v-files`,
      snapshotResourceGroupId: `/subscriptions/${e.subscriptionId}/resourceGroups/rg-files-snap`,
      backupConfiguration: { includedVolumeTypes: ["AzureDisk" as const, "AzureFileShareSMB" as const] },
    };
    const bad = await aks.planBackup({ ...request, policyPreset: "dailyWithVaultTier" });
    expect(bad.problems.filter((p) => p.subject === "policyId").map((p) => p.problem).join(" ")).toMatch(/vault tier/);
    const ok = await aks.planBackup(request);
    expect(ok.problems).toEqual([]);
    const filesRole = ok.actions.filter((a) => /Storage File Data Privileged Contributor/.test(a.action));
    expect(filesRole.map((a) => a.action)).toEqual([expect.stringMatching(/to the cluster identity on \/subscriptions\/.+\/resourceGroups\/MC_rg-files_files1_eastus$/)]);
  });
});

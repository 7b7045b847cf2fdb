import { describe, expect, it } from "vitest";
import { AksBackup, SetupAbortedError, SetupStepError, type EnableBackupRequest, type StepEvent } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";

// Operations take a little real time, so that two setups overlap while one is in flight.
const emu = useEmulator({ durations: { extensionInstall: 0.2, trustedAccessBindingApply: 0.2, backupInstanceConfigure: 0.2, backupInstanceCreate: 0.1, backupVaultCreate: 0.1 } });

function seed(e: ArmEmulator, name: string, vaultName = `vault-${name}`): EnableBackupRequest {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups`;
  const clusterId = e.state.clusters.all().find((c) => c.id.endsWith(`/${name}`))?.id ?? e.addCluster({ resourceGroup: `rg-${name}`, name, location: "westeurope" });
  const saName = `sa${name.replace(/-/g, "")}`;
  const storageAccountId = e.state.storageAccounts.all().find((s) => s.id.endsWith(`/${saName}`))?.id ?? e.addStorageAccount({ resourceGroup: `rg-${name}`, name: saName, location: "westeurope" });
  return {
    clusterId,
    storageAccountId,
    blobContainer: "aks-backups",
    vaultId: `${rg}/rg-${name}-backup/providers/Microsoft.DataProtection/backupVaults/${vaultName}`,
    snapshotResourceGroupId: `${rg}/rg-${name}-snapshots`,
  };
}

/** One of everything: vault, policy, extension, binding, instance, and six role assignments. */
function expectOneOfEverything(e: ArmEmulator, name: string, vaults = 1): void {
  const mine = (id: string): boolean => id.toLowerCase().includes(name);
  expect(e.state.backupVaults.all().filter((v) => mine(v.id))).toHaveLength(vaults);
  expect(e.state.backupPolicies.all().filter((p) => mine(p.id))).toHaveLength(vaults);
  expect(e.state.extensions.all().filter((x) => mine(x.id))).toHaveLength(1);
  expect(e.state.trustedAccessBindings.all().filter((b) => mine(b.clusterId))).toHaveLength(1);
  expect(e.state.backupInstances.all().filter((b) => mine(JSON.stringify(b)))).toHaveLength(1);
}

describe("races converge", () => {
  it("two enableBackup calls on one cluster at once both succeed and leave one of everything", async () => {
    const e = emu.current;
    const request = seed(e, "race1");
    const [a, b] = await Promise.all([
      new AksBackup(e.credential, e.subscriptionId, fastOptions(e)).enableBackup(request),
      new AksBackup(e.credential, e.subscriptionId, fastOptions(e)).enableBackup(request),
    ]);
    expect(a.protectionState).toBe("ProtectionConfigured");
    expect(b.protectionState).toBe("ProtectionConfigured");
    expect(a.backupInstanceId.toLowerCase()).toBe(b.backupInstanceId.toLowerCase());
    expectOneOfEverything(e, "race1");
    const principals = new Set(a.roleAssignments.map((r) => r.principalId));
    expect(e.state.roleAssignments.all().filter((r) => principals.has(r.principalId))).toHaveLength(6);
    const again = await new AksBackup(e.credential, e.subscriptionId, fastOptions(e)).enableBackup(request);
    expect(again.writeSteps).toBe(0);
  });
});

describe("two vaults racing", () => {
  it("one wins, the other fails typed and leaves no stray binding", async () => {
    const e = emu.current;
    const first = seed(e, "race2", "vault-a");
    const second = seed(e, "race2", "vault-b");
    const outcomes = await Promise.allSettled([
      new AksBackup(e.credential, e.subscriptionId, fastOptions(e)).enableBackup(first),
      new AksBackup(e.credential, e.subscriptionId, fastOptions(e)).enableBackup(second),
    ]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(SetupStepError);
    expect(String(lost[0]!.reason)).toMatch(/already protected/i);
    const instances = e.state.backupInstances.all().filter((b) => JSON.stringify(b).includes("race2"));
    expect(instances).toHaveLength(1);
    const winner = instances[0]!.id.split("/backupInstances/")[0]!.toLowerCase();
    const bindings = e.state.trustedAccessBindings.all().filter((b) => b.clusterId.toLowerCase().includes("race2"));
    expect(bindings.map((b) => b.sourceResourceId.toLowerCase())).toEqual([winner]);
  });
});

describe("abort", () => {
  it("rejects with an AbortError listing completed and running steps, emits nothing after, and a rerun's wrote is true only for real writes", async () => {
    const e = emu.current;
    const request = seed(e, "abort1");
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    const controller = new AbortController();
    let settled = false;
    const late: StepEvent[] = [];
    const error = await aks.enableBackup(request, {
      abortSignal: controller.signal,
      onProgress: (ev) => {
        if (settled) late.push(ev);
        if (ev.step === "extension" && ev.type === "waiting") controller.abort();
      },
    }).catch((x: unknown) => x);
    settled = true;
    expect(error).toBeInstanceOf(SetupAbortedError);
    const aborted = error as SetupAbortedError;
    expect(aborted.name).toBe("AbortError");
    expect(aborted.inFlight).toContain("extension");
    expect(aborted.completed.length).toBeGreaterThan(0);
    expect(aborted.completed.map((s) => s.step)).not.toContain("extension");
    const before = e.requests.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(late).toEqual([]);

    const rerunFrom = e.requests.length;
    const rerun = await aks.enableBackup(request);
    const accepted = e.requests.slice(rerunFrom).filter((r) => !["GET", "HEAD"].includes(r.method) && r.status < 300);
    // Each step that says it wrote sent at least one accepted write; the completed ones did not.
    expect(accepted.length).toBeGreaterThanOrEqual(rerun.writeSteps);
    for (const done of aborted.completed) expect(rerun.steps.find((s) => s.step === done.step)?.wrote).toBe(false);
    expect(before).toBeLessThanOrEqual(rerunFrom);
    expectOneOfEverything(e, "abort1");
    expect((await aks.enableBackup(request)).writeSteps).toBe(0);
  });
});

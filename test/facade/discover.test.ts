import { describe, expect, it } from "vitest";
import { AksBackup, type ClusterBackupStatus, type EnableBackupRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emu = useEmulator();

function seed(e: ArmEmulator, name: string): EnableBackupRequest {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups`;
  const clusterId = e.addCluster({ resourceGroup: `rg-${name}`, name, location: "westeurope" });
  const storageAccountId = e.addStorageAccount({ resourceGroup: `rg-${name}`, name: `sa${name.replace(/-/g, "")}`, location: "westeurope" });
  return { clusterId, storageAccountId, blobContainer: "aks-backups", vaultId: `${rg}/rg-fleet-backup/providers/Microsoft.DataProtection/backupVaults/vault-fleet`, snapshotResourceGroupId: `${rg}/rg-${name}-snapshots` };
}

const byId = (items: ClusterBackupStatus[]): Record<string, ClusterBackupStatus> => Object.fromEntries(items.map((s) => [s.clusterId.split("/").at(-1)!, s]));

describe("AksBackup.discover", () => {
  let requests: EnableBackupRequest[] = [];

  it("finds every cluster with its status, through Resource Graph, a page at a time", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    requests = ["d-ok", "d-broken", "d-none1", "d-none2", "d-none3", "d-none4"].map((n) => seed(e, n));
    await aks.enableBackupForFleet([{ ...requests[0]!, firstBackup: true }, { ...requests[1]!, firstBackup: true }]);
    // Break one: the cluster outgrew the extension, so its next backup runs out of memory.
    e.setClusterResourceCount(requests[1]!.clusterId, 5000);
    const bi = (await aks.backupInstances.findForCluster(requests[1]!.clusterId, requests[1]!.vaultId))!;
    await aks.backupInstances.backupNow(bi.id).catch(() => undefined);
    e.advanceTime(5); // a fresh Resource Graph quota window

    const mark = e.requests.length;
    const pages: ClusterBackupStatus[][] = [];
    const tokens: Array<string | undefined> = [];
    for await (const page of aks.discover().byPage({ maxPageSize: 2 })) {
      pages.push(page);
      tokens.push((page as { continuationToken?: string }).continuationToken);
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
    expect(tokens.map((t) => t === undefined)).toEqual([false, false, true]);
    const found = byId(pages.flat());
    expect(Object.keys(found).sort()).toEqual(["d-broken", "d-none1", "d-none2", "d-none3", "d-none4", "d-ok"]);
    expect(found["d-ok"]).toMatchObject({ status: "protected", findings: [], lastBackup: { status: "Completed" }, vaultId: requests[0]!.vaultId });
    expect(found["d-ok"]!.backupInstanceId).toMatch(/\/backupInstances\/d-ok-/);
    expect(found["d-broken"]).toMatchObject({ status: "needsAttention", lastBackup: { status: "Failed" } });
    expect(found["d-broken"]!.findings.map((f) => f.code)).toEqual(["backup.lastFailed"]);
    for (const n of ["d-none1", "d-none2", "d-none3", "d-none4"]) {
      expect(found[n]).toMatchObject({ status: "unprotected", location: "westeurope", findings: [{ code: "backupInstance.missing", fixableByEnableBackup: true }] });
    }
    const sent = e.requests.slice(mark);
    expect(sent.filter((r) => /Microsoft.ResourceGraph\/resources$/i.test(r.path)).length).toBe(12);
    expect(sent.every((r) => r.method === "POST" && /ResourceGraph/.test(r.path))).toBe(true);

    // A page token resumes the listing in a new one (in a fresh quota window: 15 queries per 5 s).
    e.advanceTime(5);
    const resumed = await aks.discover().byPage({ maxPageSize: 2, continuationToken: tokens[0] }).next();
    expect((resumed.value as ClusterBackupStatus[]).map((s) => s.clusterId)).toEqual(pages[1]!.map((s) => s.clusterId));
  });

  it("falls back to ARM list calls when Resource Graph is forbidden", async () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    e.injectFault({ method: "POST", path: /Microsoft\.ResourceGraph\/resources$/i, status: 403, code: "AuthorizationFailed" });
    const mark = e.requests.length;
    const all: ClusterBackupStatus[] = [];
    for await (const s of aks.discover({ subscriptionIds: [e.subscriptionId] })) all.push(s);
    const found = byId(all);
    expect(found["d-ok"]?.status).toBe("protected");
    expect(found["d-broken"]).toMatchObject({ status: "needsAttention", lastBackup: { status: "Failed" } });
    expect(all.filter((s) => s.status === "unprotected").length).toBeGreaterThanOrEqual(4);
    const sent = e.requests.slice(mark);
    expect(sent.filter((r) => /ResourceGraph/.test(r.path)).length).toBe(1);
    expect(sent.some((r) => r.method === "GET" && /Microsoft.ContainerService\/managedClusters$/i.test(r.path))).toBe(true);
  });

  it("refuses bad options before any request", () => {
    const e = emu.current;
    const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
    expect(() => aks.discover({ subscriptionIds: ["not-a-guid"] })).toThrow(/subscriptionIds/);
    expect(() => aks.discover({ subscriptions: [] } as never)).toThrow();
  });
});

import { describe, expect, it } from "vitest";
import { AksBackup, ConfirmationRequiredError, InputValidationError, PreflightError, SetupAbortedError, SetupStepError, WaitTimeoutError, type JobInfo, type RestoreProgressEvent } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { advancing, backupEmulatorOptions, managerFor, protectedCluster, writes } from "../backup/support.js";

// Restore jobs take an hour of simulated time: tests move the clock on from the job's progress events.
const emu = useEmulator({ ...backupEmulatorOptions, durations: { restoreJob: 3600 } });
const roleGuid = { storageAccountContributor: "17d1049b-9a84-46fb-8f53-869881c3d3ab", storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe", contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c" };

/** A facade on the emulator polling every 2 ms (waits scale with the interval: 15 intervals at most). */
function aksOf(e: ArmEmulator): AksBackup {
  return new AksBackup(e.credential, e.subscriptionId, { ...fastOptions(e), pollIntervalInMs: 2 });
}

/** Progress handler that records events and moves the clock on while the job runs. */
function progress(e: ArmEmulator): { events: RestoreProgressEvent[]; onProgress: (ev: RestoreProgressEvent) => void } {
  const events: RestoreProgressEvent[] = [];
  return { events, onProgress: (ev) => { events.push(ev); if (ev.step === "job" && ev.type === "waiting") e.advanceTime(3600); } };
}

/** A protected cluster in eastus with Kubernetes objects, and a recovery point holding them. */
async function world(e: ArmEmulator, name: string) {
  const m = managerFor(e);
  const t = await protectedCluster(e, m, name);
  e.addClusterObjects(t.clusterId, [
    { namespace: "prod", kind: "deployments", name: "web", labels: { app: "web", tier: "gold" } },
    { namespace: "prod", kind: "configmaps", name: "settings" },
  ]);
  const job = await m.waitForJob((await m.backupNow(t.backupInstanceId)).id, advancing(e));
  expect(job.status).toBe("Completed");
  return { t, rp: job.recoveryPointId! };
}

/** A world built on first use and shared by the tests that follow. */
function shared(name: string): () => ReturnType<typeof world> {
  let made: ReturnType<typeof world> | undefined;
  return () => (made ??= world(emu.current, name));
}

/** Puts a point in the vault tier, as a Tiering job does. */
function tier(e: ArmEmulator, rpId: string): void {
  const now = e.state.clock.now();
  (e.state.recoveryPoints.get(rpId)!.body.properties["recoveryPointDataStoresDetails"] as object[]).push({ id: e.state.newId(), type: "VaultStore", creationTime: new Date(now).toISOString(), expiryTime: new Date(now + 30 * 86_400_000).toISOString(), metaData: null, visible: true, state: "COMMITTED" });
}

/** Lets a geo-redundant vault's vault-tier copies reach the paired region (about 12 h after tiering). */
function replicate(e: ArmEmulator): void {
  e.advanceTime(13 * 3600);
}

/** A cluster with no Backup Extension, a storage account for one and a staging account, in `location`. */
function bareTarget(e: ArmEmulator, name: string, location: string, staging: { allowCrossTenantReplication?: boolean } = { allowCrossTenantReplication: true }) {
  const rg = `rg-${name}`;
  const clusterId = e.addCluster({ resourceGroup: rg, name, location });
  const extStorage = e.addStorageAccount({ resourceGroup: rg, name: `ext${name}`.slice(0, 24), location });
  const stagingAccount = e.addStorageAccount({ resourceGroup: rg, name: `stg${name}`.slice(0, 24), location, ...staging });
  const stagingGroup = `/subscriptions/${e.subscriptionId}/resourceGroups/staging-${name}`;
  return { clusterId, extStorage, stagingAccount, stagingGroup, targetExtension: { storageAccountId: extStorage, blobContainer: "velero" } };
}

const hasRole = (e: ArmEmulator, principalId: string, guid: string, scope: string): boolean =>
  e.state.roleAssignments.lookup("principal", principalId.toLowerCase()).some((a) => a.roleDefinitionId.endsWith(guid) && a.scope.toLowerCase() === scope.toLowerCase());

// One protected cluster for the whole file (the describes run in order on it).
const source = shared("rcsrc");

describe("AksBackup.restoreCluster: operational tier", () => {
  it("restores chosen namespaces into another cluster: roles and Trusted Access first, the job followed to its end; a second run grants nothing", async () => {
    const e = emu.current;
    const { t, rp } = await source();
    const target = bareTarget(e, "rctgt", "eastus");
    const aks = aksOf(e);
    const before = e.requests.length;
    const p = progress(e);
    const request = { backupInstanceId: t.backupInstanceId, targetClusterId: target.clusterId, recoveryPointId: rp, includedNamespaces: ["prod"], namespaceMappings: { prod: "prod-restored" }, targetExtension: target.targetExtension };
    const result = await aks.restoreCluster(request, { onProgress: p.onProgress });
    const paths = writes(e, before).map((w) => `${w.method} ${w.path}`);
    const firstGrant = paths.findIndex((x) => /^PUT .*managedClusters\/rctgt\/providers\/Microsoft.Authorization\/roleAssignments\//i.test(x));
    const binding = paths.findIndex((x) => /^PUT .*managedClusters\/rctgt\/trustedAccessRoleBindings\//i.test(x));
    const validate = paths.findIndex((x) => /validateRestore$/.test(x));
    expect(firstGrant).toBeGreaterThanOrEqual(0);
    expect(binding).toBeGreaterThanOrEqual(0);
    expect(validate).toBeGreaterThan(Math.max(firstGrant, binding));
    expect(result.steps.map((s) => s.step).sort()).toEqual(["extension", "job", "restore", "roles", "roles.extension", "stagingResourceGroup", "trustedAccess", "validate"]);
    expect(result.steps.filter((s) => s.wrote).map((s) => s.step).sort()).toEqual(["extension", "restore", "roles", "roles.extension", "trustedAccess"]);
    expect(result).toMatchObject({ jobStatus: "Completed", source: "operational", crossRegion: false });
    expect(result.targetClusterId.toLowerCase()).toBe(target.clusterId.toLowerCase());
    expect(result.recoveryPointId).toMatch(new RegExp(`/recoveryPoints/${rp}$`));
    expect(result.job.restoreTargetClusterId?.toLowerCase()).toBe(target.clusterId.toLowerCase());
    const jobEvents = p.events.filter((ev) => ev.job);
    expect(jobEvents.length).toBeGreaterThan(0);
    expect(jobEvents[0]!.job).toMatchObject({ jobId: result.jobId, status: "InProgress" });
    expect(e.clusterObjects(target.clusterId).map((o) => `${o.namespace ?? ""}/${o.kind}/${o.name}`)).toEqual(["/namespaces/prod-restored", "prod-restored/configmaps/settings", "prod-restored/deployments/web"]);

    const again = await aks.restoreCluster(request, { onProgress: progress(e).onProgress });
    expect(again.writeSteps).toBe(1);
    expect(again.steps.filter((s) => s.wrote).map((s) => s.step)).toEqual(["restore"]);
  });

  it("into a cluster whose Backup Extension was installed on its own (no role on its storage): grants the extension's Storage Blob Data Contributor there, then restores", async () => {
    const e = emu.current;
    const { t, rp } = await source();
    const target = bareTarget(e, "rcownext", "eastus");
    const aks = aksOf(e);
    const ext = await aks.extension.install(target.clusterId, target.targetExtension);
    expect(hasRole(e, ext.principalId!, roleGuid.storageBlobDataContributor, target.extStorage)).toBe(false);
    const request = { backupInstanceId: t.backupInstanceId, targetClusterId: target.clusterId, recoveryPointId: rp, includedNamespaces: ["prod"] };
    const plan = await aks.planRestore(request);
    expect(plan.actions.filter((a) => a.step === "roles.extension").map((a) => a.action)).toEqual([expect.stringMatching(/grant Storage Blob Data Contributor to the extension identity on .*extrcownext/)]);
    const result = await aks.restoreCluster(request, { onProgress: progress(e).onProgress });
    expect(result.jobStatus).toBe("Completed");
    expect(hasRole(e, ext.principalId!, roleGuid.storageBlobDataContributor, target.extStorage)).toBe(true);
  });

  it("checks everything before any write: a missing target is a PreflightError, bad input sends nothing; grantPermissions false grants nothing", async () => {
    const e = emu.current;
    const { t } = await source();
    const aks = aksOf(e);
    const before = e.requests.length;
    const ghost = aks.restoreCluster({ backupInstanceId: t.backupInstanceId, targetClusterId: t.clusterId.replace(/rcsrc$/, "ghost") });
    await expect(ghost).rejects.toThrow(PreflightError);
    await expect(ghost).rejects.toMatchObject({ problems: [expect.objectContaining({ subject: "targetClusterId" })] });
    ghost.catch(() => undefined);
    // A snapshot resource group that does not exist is found by the reads, not by the roles step.
    const noSnapshots = await aks.planRestore({ backupInstanceId: t.backupInstanceId, snapshotResourceGroupId: `/subscriptions/${e.subscriptionId}/resourceGroups/rg-no-snapshots` });
    expect(noSnapshots.problems.map((p) => `${p.subject}: ${p.message}`)).toEqual([`snapshotResourceGroupId: the snapshot resource group /subscriptions/${e.subscriptionId}/resourceGroups/rg-no-snapshots does not exist`]);
    // grantPermissions false into a cluster that has nothing: what an administrator has still to grant stops it before any write.
    const bare = bareTarget(e, "rcnogrant", "eastus");
    const ungranted = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId, targetClusterId: bare.clusterId, targetExtension: bare.targetExtension }, { grantPermissions: false }).catch((x: unknown) => x);
    expect(ungranted).toBeInstanceOf(PreflightError);
    const missing = (ungranted as PreflightError).problems;
    expect(new Set(missing.map((p) => p.subject))).toEqual(new Set(["grantPermissions"]));
    expect(missing.map((p) => p.problem)).toEqual(expect.arrayContaining([expect.stringMatching(/vault identity has no Reader on .*rcnogrant/), expect.stringMatching(/no Trusted Access binding to rcnogrant/), expect.stringMatching(/Backup Extension installed now/)]) as unknown);
    expect(writes(e, before)).toEqual([]);
    const reads = e.requests.length;
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, conflictPolicy: "Replace" as never })).rejects.toThrow(InputValidationError);
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, source: "vault" })).rejects.toMatchObject({ parameter: "stagingResourceGroupId" });
    expect(e.requests.length).toBe(reads);
    expect(writes(e, before)).toEqual([]);
    const result = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId }, { grantPermissions: false, onProgress: progress(e).onProgress });
    expect(result.steps.filter((s) => s.wrote).map((s) => s.step)).toEqual(["restore"]);
    expect(writes(e, before).filter((w) => /roleAssignments|trustedAccessRoleBindings/i.test(w.path))).toEqual([]);
  });

  it("Patch over the protected cluster needs confirm = its name (the plan marks it); Skip keeps changed objects, Patch restores them", async () => {
    const e = emu.current;
    const { t, rp } = await source();
    const aks = aksOf(e);
    const name = t.clusterId.split("/").at(-1)!;
    e.addClusterObjects(t.clusterId, [{ namespace: "prod", kind: "deployments", name: "web", labels: { app: "web", tier: "bronze" } }]);
    const web = (): { labels: Record<string, string>; version: number } => e.clusterObjects(t.clusterId).find((o) => o.namespace === "prod" && o.name === "web")!;
    const changed = web().version;

    const plan = await aks.planRestore({ backupInstanceId: t.backupInstanceId, conflictPolicy: "Patch" });
    expect(plan.problems).toEqual([]);
    expect(plan.actions.find((a) => a.step === "restore")?.confirm).toBe(name);
    const before = e.requests.length;
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, conflictPolicy: "Patch", confirm: "nope" })).rejects.toThrow(ConfirmationRequiredError);
    expect(writes(e, before)).toEqual([]);
    // With confirm, what stops the restore is reported (the ConfigMap is looked up with AKS run command).
    const next = e.requests.length;
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, conflictPolicy: "Patch", confirm: name, resourceModifier: { name: "absent", namespace: "velero" } })).rejects.toThrow(PreflightError);
    expect(writes(e, next).map((w) => w.path.split("/").at(-1))).toEqual(["runCommand"]);

    // The source's recovery point (the clock moves on while jobs are followed: a scheduled backup may make a newer one).
    await aks.restoreCluster({ backupInstanceId: t.backupInstanceId, recoveryPointId: rp }, { onProgress: progress(e).onProgress });
    expect(web()).toMatchObject({ version: changed, labels: { tier: "bronze" } });
    await aks.restoreCluster({ backupInstanceId: t.backupInstanceId, recoveryPointId: rp, conflictPolicy: "Patch", confirm: name }, { onProgress: progress(e).onProgress });
    expect(web()).toMatchObject({ version: changed + 1, labels: { tier: "gold" } });
  });

  it("Patch into another cluster needs confirm only where a namespace it writes exists there (listed with AKS run command), or when that cannot be told", async () => {
    const e = emu.current;
    const { t, rp } = await source();
    const aks = aksOf(e);
    const target = bareTarget(e, "rcpatch", "eastus");
    e.addClusterObjects(target.clusterId, [{ namespace: "shop", kind: "deployments", name: "web" }]);
    const base = { backupInstanceId: t.backupInstanceId, targetClusterId: target.clusterId, recoveryPointId: rp, conflictPolicy: "Patch" as const, targetExtension: target.targetExtension };
    const confirmOf = async (request: object): Promise<string | undefined> => (await aks.planRestore({ ...base, ...request })).actions.find((a) => a.step === "restore")?.confirm;

    // Into a namespace the target does not have: nothing is overwritten, no confirm.
    expect(await confirmOf({ includedNamespaces: ["prod"], namespaceMappings: { prod: "prod-new" } })).toBeUndefined();
    // Into one it has (mapped there, or by its own name): confirm = the target's name.
    expect(await confirmOf({ includedNamespaces: ["prod"], namespaceMappings: { prod: "shop" } })).toBe("rcpatch");
    expect(await confirmOf({ includedNamespaces: ["prod", "kube-system"] })).toBe("rcpatch");
    // Every namespace of the backup (ARM lists none): confirm, and no run command is sent.
    const before = e.requests.length;
    expect(await confirmOf({})).toBe("rcpatch");
    expect(e.requests.slice(before).filter((r) => /\/runCommand$/i.test(r.path))).toEqual([]);
    // Run command disabled on the cluster: the namespaces cannot be listed, so confirm.
    const locked = bareTarget(e, "rcpatchlk", "eastus");
    const lockedId = e.addCluster({ resourceGroup: "rg-rcpatchlk", name: "rcpatchlk2", location: "eastus", disableRunCommand: true });
    const refused = await aks.planRestore({ ...base, targetClusterId: lockedId, targetExtension: locked.targetExtension, includedNamespaces: ["prod"], namespaceMappings: { prod: "prod-new" } });
    expect(refused.actions.find((a) => a.step === "restore")).toMatchObject({ confirm: "rcpatchlk2", reason: expect.stringMatching(/confirm: restoring with conflictPolicy "Patch" into the namespaces prod-new of rcpatchlk2, which could not be listed \(run command was refused/) as unknown });

    // The restore runs without confirm into the new namespace; into the existing one it is refused before any write.
    const ran = await aks.restoreCluster({ ...base, includedNamespaces: ["prod"], namespaceMappings: { prod: "prod-new" } }, { onProgress: progress(e).onProgress });
    expect(ran.jobStatus).toBe("Completed");
    expect(e.clusterObjects(target.clusterId).some((o) => o.namespace === "prod-new" && o.name === "web")).toBe(true);
    const start = e.requests.length;
    const again = await aks.restoreCluster({ ...base, includedNamespaces: ["prod"], namespaceMappings: { prod: "prod-new" } }).catch((x: unknown) => x);
    expect(again).toBeInstanceOf(ConfirmationRequiredError);
    expect((again as ConfirmationRequiredError).message).toMatch(/namespaces that exist in rcpatch: prod-new/);
    expect(writes(e, start).map((w) => w.path.split("/").at(-1))).toEqual(["runCommand"]);
  });

  it("following the job is bounded (timeoutInMs) and abortable (the error lists completed and in-flight steps)", async () => {
    const e = emu.current;
    const { t } = await source();
    const aks = aksOf(e);
    const timedOut = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId }, { timeoutInMs: 60 }).catch((x: unknown) => x);
    expect(timedOut).toBeInstanceOf(SetupStepError);
    expect((timedOut as SetupStepError).step).toBe("job");
    expect((timedOut as SetupStepError).cause).toBeInstanceOf(WaitTimeoutError);
    const controller = new AbortController();
    const aborted = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId }, {
      abortSignal: controller.signal,
      onProgress: (ev) => { if (ev.step === "job" && ev.type === "waiting") controller.abort(); },
    }).catch((x: unknown) => x);
    expect(aborted).toBeInstanceOf(SetupAbortedError);
    expect((aborted as Error).name).toBe("AbortError");
    expect((aborted as SetupAbortedError).completed.map((s) => s.step)).toContain("restore");
    expect((aborted as SetupAbortedError).inFlight).toEqual(["job"]);

    // A rerun follows the restore still running (aborting stopped the wait, not the restore): no second restore.
    const running = await aks.planRestore({ backupInstanceId: t.backupInstanceId });
    expect(running.actions.map((a) => a.step)).not.toContain("validate");
    expect(running.actions.find((a) => a.step === "restore")?.action).toMatch(/^follow the restore job .* already running/);
    const before = e.requests.length;
    const rerun = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId }, { onProgress: progress(e).onProgress });
    expect(rerun.jobStatus).toBe("Completed");
    expect(rerun.steps.find((s) => s.step === "restore")).toMatchObject({ wrote: false, detail: expect.stringMatching(/already running: followed, not started again/) as unknown });
    expect(writes(e, before).filter((w) => /\/(restore|validateRestore)$/.test(w.path))).toEqual([]);
    // Once it has ended, a new run starts a new restore.
    const next = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId }, { onProgress: progress(e).onProgress });
    expect(next.jobId).not.toBe(rerun.jobId);
  });
});

describe("AksBackup.restoreCluster: vault tier and another region", () => {
  it("finds every problem first (staging account, missing extension), then installs the extension, creates staging, grants every role and restores from the VaultStore", async () => {
    const e = emu.current;
    const { t, rp } = await source();
    tier(e, `${t.backupInstanceId}/recoveryPoints/${rp}`);
    const bad = bareTarget(e, "rcvbad", "eastus", {});
    const aks = aksOf(e);
    const before = e.requests.length;
    const refused = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId, source: "vault", targetClusterId: bad.clusterId, stagingResourceGroupId: bad.stagingGroup, stagingStorageAccountId: bad.stagingAccount }).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(PreflightError);
    expect((refused as PreflightError).problems.map((p) => p.subject).sort()).toEqual(["stagingStorageAccountId", "targetExtension"]);
    expect((refused as PreflightError).problems.find((p) => p.subject === "stagingStorageAccountId")?.problem).toMatch(/cross-tenant replication/);
    expect(writes(e, before)).toEqual([]);

    const tgt = bareTarget(e, "rcvtgt", "eastus");
    const request = { backupInstanceId: t.backupInstanceId, source: "vault" as const, targetClusterId: tgt.clusterId, stagingResourceGroupId: tgt.stagingGroup, stagingStorageAccountId: tgt.stagingAccount, targetExtension: tgt.targetExtension };
    const plan = await aks.planRestore(request);
    expect(plan.problems).toEqual([]);
    expect(plan.recoveryPoint?.name).toBe(rp);
    expect([...new Set(plan.actions.map((a) => a.step))]).toEqual(["extension", "stagingResourceGroup", "trustedAccess", "roles", "roles.extension", "validate", "restore", "job"]);
    const result = await aks.restoreCluster(request, { onProgress: progress(e).onProgress });
    expect(result).toMatchObject({ jobStatus: "Completed", source: "vault" });
    expect((result.job.raw.properties as { sourceDataStoreType?: string }).sourceDataStoreType).toBe("VaultStore");
    const vaultPrincipal = t.vault.principalId!;
    const ext = (await aks.extension.get(tgt.clusterId))!;
    expect(hasRole(e, vaultPrincipal, roleGuid.contributor, tgt.stagingGroup)).toBe(true);
    expect(hasRole(e, vaultPrincipal, roleGuid.storageAccountContributor, tgt.stagingAccount)).toBe(true);
    expect(hasRole(e, vaultPrincipal, roleGuid.storageBlobDataOwner, tgt.stagingAccount)).toBe(true);
    expect(hasRole(e, ext.principalId!, roleGuid.storageBlobDataContributor, tgt.stagingAccount)).toBe(true);
    expect(e.state.resourceGroups.get(tgt.stagingGroup)?.location).toBe("eastus");
    expect(e.clusterObjects(tgt.clusterId).some((o) => o.namespace === "prod" && o.name === "web")).toBe(true);
    const again = await aks.restoreCluster(request, { onProgress: progress(e).onProgress });
    expect(again.steps.filter((s) => s.wrote).map((s) => s.step)).toEqual(["restore"]);
  });

  it("cross-region: checks the vault, the paired region and the secondary point's age, then restores into the paired region as a CrossRegionRestore job", async () => {
    const e = emu.current;
    const { t, rp } = await source();
    const aks = aksOf(e);
    const west = bareTarget(e, "rccrrdr", "westus");
    const request = { backupInstanceId: t.backupInstanceId, fromSecondaryRegion: true, targetClusterId: west.clusterId, stagingResourceGroupId: west.stagingGroup, stagingStorageAccountId: west.stagingAccount, targetExtension: west.targetExtension };
    const notGeo = await aks.planRestore(request);
    expect(notGeo.problems.map((p) => p.message)).toEqual(["the vault is LocallyRedundant; only a GeoRedundant vault replicates to westus", "cross-region restore is not enabled on the vault"]);

    const vault = e.state.backupVaults.get(t.vaultId)!;
    vault.body.properties["storageSettings"] = [{ datastoreType: "VaultStore", type: "GeoRedundant" }];
    vault.body.properties["featureSettings"] = { crossRegionRestoreSettings: { state: "Enabled" } };
    const rpId = `${t.backupInstanceId}/recoveryPoints/${rp}`;
    replicate(e);
    // A target outside the paired region, and a secondary copy older than the 36 h RPO (its age is told).
    const point = e.state.recoveryPoints.get(rpId)!;
    const time = point.body.properties["recoveryPointTime"];
    // Ages are measured on the service's clock (its answers' Date), here the emulator's simulated one.
    point.body.properties["recoveryPointTime"] = new Date(e.state.clock.now() - 40 * 3_600_000).toISOString();
    const wrong = await aks.planRestore({ ...request, targetClusterId: t.clusterId });
    point.body.properties["recoveryPointTime"] = time;
    expect(wrong).toMatchObject({ actions: [], crossRegion: true, source: "vault", recoveryPoint: { name: rp } });
    expect(wrong.problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/secondary region westus/), expect.stringMatching(/40 h old/)]));
    const before = e.requests.length;
    // A first run aborted while it follows the job; the rerun follows the same cross-region restore.
    const controller = new AbortController();
    await expect(aks.restoreCluster(request, { abortSignal: controller.signal, onProgress: (ev) => { if (ev.step === "job" && ev.type === "waiting") controller.abort(); } })).rejects.toThrow(SetupAbortedError);
    const result = await aks.restoreCluster(request, { onProgress: progress(e).onProgress });
    expect(result).toMatchObject({ jobStatus: "Completed", crossRegion: true });
    expect(result.job.operation).toBe("CrossRegionRestore");
    expect(result.steps.find((s) => s.step === "restore")?.detail).toMatch(/already running: followed, not started again/);
    expect(e.requests.slice(before).filter((q) => q.method === "POST" && /\/crossRegionRestore$/.test(q.path))).toHaveLength(1);
    // Listed with details, a cross-region restore job names its target and point (read in the secondary region).
    const listed: JobInfo[] = [];
    for await (const j of aks.backupInstances.listJobs(t.vaultId, { operation: "restore", includeDetails: true })) if (j.isCrossRegionRestore) listed.push(j);
    expect(listed.map((j) => [j.restoreTargetClusterId?.toLowerCase(), j.recoveryPointId])).toEqual([[west.clusterId.toLowerCase(), rp]]);
    const posts = e.requests.slice(before).filter((r) => r.method === "POST").map((r) => r.path.split("/").at(-1));
    expect(posts).toEqual(expect.arrayContaining(["fetchSecondaryRecoveryPoints", "validateCrossRegionRestore", "crossRegionRestore", "fetchCrossRegionRestoreJob"]));
    expect(e.requests.slice(before).some((r) => /\/locations\/westus\/crossRegionRestore$/.test(r.path))).toBe(true);
    expect(e.clusterObjects(west.clusterId).some((o) => o.namespace === "prod" && o.name === "web" && o.restoredFrom === rp)).toBe(true);
  });
});

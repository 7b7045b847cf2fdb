import type { AbortSignalLike } from "@azure/abort-controller";
import { toInstanceInfo } from "../../backup/mappers.js";
import type { BackupInstanceInfo, JobInfo } from "../../backup/models.js";
import { callAzure, readOrUndefined } from "../../common/azureCalls.js";
import { parseBackupVaultId, parseStorageAccountId, type BackupVaultRef, type ClusterRef } from "../../common/references.js";
import { AzureRequestError } from "../../errors.js";
import { defaultProviderNamespaces } from "../../providers/models.js";
import { backupRequirementsOf } from "../../roles/permissions.js";
import type { RoleRequirement } from "../../roles/models.js";
import { chooseInstance, vaultOf } from "../discover/status.js";
import { countRoleAssignments } from "../fleetQuota.js";
import type { ServiceCache } from "../services.js";
import { providerFindings, roleFindings, trustedAccessFindings } from "./accessChecks.js";
import { backupFindings, quotaFindings } from "./backupChecks.js";
import { extensionFindings } from "./extensionChecks.js";
import { finding, isHealthy, sortFindings } from "./findings.js";
import type { DoctorReport, Finding } from "./models.js";

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

async function count(items: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of items) n += 1;
  return n;
}

/** A read whose 404 means "absent". */
async function absentOn404<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof AzureRequestError && e.statusCode === 404) return undefined;
    throw e;
  }
}

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** What doctor checks against the cluster (beyond the ids). */
export interface DoctorInputs {
  /** The cluster. */
  cluster: ClusterRef;
  /** The vault that should protect it, if the caller named one. */
  vault: BackupVaultRef | undefined;
  /** Kubernetes objects in the cluster, if known. */
  resourceCount: number | undefined;
  /** Abort. */
  abortSignal: AbortSignalLike | undefined;
}

/**
 * Checks the whole chain of a cluster's backup with reads only: the cluster, then two parallel
 * rounds: (1) providers, extension, backup instances, Trusted Access bindings and the role
 * assignment count; (2) with what those name, the extension's settings and storage, the vault,
 * policy, jobs, recovery points, the vault's instance count and the permission set.
 */
export async function runDoctor(services: ServiceCache, input: DoctorInputs): Promise<DoctorReport> {
  const { cluster, abortSignal } = input;
  const o = abortSignal ? { abortSignal } : {};
  const sub = cluster.subscriptionId;
  const facts = await absentOn404(() => services.clusters.readCluster(cluster, abortSignal));
  if (!facts) {
    const findings = [finding("cluster.notFound", `the cluster ${cluster.id} does not exist`, "check the id (az aks show --query id)")];
    return { clusterId: cluster.id, healthy: false, findings };
  }
  const [providers, ext, rawInstances, bindings, roleCount] = await Promise.all([
    Promise.all(defaultProviderNamespaces.map((ns) => services.providers(sub).get(ns, o))),
    services.extension(sub).get(cluster, o),
    callAzure("Listing the backup instances of the cluster", () => collect(services.dataProtection(sub).backupInstances.listForResource(cluster, o))),
    absentOn404(() => collect(services.trustedAccess(sub).list(cluster, o))).then((b) => b ?? []),
    countRoleAssignments(services.roles(sub), sub, abortSignal),
  ]);
  const findings: Finding[] = [...providerFindings(providers)];
  if (facts.identityType === "None" || !facts.principalId) {
    findings.push(finding("cluster.noManagedIdentity", "the cluster has no managed identity: AKS backup needs one for disk snapshots", "enable one: az aks update --enable-managed-identity"));
  }
  const instances = rawInstances.map(toInstanceInfo);
  const bi: BackupInstanceInfo | undefined = input.vault
    ? chooseInstance(instances.filter((i) => same(i.vaultId, input.vault!.id)))
    : chooseInstance(instances);
  const vault = input.vault ?? (bi ? parseBackupVaultId(vaultOf(bi.id), "vaultId") : undefined);
  const storage = ext?.storageAccountId ? parseStorageAccountId(ext.storageAccountId, "storageAccountId") : undefined;

  const [settings, storageExists, containerExists, rawVault, policy, jobs, hasRecoveryPoint, instancesInVault] = await Promise.all([
    ext ? callAzure("Reading the Backup Extension", () => services.clients.kubernetesConfiguration(sub).extensions.get(cluster.resourceGroupName, "Microsoft.ContainerService", "managedClusters", cluster.name, ext.name, o)).then((x): Record<string, string> => x.configurationSettings ?? {}) : Promise.resolve({}),
    storage ? readOrUndefined("Reading the storage account", async () => (await services.storage(storage.subscriptionId)).storageAccounts.getProperties(storage.resourceGroupName, storage.name, o)).then((x) => x !== undefined) : Promise.resolve(undefined),
    storage && ext?.blobContainer ? readOrUndefined("Reading the blob container", async () => (await services.storage(storage.subscriptionId)).blobContainers.get(storage.resourceGroupName, storage.name, ext.blobContainer!, o)).then((x) => x !== undefined) : Promise.resolve(undefined),
    vault ? readOrUndefined("Reading the vault", () => services.dataProtection(vault.subscriptionId).backupVaults.get(vault.resourceGroupName, vault.name, o)) : Promise.resolve(undefined),
    bi && vault ? absentOn404(() => services.backup(vault.subscriptionId).getPolicy(bi.policyId, o)) : Promise.resolve(undefined),
    bi && vault ? collect<JobInfo>(services.backup(vault.subscriptionId).listJobs(vault, { backupInstanceId: bi.id, ...o })) : Promise.resolve<JobInfo[]>([]),
    bi && vault ? services.backup(vault.subscriptionId).listRecoveryPoints(bi.id, o).next().then((r) => !r.done) : Promise.resolve(false),
    vault ? absentOn404(() => count(services.backup(vault.subscriptionId).list(vault, o))) : Promise.resolve(undefined),
  ]);
  const finished = jobs.filter((j) => j.operationCategory === "Backup" && j.endTime).sort((a, b) => b.endTime!.getTime() - a.endTime!.getTime())[0];
  const lastBackup = finished && vault ? await services.backup(vault.subscriptionId).getJob(finished.id, o) : undefined;
  const outOfMemory = jobs.some((j) => j.outOfMemory) || lastBackup?.outOfMemory === true;

  findings.push(...extensionFindings({ info: ext, settings, storageAccountExists: storageExists, containerExists, clusterName: cluster.name, resourceCount: input.resourceCount, outOfMemory }));
  if (!vault) {
    findings.push(finding("backupInstance.missing", "no backup instance protects the cluster", "run enableBackup for it"));
  } else if (!rawVault) {
    findings.push(finding("vault.missing", `the vault ${vault.id} does not exist`, "run enableBackup (it creates the vault)"));
  } else {
    findings.push(...trustedAccessFindings(vault.id, bindings.find((b) => same(b.sourceResourceId, vault.id))));
    if (rawVault.properties.monitoringSettings?.azureMonitorAlertSettings?.alertsForAllJobFailures === "Disabled") {
      findings.push(finding("vault.alertsOff", "the vault's Azure Monitor alerts for job failures are off: failed backups go unnoticed",
        "turn them on: set properties.monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures to Enabled on the vault (portal: vault > Properties)"));
    }
    if (!bi) findings.push(finding("backupInstance.missing", `no backup instance in ${vault.id} protects the cluster`, "run enableBackup for it"));
  }
  if (bi) {
    // "Now" is the service's (its answers' Date), never before the newest time it reported.
    const now = Math.max(services.clients.serverClock.now(), ...jobs.map((j) => (j.endTime ?? j.startTime).getTime()));
    findings.push(...backupFindings({ instance: bi, policy, jobs, lastBackup, hasRecoveryPoint, now }));
    const snapshotRg = bi.snapshotResourceGroupId;
    const vaultPrincipal = rawVault?.identity?.principalId;
    if (storage && snapshotRg) {
      const scopes = { clusterId: cluster, storageAccountId: storage, snapshotResourceGroupId: snapshotRg };
      const requirements: RoleRequirement[] = [
        ...(ext?.principalId ? backupRequirementsOf("extension", scopes, ext.principalId) : []),
        ...(vaultPrincipal ? backupRequirementsOf("vault", scopes, vaultPrincipal) : []),
        ...(facts.principalId ? backupRequirementsOf("cluster", scopes, facts.principalId) : []),
      ];
      // A scope that is gone (the storage account) has its own finding; its roles are not looked up.
      const lookups = storageExists === false ? requirements.filter((q) => !same(q.scope, storage.id)) : requirements;
      if (lookups.length) findings.push(...roleFindings(await absentOn404(() => services.roles(sub).plan(lookups, o)) ?? []));
    }
  }
  findings.push(...quotaFindings(instancesInVault, roleCount.total));
  const sorted = sortFindings(findings);
  return { clusterId: cluster.id, healthy: isHealthy(sorted), findings: sorted };
}


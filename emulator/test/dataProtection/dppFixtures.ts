import type { ArmEmulator } from "../../src/index.js";
import { armRequest, type RawResponse } from "../support/replay.js";
import { backupExtension, extensionPath } from "../extensionFixtures.js";

/** The api-version the tests speak. */
export const api = "2025-07-01";
/** Durations that make every DataProtection operation observable while it runs (tests move time by hand). */
export const slowDurations = {
  backupVaultCreate: 10, backupVaultUpdate: 5, backupValidate: 40, backupInstanceCreate: 30,
  backupInstanceConfigure: 60, backupInstanceUpdate: 30, backupInstanceAction: 40, backupInstanceDelete: 60,
  backupTrigger: 2, restoreValidate: 40, backupJob: 190, restoreJob: 220,
};
/** Built-in role GUIDs. */
export const roles = {
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  diskSnapshotContributor: "7efff54f-a5b4-42b5-a1c5-5411624893ce",
};
type Json = Record<string, unknown>;

/** Sends a request at `api` (or another api-version). */
export function call(emu: ArmEmulator, method: string, path: string, body?: unknown, apiVersion = api): Promise<RawResponse> {
  return armRequest(emu, method, `${path}?api-version=${apiVersion}`, body === undefined ? {} : { body });
}

/** The body as an object (throws if it is not one). */
export function obj(res: RawResponse): Json {
  if (typeof res.body !== "object" || res.body === null) throw new Error(`expected a JSON body, got ${res.status} ${String(res.body)}`);
  return res.body as Json;
}

/** Follows `Azure-AsyncOperation` until the status is terminal, moving time on; returns the last monitor body. */
export async function finish(emu: ArmEmulator, res: RawResponse, stepSeconds = 30): Promise<Json> {
  const url = res.headers["azure-asyncoperation"];
  if (!url) throw new Error(`no Azure-AsyncOperation header on ${res.status}`);
  for (let i = 0; i < 40; i++) {
    const body = obj(await armRequest(emu, "GET", url));
    if (body["status"] !== "Inprogress") return body;
    emu.advanceTime(stepSeconds);
  }
  throw new Error("operation did not end");
}

/** A prerequisite of AKS backup that {@link seedAks} can leave out. */
export type Prerequisite =
  | "providers" | "extension" | "extensionSucceeded" | "extensionStorageRole" | "trustedAccess" | "vaultReaderOnCluster"
  | "vaultReaderOnSnapshotRg" | "vaultSnapshotContributor" | "clusterContributor" | "sameRegion" | "snapshotRg";

/** Ids of a seeded AKS backup setup. */
export interface AksSetup {
  rg: string; clusterId: string; vaultId: string; policyId: string; snapshotRgId: string; storageId: string;
  vaultPrincipal: string; extPrincipal: string | undefined; clusterPrincipal: string; bindingId: string;
  /** A backup instance PUT body for the cluster. */
  instanceBody: (overrides?: Json) => Json;
}

/** The AKS policy of CONTRACTS 5.4. */
export function aksPolicy(interval = "PT4H"): Json {
  const store = { dataStoreType: "OperationalStore", objectType: "DataStoreInfoBase" };
  return { properties: { objectType: "BackupPolicy", name: "AKSPolicy1", datasourceTypes: ["Microsoft.ContainerService/managedClusters"], policyRules: [
    { objectType: "AzureBackupRule", name: "BackupHourly", backupParameters: { objectType: "AzureBackupParams", backupType: "Incremental" }, dataStore: store,
      trigger: { objectType: "ScheduleBasedTriggerContext", schedule: { repeatingTimeIntervals: [`R/2024-01-01T09:00:00+00:00/${interval}`], timeZone: "UTC" },
        taggingCriteria: [{ isDefault: true, taggingPriority: 99, tagInfo: { tagName: "Default" } }] } },
    { objectType: "AzureRetentionRule", name: "Default", isDefault: true,
      lifecycles: [{ deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P7D" }, sourceDataStore: store, targetDataStoreCopySettings: [] }] },
  ] } };
}

/** A vault PUT body. */
export function vaultBody(location = "eastus"): Json {
  return { location, identity: { type: "SystemAssigned" }, properties: { storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }] } };
}

/** Grants a role by writing the record, as the authorization emulator would. */
export function grant(emu: ArmEmulator, principalId: string, roleGuid: string, scope: string): void {
  const name = crypto.randomUUID();
  emu.state.roleAssignments.set({
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, scope, principalId, principalType: "ServicePrincipal",
    roleDefinitionId: `/subscriptions/${emu.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`, createdAt: 0,
  });
}

/** Names and region of a seeded setup (defaults derive from the setup's name). */
export interface AksLayout { rg: string; cluster: string; vaultRg: string; vault: string; snapshotRg: string; location: string }

/** Seeds a cluster ready for AKS backup (vault, policy, extension, roles, binding), leaving out `omit`. */
export async function seedAks(emu: ArmEmulator, name: string, omit: Prerequisite[] = [], layout: Partial<AksLayout> = {}): Promise<AksSetup> {
  const sub = emu.subscriptionId;
  const l: AksLayout = { rg: `rg-${name}`, cluster: `c-${name}`, vaultRg: `rg-${name}`, vault: `v-${name}`, snapshotRg: `snap-${name}`, location: "eastus", ...layout };
  const rg = l.rg;
  const loc = l.location;
  emu.addResourceGroup({ name: rg, location: loc });
  const rgId = emu.addResourceGroup({ name: l.vaultRg, location: loc });
  const clusterId = emu.addCluster({ resourceGroup: rg, name: l.cluster, location: loc });
  const account = `sa${name.replace(/[^a-z0-9]/g, "")}`.slice(0, 24);
  const storageId = emu.addStorageAccount({ resourceGroup: rg, name: account, location: loc, containers: ["velero"] });
  const snapshotRgId = omit.includes("snapshotRg") ? `/subscriptions/${sub}/resourceGroups/${l.snapshotRg}` : emu.addResourceGroup({ name: l.snapshotRg, location: loc });
  for (const ns of ["Microsoft.KubernetesConfiguration", "Microsoft.DataProtection"]) emu.state.providers.set(sub, ns, "Registered");
  let extPrincipal: string | undefined;
  if (!omit.includes("extension")) {
    if (omit.includes("extensionSucceeded")) emu.failExtensionInstall(clusterId);
    const put = await call(emu, "PUT", extensionPath(clusterId, "azure-aks-backup"), { properties: backupExtension(emu, account, rg) }, "2025-03-01");
    if (put.status !== 201) throw new Error(`extension PUT: ${put.status} ${JSON.stringify(put.body)}`);
    const ext = obj(await call(emu, "GET", extensionPath(clusterId, "azure-aks-backup"), undefined, "2025-03-01"));
    extPrincipal = ((ext["properties"] as Json)["aksAssignedIdentity"] as Json | null)?.["principalId"] as string | undefined;
  }
  if (omit.includes("providers")) emu.state.providers.set(sub, "Microsoft.KubernetesConfiguration", "NotRegistered");
  const vaultId = `${rgId}/providers/Microsoft.DataProtection/backupVaults/${l.vault}`;
  const vault = await call(emu, "PUT", vaultId, vaultBody(omit.includes("sameRegion") ? "westus" : loc));
  const vaultPrincipal = ((obj(vault)["identity"] as Json)["principalId"]) as string;
  const policyId = `${vaultId}/backupPolicies/akspolicy`;
  await call(emu, "PUT", policyId, aksPolicy());
  const cluster = emu.state.clusters.get(clusterId)!;
  const clusterPrincipal = cluster.identity.principalId!;
  if (extPrincipal && !omit.includes("extensionStorageRole")) grant(emu, extPrincipal, roles.storageBlobDataContributor, storageId);
  if (!omit.includes("vaultReaderOnCluster")) grant(emu, vaultPrincipal, roles.reader, clusterId);
  if (!omit.includes("vaultReaderOnSnapshotRg")) grant(emu, vaultPrincipal, roles.reader, snapshotRgId);
  if (!omit.includes("vaultSnapshotContributor")) grant(emu, vaultPrincipal, roles.diskSnapshotContributor, snapshotRgId);
  if (!omit.includes("clusterContributor")) grant(emu, clusterPrincipal, roles.contributor, snapshotRgId);
  const bindingId = `${clusterId}/trustedAccessRoleBindings/tarb-${name}`.slice(0, 400);
  if (!omit.includes("trustedAccess")) {
    emu.state.trustedAccessBindings.set({ id: bindingId, name: `tarb-${name}`, clusterId, sourceResourceId: vaultId, roles: ["Microsoft.DataProtection/backupVaults/backup-operator"], provisioningState: "Succeeded", createdAt: 0 });
  }
  const datasource = (objectType: string): Json => ({
    datasourceType: "Microsoft.ContainerService/managedClusters", objectType, resourceID: clusterId, resourceLocation: loc,
    resourceName: l.cluster, resourceType: "Microsoft.ContainerService/managedclusters", resourceUri: clusterId,
  });
  const instanceBody = (overrides: Json = {}): Json => ({ properties: {
    dataSourceInfo: datasource("Datasource"), dataSourceSetInfo: datasource("DatasourceSet"), friendlyName: `${l.cluster}\\fullbackup`, objectType: "BackupInstance",
    policyInfo: { policyId, policyParameters: {
      backupDatasourceParametersList: [{ objectType: "KubernetesClusterBackupDatasourceParameters", includeClusterScopeResources: true, snapshotVolumes: true }],
      dataStoreParametersList: [{ dataStoreType: "OperationalStore", objectType: "AzureOperationalStoreParameters", resourceGroupId: snapshotRgId }],
    } },
    ...overrides,
  } });
  return { rg, clusterId, vaultId, policyId, snapshotRgId, storageId, vaultPrincipal, extPrincipal, clusterPrincipal, bindingId, instanceBody };
}

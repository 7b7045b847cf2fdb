import { isKubernetesObjectName } from "../common/kubernetesNames.js";
import { createHash } from "node:crypto";
import { resourceTypes } from "../common/armId.js";
import { backupInstanceIn, parseBackupPolicyId, parseBackupVaultId, parseClusterId, parseResourceGroupId, type BackupInstanceRef, type BackupPolicyRef, type BackupVaultRef, type ClusterRef, type ResourceGroupRef } from "../common/references.js";
import { InputValidationError } from "../errors.js";
import type { BackupInstance, KubernetesClusterBackupDatasourceParameters } from "../dataProtection/models.js";
import type { BackupConfiguration, BackupInstanceInfo, ConfigureProtectionRequest } from "./models.js";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const volumeTypes = ["AzureDisk", "AzureFileShareSMB"];
const listFields = ["includedNamespaces", "excludedNamespaces", "includedResourceTypes", "excludedResourceTypes", "labelSelectors", "includedVolumeTypes"] as const;

function fail(parameter: string, problem: string, fix: string): never {
  throw new InputValidationError(parameter, problem, fix);
}

function checkList(value: unknown, parameter: string, check: (item: string) => string | undefined): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(parameter, "it is not a list", "pass an array of strings, or omit it");
  if (value.length === 0) fail(parameter, "the list is empty", "omit it to mean all, or name at least one item");
  const seen = new Set<string>();
  (value as unknown[]).forEach((item, i) => {
    if (typeof item !== "string" || item.trim() === "") fail(`${parameter}[${i}]`, "it is empty", "remove it or give a value");
    const problem = check(item);
    if (problem) fail(`${parameter}[${i}]`, problem, "correct the value");
    if (seen.has(item)) fail(`${parameter}[${i}]`, `'${item}' is listed twice`, "remove the duplicate");
    seen.add(item);
  });
}

/** Why `ns` is not a Kubernetes namespace name, or undefined when it is one. */
export const namespaceCheck = (ns: string): string | undefined =>
  ns.length <= 63 && dnsLabel.test(ns) ? undefined : `'${ns}' is not a Kubernetes namespace name (lowercase letters, digits and '-', at most 63)`;

/** Why `name` is not a Kubernetes object name (a DNS subdomain, as a ConfigMap's), or undefined when it is one. */
export const objectNameCheck = (name: string): string | undefined =>
  isKubernetesObjectName(name) ? undefined : `'${name}' is not a Kubernetes object name (lowercase letters, digits, '-' and '.', at most 253)`;

/** Checks a backup configuration; throws {@link InputValidationError} naming the field. */
export function validateBackupConfiguration(config: BackupConfiguration, parameter = "configuration"): void {
  if (typeof config !== "object" || config === null) fail(parameter, "it is not an object", "pass an object, or omit it");
  for (const flag of ["snapshotVolumes", "includeClusterScopeResources"] as const) {
    if (config[flag] !== undefined && typeof config[flag] !== "boolean") fail(`${parameter}.${flag}`, "it is not a boolean", "pass true or false");
  }
  checkList(config.includedNamespaces, `${parameter}.includedNamespaces`, namespaceCheck);
  checkList(config.excludedNamespaces, `${parameter}.excludedNamespaces`, namespaceCheck);
  const overlap = (config.includedNamespaces ?? []).filter((ns) => config.excludedNamespaces?.includes(ns));
  if (overlap.length > 0) fail(`${parameter}.excludedNamespaces`, `${overlap.join(", ")} is both included and excluded`, "list each namespace in only one of the two");
  checkList(config.includedResourceTypes, `${parameter}.includedResourceTypes`, () => undefined);
  checkList(config.excludedResourceTypes, `${parameter}.excludedResourceTypes`, () => undefined);
  const typeOverlap = (config.includedResourceTypes ?? []).filter((t) => config.excludedResourceTypes?.includes(t));
  if (typeOverlap.length > 0) fail(`${parameter}.excludedResourceTypes`, `${typeOverlap.join(", ")} is both included and excluded`, "list each resource type in only one of the two");
  checkList(config.labelSelectors, `${parameter}.labelSelectors`, (s) => (/^\s|\s$/.test(s) ? `'${s}' has leading or trailing spaces` : undefined));
  checkList(config.includedVolumeTypes, `${parameter}.includedVolumeTypes`, (t) => (volumeTypes.includes(t) ? undefined : `'${t}' is not ${volumeTypes.join(" or ")}`));
  const hooks: unknown = config.backupHooks;
  if (hooks === undefined) return;
  if (!Array.isArray(hooks) || hooks.length === 0) fail(`${parameter}.backupHooks`, "it is not a non-empty list", "pass [{ name, namespace }], or omit it");
  config.backupHooks!.forEach((h, i) => {
    if (typeof h?.name !== "string" || h.name === "") fail(`${parameter}.backupHooks[${i}].name`, "it is empty", "name the hook's custom resource");
    const nsProblem = typeof h.namespace === "string" ? namespaceCheck(h.namespace) : "it is empty";
    if (nsProblem) fail(`${parameter}.backupHooks[${i}].namespace`, nsProblem, "give the hook's namespace");
  });
}

/** The service's datasource parameters for a configuration (defaults: volumes and cluster-scoped resources on). */
export function buildDatasourceParameters(config: BackupConfiguration = {}): KubernetesClusterBackupDatasourceParameters {
  const params: KubernetesClusterBackupDatasourceParameters = {
    objectType: "KubernetesClusterBackupDatasourceParameters",
    snapshotVolumes: config.snapshotVolumes ?? true,
    includeClusterScopeResources: config.includeClusterScopeResources ?? true,
  };
  for (const f of listFields) if (config[f] !== undefined) (params as unknown as Record<string, unknown>)[f] = [...config[f]];
  if (config.backupHooks) params.backupHookReferences = config.backupHooks.map(({ name, namespace }) => ({ name, namespace }));
  return params;
}

/** The configuration a backup instance's datasource parameters describe. */
export function configurationFromParameters(params: KubernetesClusterBackupDatasourceParameters | undefined): BackupInstanceInfo["configuration"] {
  const config: BackupInstanceInfo["configuration"] = {
    snapshotVolumes: params?.snapshotVolumes ?? true,
    includeClusterScopeResources: params?.includeClusterScopeResources ?? true,
  };
  for (const f of listFields) {
    const v = params?.[f];
    if (Array.isArray(v) && v.length > 0) (config as unknown as Record<string, unknown>)[f] = [...(v as string[])];
  }
  const hooks = params?.backupHookReferences;
  if (hooks && hooks.length > 0) config.backupHooks = hooks.map((h) => ({ name: h.name ?? "", namespace: h.namespace ?? "" }));
  return config;
}

/** `{cluster}-{8 hex of the cluster id}`: the same cluster always gets the same name, so retries converge. */
export function defaultBackupInstanceName(clusterId: string | ClusterRef): string {
  const cluster = parseClusterId(clusterId, "clusterId");
  const hash = createHash("sha256").update(cluster.id.toLowerCase()).digest("hex").slice(0, 8);
  return `${cluster.name}-${hash}`;
}

/** The parsed ids of a configure request, checked against each other. */
export interface ParsedConfigureRequest {
  /** The cluster. */
  cluster: ClusterRef;
  /** The vault. */
  vault: BackupVaultRef;
  /** The policy. */
  policy: BackupPolicyRef;
  /** The snapshot resource group. */
  snapshotResourceGroup: ResourceGroupRef;
  /** The backup instance name to use. */
  backupInstanceName: string;
  /** The backup instance (`backupInstanceName` in the vault). */
  backupInstance: BackupInstanceRef;
}

/** Checks a configure request's ids (types, policy in the vault, snapshot group in the cluster's subscription) and configuration. */
export function validateConfigureRequest(request: ConfigureProtectionRequest): ParsedConfigureRequest {
  if (typeof request !== "object" || request === null) fail("request", "it is not an object", "pass { clusterId, vaultId, policyId, snapshotResourceGroupId }");
  const cluster = parseClusterId(request.clusterId, "clusterId");
  const vault = parseBackupVaultId(request.vaultId, "vaultId");
  const policy = parseBackupPolicyId(request.policyId, "policyId");
  requirePolicyInVault(policy, vault, "policyId");
  const snapshotResourceGroup = parseResourceGroupId(request.snapshotResourceGroupId, "snapshotResourceGroupId");
  if (snapshotResourceGroup.subscriptionId.toLowerCase() !== cluster.subscriptionId.toLowerCase()) {
    fail("snapshotResourceGroupId", "the snapshot resource group must be in the cluster's subscription", `use a resource group in subscription ${cluster.subscriptionId}`);
  }
  if (request.configuration !== undefined) validateBackupConfiguration(request.configuration);
  const backupInstance = backupInstanceIn(vault, request.backupInstanceName ?? defaultBackupInstanceName(cluster), "backupInstanceName");
  return { cluster, vault, policy, snapshotResourceGroup, backupInstanceName: backupInstance.name, backupInstance };
}

/** Throws unless the policy id belongs to the vault. */
export function requirePolicyInVault(policy: BackupPolicyRef, vault: BackupVaultRef, parameter: string): void {
  if (policy.parentId?.toLowerCase() !== vault.id.toLowerCase()) {
    fail(parameter, `the policy '${policy.id}' is not in the vault '${vault.id}'`, "use a policy of the same vault (ensurePolicy creates one)");
  }
}

/** The `BackupInstance` body for a cluster. */
export function buildBackupInstance(input: {
  cluster: ClusterRef;
  clusterLocation: string;
  policyId: string;
  snapshotResourceGroupId: string;
  configuration?: BackupConfiguration | undefined;
  friendlyName?: string | undefined;
}): BackupInstance {
  const datasource = {
    resourceID: input.cluster.id,
    resourceUri: input.cluster.id,
    resourceName: input.cluster.name,
    resourceType: "Microsoft.ContainerService/managedclusters",
    resourceLocation: input.clusterLocation,
    datasourceType: resourceTypes.managedCluster,
  };
  return {
    objectType: "BackupInstance",
    friendlyName: input.friendlyName ?? `${input.cluster.name}\\fullbackup`,
    dataSourceInfo: { ...datasource, objectType: "Datasource" },
    dataSourceSetInfo: { ...datasource, objectType: "DatasourceSet" },
    policyInfo: {
      policyId: input.policyId,
      policyParameters: {
        dataStoreParametersList: [{ objectType: "AzureOperationalStoreParameters", dataStoreType: "OperationalStore", resourceGroupId: input.snapshotResourceGroupId }],
        backupDatasourceParametersList: [buildDatasourceParameters(input.configuration)],
      },
    },
  };
}

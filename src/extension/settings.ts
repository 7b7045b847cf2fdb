import { requestAboveLimit } from "../common/schemas/extension.js";
import { checkName, parseBlobContainerName, parseStorageAccountId } from "../common/references.js";
import { InputValidationError } from "../errors.js";
import { isKubernetesQuantity, parseQuantity } from "../common/quantity.js";
import type { ExtensionInfo, ExtensionResources, ResourceQuantities } from "./models.js";

/** The Backup Extension's type. */
export const backupExtensionType = "microsoft.dataprotection.kubernetes";
/** The default extension name. */
export const defaultExtensionName = "azure-aks-backup";
/** Namespace the extension is installed in. */
export const backupReleaseNamespace = "dataprotection-microsoft";

/** Setting keys: the chart's `configuration.backupStorageLocation.*` keys and the docs' short keys. */
export const settingKeys = {
  bucket: ["configuration.backupStorageLocation.bucket", "blobContainer"],
  account: ["configuration.backupStorageLocation.config.storageAccount", "storageAccount"],
  resourceGroup: ["configuration.backupStorageLocation.config.resourceGroup", "storageAccountResourceGroup"],
  subscription: ["configuration.backupStorageLocation.config.subscriptionId", "storageAccountSubscriptionId"],
  useAad: ["configuration.backupStorageLocation.config.useAAD"],
  accountUri: ["configuration.backupStorageLocation.config.storageAccountURI"],
  tenant: ["credentials.tenantId"],
  limitsCpu: ["resources.limits.cpu", "cpuLimit"],
  limitsMemory: ["resources.limits.memory", "memoryLimit"],
  requestsCpu: ["resources.requests.cpu"],
  requestsMemory: ["resources.requests.memory"],
} as const;

/** Checks a blob container name (the naming rule of `references.ts`). */
export function validateBlobContainer(name: unknown, parameter = "blobContainer"): string {
  return parseBlobContainerName(name, parameter);
}

/** Checks an extension name (the naming rule of `references.ts`). */
export function validateExtensionName(name: unknown, parameter = "name"): string {
  return checkName("extension", name, parameter);
}

function validateQuantity(value: unknown, parameter: string, example: string): void {
  if (value === undefined) return;
  if (typeof value !== "string" || !isKubernetesQuantity(value) || !(parseQuantity(value)! > 0)) {
    throw new InputValidationError(parameter, `${JSON.stringify(value)} is not a positive Kubernetes quantity`, `use a quantity such as ${example}`);
  }
}

/** Checks CPU and memory quantities and that no request exceeds its limit (Kubernetes refuses that). */
export function validateResources(resources: ExtensionResources | undefined, current?: ExtensionInfo["resources"]): void {
  if (resources === undefined) return;
  for (const kind of ["limits", "requests"] as const) {
    const q: ResourceQuantities | undefined = resources[kind];
    validateQuantity(q?.cpu, `resources.${kind}.cpu`, '"500m" or "1"');
    validateQuantity(q?.memory, `resources.${kind}.memory`, '"4400Mi" or "1Gi"');
  }
  // A value given neither here nor on the extension is the chart's default (requests 500m/256Mi, limits 1000m/1280Mi).
  for (const p of requestAboveLimit(resources, current, current !== undefined)) {
    throw new InputValidationError(`resources.${p.given === "request" ? "requests" : "limits"}.${p.resource}`, `the request ${p.request} is above the limit ${p.limit}`, `lower resources.requests.${p.resource} or raise resources.limits.${p.resource}`);
  }
}

/** Where backups go, resolved from the storage account id. */
export interface StorageLocation {
  storageAccountId: string;
  blobContainer: string;
  /** The account's blob endpoint, e.g. "https://sa.blob.core.windows.net/". */
  blobEndpoint: string;
  tenantId: string;
}

/** Configuration settings for a storage location (both key styles, as the CLI and the docs write them). */
export function storageSettings(location: StorageLocation): Record<string, string> {
  const sa = parseStorageAccountId(location.storageAccountId, "storageAccountId");
  const values: Record<keyof typeof settingKeys, string | undefined> = {
    bucket: location.blobContainer,
    account: sa.name,
    resourceGroup: sa.resourceGroupName,
    subscription: sa.subscriptionId,
    useAad: "true",
    accountUri: location.blobEndpoint,
    tenant: location.tenantId,
    limitsCpu: undefined,
    limitsMemory: undefined,
    requestsCpu: undefined,
    requestsMemory: undefined,
  };
  return expand(values);
}

/** Configuration settings for CPU and memory values that are set. */
export function resourceSettings(resources: ExtensionResources | undefined): Record<string, string> {
  return expand({
    limitsCpu: resources?.limits?.cpu,
    limitsMemory: resources?.limits?.memory,
    requestsCpu: resources?.requests?.cpu,
    requestsMemory: resources?.requests?.memory,
  });
}

function expand(values: Partial<Record<keyof typeof settingKeys, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(values) as Array<[keyof typeof settingKeys, string | undefined]>) {
    if (value === undefined) continue;
    for (const key of settingKeys[field]) out[key] = value;
  }
  return out;
}

function read(settings: Record<string, string>, field: keyof typeof settingKeys): string | undefined {
  for (const key of settingKeys[field]) if (settings[key] !== undefined) return settings[key];
  return undefined;
}

/** The storage account id, container and resources recorded in an extension's settings. */
export function readSettings(settings: Record<string, string>): Pick<ExtensionInfo, "storageAccountId" | "blobContainer" | "resources" | "useAad"> {
  const account = read(settings, "account");
  const rg = read(settings, "resourceGroup");
  const sub = read(settings, "subscription");
  const storageAccountId = account && rg && sub
    ? `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${account}`
    : undefined;
  const q = (cpu: keyof typeof settingKeys, memory: keyof typeof settingKeys): ResourceQuantities => {
    const out: ResourceQuantities = {};
    const c = read(settings, cpu);
    const m = read(settings, memory);
    if (c !== undefined) out.cpu = c;
    if (m !== undefined) out.memory = m;
    return out;
  };
  return {
    storageAccountId,
    blobContainer: read(settings, "bucket"),
    useAad: read(settings, "useAad")?.toLowerCase() === "true",
    resources: { limits: q("limitsCpu", "limitsMemory"), requests: q("requestsCpu", "requestsMemory") },
  };
}

/** The settings in `wanted` whose value differs from `current` (what a PATCH must send). */
export function changedSettings(current: Record<string, string>, wanted: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(wanted).filter(([k, v]) => current[k] !== v));
}

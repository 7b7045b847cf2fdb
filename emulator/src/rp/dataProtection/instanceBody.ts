import type { BackupVaultRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { aksDatasourceType, isObject, sameId, userError, type Json } from "./common.js";
import type { AksProtectionTarget } from "./prerequisites.js";
import { vaultPrincipal } from "./prerequisites.js";

const k8sOptional = ["includedVolumeTypes", "includedNamespaces", "excludedNamespaces", "includedResourceTypes", "excludedResourceTypes", "labelSelectors", "backupHookReferences"];

function invalid(message: string): never {
  // Guess: the service's code for a malformed backup instance is not recorded.
  throw userError(400, "UserErrorInvalidRequestParameter", message, ["Correct the request and retry."]);
}

/** Reads `resourceID`, accepting `resourceId` too (the CLI sends both spellings; CONTRACTS 5.5). */
function resourceIdOf(info: Json): string | undefined {
  const key = Object.keys(info).find((k) => k.toLowerCase() === "resourceid");
  const v = key === undefined ? undefined : info[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** `Datasource`/`DatasourceSet` in the recorded key order, with `resourceID` spelled as GET returns it. */
function datasource(value: unknown, objectType: string, field: string): Json {
  if (!isObject(value)) invalid(`'${field}' is required.`);
  const resourceID = resourceIdOf(value);
  if (!resourceID) invalid(`'${field}.resourceID' is required.`);
  const out: Json = { resourceID, resourceUri: value["resourceUri"] ?? "" };
  for (const k of ["datasourceType", "resourceName", "resourceType", "resourceLocation", "resourceProperties"]) if (value[k] !== undefined && value[k] !== null) out[k] = value[k];
  out["objectType"] = objectType;
  return out;
}

function aksParameters(policyParameters: Json): Json {
  const stores = Array.isArray(policyParameters["dataStoreParametersList"]) ? (policyParameters["dataStoreParametersList"] as unknown[]) : [];
  const op = stores.find((s): s is Json => isObject(s) && s["dataStoreType"] === "OperationalStore" && s["objectType"] === "AzureOperationalStoreParameters");
  if (!op || typeof op["resourceGroupId"] !== "string") invalid("AKS backup needs 'policyInfo.policyParameters.dataStoreParametersList' with an OperationalStore AzureOperationalStoreParameters item and its snapshot 'resourceGroupId'.");
  const list = Array.isArray(policyParameters["backupDatasourceParametersList"]) ? (policyParameters["backupDatasourceParametersList"] as unknown[]) : [];
  const k8s = list[0];
  if (list.length !== 1 || !isObject(k8s) || k8s["objectType"] !== "KubernetesClusterBackupDatasourceParameters") {
    invalid("AKS backup needs one KubernetesClusterBackupDatasourceParameters item in 'policyInfo.policyParameters.backupDatasourceParametersList'.");
  }
  if (typeof k8s["snapshotVolumes"] !== "boolean" || typeof k8s["includeClusterScopeResources"] !== "boolean") {
    invalid("KubernetesClusterBackupDatasourceParameters needs the booleans 'snapshotVolumes' and 'includeClusterScopeResources'.");
  }
  // As recorded: GET returns every optional field, null when not set.
  const params: Json = { objectType: k8s["objectType"], snapshotVolumes: k8s["snapshotVolumes"], includeClusterScopeResources: k8s["includeClusterScopeResources"] };
  for (const k of k8sOptional) params[k] = k8s[k] ?? null;
  return { dataStoreParametersList: [{ dataStoreType: "OperationalStore", objectType: "AzureOperationalStoreParameters", resourceGroupId: op["resourceGroupId"] }], backupDatasourceParametersList: [params] };
}

/** The stored parts of a backup instance request, checked against its vault and policy. */
export interface NormalisedInstance {
  /** The user-settable `BackupInstance` properties, in the recorded key order. */
  properties: Json;
  /** ARM id of the datasource. */
  datasourceId: string;
  /** For AKS datasources: what the prerequisite checks need. */
  aks?: AksProtectionTarget;
}

/** Validates a `BackupInstance` (inner properties) for a vault and normalises it. */
export function normaliseInstance(state: EmulatorState, vault: BackupVaultRecord, value: unknown, previous?: Json): NormalisedInstance {
  if (!isObject(value)) invalid("'properties' (a BackupInstance) is required.");
  if (value["objectType"] !== "BackupInstance") invalid("'objectType' must be \"BackupInstance\".");
  const dataSourceInfo = datasource(value["dataSourceInfo"], "Datasource", "dataSourceInfo");
  const datasourceId = dataSourceInfo["resourceID"] as string;
  const policyInfo = value["policyInfo"];
  if (!isObject(policyInfo) || typeof policyInfo["policyId"] !== "string") invalid("'policyInfo.policyId' is required.");
  const policy = state.backupPolicies.get(policyInfo["policyId"]);
  if (!policy || !sameId(policy.vaultId, vault.id)) {
    // Guess: code for a policy that is not in this vault.
    throw userError(400, "UserErrorPolicyNotFound", `The backup policy '${policyInfo["policyId"]}' was not found in the Backup vault '${vault.name}'.`, ["Create the policy in the vault or use one of its policies."]);
  }
  const datasourceType = typeof dataSourceInfo["datasourceType"] === "string" ? dataSourceInfo["datasourceType"] : "";
  const types = (policy.body.properties["datasourceTypes"] as string[]).map((t) => t.toLowerCase());
  if (!types.includes(datasourceType.toLowerCase())) {
    // Guess: code for a policy made for another datasource type.
    throw userError(400, "UserErrorPolicyDatasourceTypeMismatch", `The backup policy '${policy.body["name"] as string}' is for ${types.join(", ")}, not '${datasourceType}'.`, ["Use a policy made for this datasource type."]);
  }
  const isAks = datasourceType.toLowerCase() === aksDatasourceType;
  const params = isObject(policyInfo["policyParameters"]) ? policyInfo["policyParameters"] : undefined;
  const policyParameters = isAks ? aksParameters(params ?? {}) : params;
  const properties: Json = { friendlyName: typeof value["friendlyName"] === "string" ? value["friendlyName"] : dataSourceInfo["resourceName"] ?? "", dataSourceInfo };
  if (value["dataSourceSetInfo"] !== undefined && value["dataSourceSetInfo"] !== null) properties["dataSourceSetInfo"] = datasource(value["dataSourceSetInfo"], "DatasourceSet", "dataSourceSetInfo");
  // As recorded: instances made now have no `policyVersion` (backup_and_restore_aks at 2024-04-01,
  // softdelete at 2026-03-01, whatever the api-version); older instances answer `""` and keep it
  // through updates (update_policy, update_aks_configuration).
  const hadVersion = isObject(previous?.["policyInfo"]) && "policyVersion" in previous["policyInfo"];
  properties["policyInfo"] = { policyId: policy.id, ...(hadVersion ? { policyVersion: "" } : {}), ...(policyParameters ? { policyParameters } : {}) };
  if (isObject(value["identityDetails"])) properties["identityDetails"] = value["identityDetails"];
  const aks = aksTarget(vault, properties);
  return { properties, datasourceId, ...(aks ? { aks } : {}) };
}

/** What the AKS prerequisite checks need, from normalised backup instance properties (undefined for other datasources). */
export function aksTarget(vault: BackupVaultRecord, properties: Json): AksProtectionTarget | undefined {
  const info = properties["dataSourceInfo"] as Json;
  if (typeof info["datasourceType"] !== "string" || info["datasourceType"].toLowerCase() !== aksDatasourceType) return undefined;
  const params = (properties["policyInfo"] as Json)["policyParameters"] as Json;
  const stores = params["dataStoreParametersList"] as Json[];
  return { clusterId: info["resourceID"] as string, snapshotResourceGroupId: stores[0]!["resourceGroupId"] as string, vaultPrincipalId: vaultPrincipal(vault, properties["identityDetails"]) };
}

/** Refuses a datasource that another backup instance already protects (CONTRACTS 5.8). */
export function checkNotProtectedElsewhere(state: EmulatorState, datasourceId: string, exceptInstanceId?: string): void {
  const other = state.backupInstances.lookup("datasource", datasourceId.toLowerCase()).find((bi) => !sameId(bi.id, exceptInstanceId));
  if (!other) return;
  throw userError(400, "UserErrorDppDatasourceAlreadyProtected", `Datasource is already protected under the Backup vault ${other.vaultId}.`, [
    `Delete the backup instance ${other.name} from the Backup vault ${other.vaultId} to re-protect the datasource in any other vault.`,
  ]);
}

/**
 * Every published api-version (stable and preview) of the services the emulator serves, from
 * the public repository Azure/azure-rest-api-specs (each entry names the path it was read from).
 * A request with any other version gets ARM's error for that provider (see
 * `http/apiVersionCheck.ts`). Where the stored copy of the repository did not show a version
 * that real clients send (recordings, SDK packages), the entry says so in `alsoFrom`.
 */
export interface PublishedApiVersions {
  /** The provider namespace. */
  readonly namespace: string;
  /** Resource types (under the namespace) these versions cover. */
  readonly resourceTypes: readonly string[];
  /** Repository path(s) in Azure/azure-rest-api-specs the versions were read from. */
  readonly source: readonly string[];
  /** Versions confirmed elsewhere than `source`, and where. */
  readonly alsoFrom?: string;
  /** Stable versions, newest first. */
  readonly stable: readonly string[];
  /** Preview versions, newest first. */
  readonly preview: readonly string[];
}

const specs = "Azure/azure-rest-api-specs:specification/";

/** Microsoft.DataProtection: backup vaults, policies, instances, jobs, recovery points, operations. */
export const dataProtection: PublishedApiVersions = {
  namespace: "Microsoft.DataProtection",
  resourceTypes: ["backupVaults", "backupVaults/backupPolicies", "backupVaults/backupInstances", "backupVaults/backupJobs", "resourceGuards", "locations/operationStatus", "locations/operationResults", "operations"],
  source: [
    `${specs}dataprotection/resource-manager/Microsoft.DataProtection/DataProtection/readme.md (commit 19354e5c, tags package-*)`,
    `${specs}dataprotection/resource-manager/readme.md (older layout: package-2023-08 -> stable/2023-08-01)`,
  ],
  stable: [
    "2026-06-01", "2026-03-01", "2025-09-01", "2025-07-01", "2025-02-01", "2025-01-01", "2024-04-01", "2024-03-01",
    "2023-12-01", "2023-11-01", "2023-08-01", "2023-05-01", "2023-01-01", "2022-12-01", "2022-05-01", "2022-04-01",
    "2022-03-01", "2022-01-01", "2021-07-01", "2021-01-01",
  ],
  preview: [
    "2026-08-31-preview", "2026-04-01-preview", "2024-02-01-preview", "2023-08-01-preview", "2023-06-01-preview",
    "2023-04-01-preview", "2022-11-01-preview", "2022-10-01-preview", "2022-09-01-preview", "2022-03-31-preview",
    "2022-02-01-preview", "2021-12-01-preview", "2021-10-01-preview", "2021-06-01-preview", "2021-02-01-preview",
  ],
};

/** Microsoft.ContainerService: managed clusters, Trusted Access roles and role bindings. */
export const containerService: PublishedApiVersions = {
  namespace: "Microsoft.ContainerService",
  resourceTypes: ["managedClusters", "managedClusters/trustedAccessRoleBindings", "locations/trustedAccessRoles"],
  source: [
    `${specs}containerservice/resource-manager/Microsoft.ContainerService/aks/readme.md (commit bff4b7a1, tags up to package-2024-07)`,
    `${specs}containerservice/resource-manager/Microsoft.ContainerService/aks (TypeSpec KnownVersions 2025-10-01 .. 2026-06-01, as shipped in @azure/arm-containerservice 25.5.0)`,
  ],
  // The stored readme ends at 2024-07. 2024-08-01, 2024-10-01, 2025-02-01, 2025-06-01, 2025-08-01,
  // 2025-09-01 and every preview from 2024-07-02 to 2025-09-02 were confirmed by their
  // `{stable,preview}/{version}/managedClusters.json` in the stored copy. Guess: the other monthly
  // stable versions of 2024-09 .. 2025-07 (the SDKs' package-2025-01/-04 tags and the Azure CLI's
  // 2024-08-01 traffic point at them) were not looked up one by one.
  alsoFrom: "aks/{stable,preview}/{version}/managedClusters.json paths; azure-sdk-for-go autorest configs (package-2025-01, -04, -08, -09); Azure CLI and Az.Aks traffic (issue 11)",
  stable: [
    "2026-06-01", "2026-05-01", "2026-04-01", "2026-03-01", "2026-02-01", "2026-01-01", "2025-10-01", "2025-09-01",
    "2025-08-01", "2025-07-01", "2025-06-01", "2025-05-01", "2025-04-01", "2025-03-01", "2025-02-01", "2025-01-01",
    "2024-10-01", "2024-09-01", "2024-08-01", "2024-07-01", "2024-05-01", "2024-02-01", "2024-01-01", "2023-11-01",
    "2023-10-01", "2023-09-01", "2023-08-01", "2023-07-01", "2023-06-01", "2023-05-01", "2023-04-01", "2023-03-01",
    "2023-02-01", "2023-01-01", "2022-11-01", "2022-09-01", "2022-07-01", "2022-06-01", "2022-04-01", "2022-03-01",
    "2022-02-01", "2022-01-01", "2021-10-01", "2021-09-01", "2021-08-01", "2021-07-01", "2021-05-01", "2021-03-01",
    "2021-02-01", "2020-12-01", "2020-11-01", "2020-09-01", "2020-07-01", "2020-06-01", "2020-04-01",
  ],
  preview: [
    "2025-10-02-preview", "2025-09-02-preview", "2025-08-02-preview", "2025-07-02-preview", "2025-06-02-preview",
    "2025-05-02-preview", "2025-04-02-preview", "2025-03-02-preview", "2025-02-02-preview", "2025-01-02-preview",
    "2024-10-02-preview", "2024-09-02-preview", "2024-07-02-preview", "2024-06-02-preview", "2024-05-02-preview", "2024-04-02-preview", "2024-03-02-preview",
    "2024-02-02-preview", "2024-01-02-preview", "2023-11-02-preview", "2023-10-02-preview", "2023-09-02-preview",
    "2023-08-02-preview", "2023-07-02-preview", "2023-06-02-preview", "2023-05-02-preview", "2023-04-02-preview",
    "2023-03-02-preview", "2023-02-02-preview", "2023-01-02-preview", "2022-11-02-preview", "2022-10-02-preview",
    "2022-09-02-preview", "2022-08-03-preview", "2022-08-02-preview", "2022-07-02-preview", "2022-06-02-preview",
    "2022-05-02-preview", "2022-04-02-preview", "2022-03-02-preview", "2022-02-02-preview", "2022-01-02-preview",
    "2021-11-01-preview",
  ],
};

/** Microsoft.KubernetesConfiguration: cluster extensions and their operations. */
export const kubernetesConfiguration: PublishedApiVersions = {
  namespace: "Microsoft.KubernetesConfiguration",
  resourceTypes: ["extensions", "extensions/operations"],
  source: [
    `${specs}kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/extensions/readme.md (package-2025-03, package-2024-11)`,
    `${specs}kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/common/{version}/ (one folder per published version)`,
    `${specs}kubernetesconfiguration/resource-manager/readme.md (package-2020-07-01-preview)`,
  ],
  // 2022-11-01 and 2023-05-01 confirmed by `Microsoft.KubernetesConfiguration/stable/{version}/extensions.json`.
  // Guess: 2022-04-02-preview, from the previous table; not looked up.
  stable: ["2025-03-01", "2024-11-01", "2023-05-01", "2022-11-01", "2022-07-01", "2022-04-01", "2022-03-01", "2021-09-01", "2021-03-01"],
  preview: [
    "2023-05-01-preview", "2022-04-02-preview", "2022-04-01-preview", "2022-01-15-preview", "2022-01-01-preview",
    "2021-11-01-preview", "2021-10-01-preview", "2021-05-01-preview", "2020-07-01-preview",
  ],
};

/** Microsoft.Authorization: role assignments, role definitions and permissions (one list for all three). */
export const authorization: PublishedApiVersions = {
  namespace: "Microsoft.Authorization",
  resourceTypes: ["roleAssignments", "roleDefinitions", "permissions"],
  source: [
    `${specs}authorization/resource-manager/Microsoft.Authorization/stable/{2015-07-01,2022-04-01}/`,
    `${specs}authorization/resource-manager/Microsoft.Authorization/preview/{version}/ (authorization-RoleAssignmentsCalls.json, authorization-RoleDefinitionsCalls.json)`,
  ],
  // Role definitions at 2022-05-01-preview confirmed by its authorization-RoleDefinitionsCalls.json.
  // Guess: ARM serves the union of the three types' versions for each of them.
  alsoFrom: "Azure CLI role tests (2022-05-01-preview); @azure/arm-authorization 9.0.0 (2022-04-01)",
  stable: ["2022-04-01", "2015-07-01"],
  preview: [
    "2022-05-01-preview", "2022-01-01-preview", "2020-10-01-preview", "2020-08-01-preview", "2020-04-01-preview",
    "2020-03-01-preview", "2018-09-01-preview", "2018-07-01-preview", "2018-01-01-preview",
  ],
};

/** Microsoft.Resources: resource groups, subscriptions, providers and registrations. */
export const resources: PublishedApiVersions = {
  namespace: "Microsoft.Resources",
  resourceTypes: ["resourceGroups", "subscriptions", "providers"],
  source: [
    `${specs}resources/resource-manager/Microsoft.Resources/stable/{version}/resources.json`,
    `${specs}resources/resource-manager/Microsoft.Resources/stable/{version}/subscriptions.json`,
  ],
  // Guess: the version folders as remembered (resources.json and subscriptions.json together), not
  // re-listed one by one from the stored copy; 2021-01-01 (issue 11) and 2025-04-01 (SDK) are sent.
  stable: [
    "2025-04-01", "2025-03-01", "2024-11-01", "2024-07-01", "2024-03-01", "2023-07-01", "2022-12-01", "2022-09-01",
    "2021-04-01", "2021-01-01", "2020-10-01", "2020-08-01", "2020-06-01", "2020-01-01", "2019-11-01", "2019-10-01",
    "2019-08-01", "2019-07-01", "2019-06-01", "2019-05-10", "2019-05-01", "2019-03-01", "2018-06-01", "2018-05-01",
    "2018-02-01", "2017-05-10", "2016-09-01", "2016-07-01", "2016-06-01", "2016-02-01", "2015-11-01",
  ],
  preview: [],
};

/** Microsoft.Storage: storage accounts and blob containers. */
export const storage: PublishedApiVersions = {
  namespace: "Microsoft.Storage",
  resourceTypes: ["storageAccounts", "storageAccounts/blobServices/containers"],
  source: [
    `${specs}storage/resource-manager/Microsoft.Storage/stable/{version}/storage.json`,
    `${specs}storage/resource-manager/Microsoft.Storage (TypeSpec KnownVersions, as shipped in @azure/arm-storage 21.0.0)`,
  ],
  // Guess: the folders before 2025-06-01 as remembered, not re-listed one by one from the stored copy.
  stable: [
    "2026-09-01", "2026-06-01", "2026-04-01", "2025-08-01", "2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01",
    "2023-04-01", "2023-01-01", "2022-09-01", "2022-05-01", "2021-09-01", "2021-08-01", "2021-06-01", "2021-04-01",
    "2021-02-01", "2021-01-01", "2019-06-01", "2019-04-01", "2018-11-01", "2018-07-01", "2018-02-01", "2017-10-01",
    "2017-06-01", "2016-12-01", "2016-05-01", "2016-01-01", "2015-06-15",
  ],
  preview: ["2020-08-01-preview", "2018-03-01-preview"],
};

/** Microsoft.Kubernetes: Azure Arc connected clusters. */
export const connectedClusters: PublishedApiVersions = {
  namespace: "Microsoft.Kubernetes",
  resourceTypes: ["connectedClusters"],
  source: [`${specs}hybridkubernetes/resource-manager/Microsoft.Kubernetes/HybridKubernetes/readme.md (commit bb720f20, tags package-*)`],
  stable: ["2026-05-01", "2024-01-01", "2021-10-01", "2021-03-01"],
  preview: [
    "2026-02-01-preview", "2025-12-01-preview", "2025-08-01-preview", "2024-12-01-preview", "2024-07-15-preview",
    "2024-07-01-preview", "2024-06-01-preview", "2024-02-01-preview", "2023-11-01-preview", "2022-10-01-preview",
    "2022-05-01-preview", "2021-04-01-preview", "2020-01-01-preview",
  ],
};

/** Microsoft.ResourceGraph: Resource Graph queries (`POST /providers/Microsoft.ResourceGraph/resources`). */
export const resourceGraph: PublishedApiVersions = {
  namespace: "Microsoft.ResourceGraph",
  resourceTypes: ["resources"],
  source: [
    `${specs}resourcegraph/resource-manager/Microsoft.ResourceGraph/ResourceGraph/GraphQuery/examples/{version}/ (one folder per version)`,
  ],
  // 2024-04-01 is what @azure/arm-resourcegraph 5.0.0 sends (dist/esm/api/operations.js, `_resourcesSend`).
  // Guess: the `resources` operation is served at every version with an examples folder above,
  // and at 2021-06-01-preview (the SDK's resourcesHistory version); not checked one by one.
  alsoFrom: "@azure/arm-resourcegraph 5.0.0 (2024-04-01)",
  stable: ["2024-04-01", "2022-10-01", "2021-03-01", "2019-04-01"],
  preview: ["2021-06-01-preview", "2020-09-01-preview", "2020-04-01-preview", "2018-09-01-preview"],
};

/** Every entry above. */
export const publishedApiVersions: readonly PublishedApiVersions[] = [dataProtection, containerService, kubernetesConfiguration, authorization, resources, storage, connectedClusters, resourceGraph];

/** Stable then preview versions of an entry, newest first in each. */
export function versionsOf(entry: PublishedApiVersions): readonly string[] {
  return [...entry.stable, ...entry.preview];
}

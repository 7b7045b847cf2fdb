/**
 * The Azure Resource Graph queries `discover` sends, exactly (the emulator answers these forms
 * and no others; see emulator/README.md). `{ids}` is replaced by a list of single-quoted,
 * lower-case cluster ids (see {@link withClusterIds}).
 *
 * Extensions live in the `KubernetesConfigurationResources` table (not `Resources`), and ARG
 * keys their properties in PascalCase (`properties.ExtensionType`, `properties.ProvisioningState`).
 */

/** Every AKS cluster of the subscriptions, ordered by id (ARG pages need a stable order). */
export const clustersQuery = `resources
| where type =~ 'microsoft.containerservice/managedclusters'
| project id, name, location, resourceGroup, subscriptionId
| order by id asc`;

/** The Backup Extensions of some clusters (`clusterId` derived from the extension id). */
export const backupExtensionsQuery = `kubernetesconfigurationresources
| where type =~ 'microsoft.kubernetesconfiguration/extensions'
| where properties.ExtensionType =~ 'microsoft.dataprotection.kubernetes'
| extend clusterId = tolower(tostring(split(tolower(id), '/providers/microsoft.kubernetesconfiguration/extensions/')[0]))
| where clusterId in~ ({ids})
| project id, name, clusterId, properties
| order by id asc`;

/** The backup instances protecting some clusters, in any vault (filtered on `dataSourceInfo.resourceID`). */
export const backupInstancesQuery = `recoveryservicesresources
| where type =~ 'microsoft.dataprotection/backupvaults/backupinstances'
| extend clusterId = tolower(tostring(properties.dataSourceInfo.resourceID))
| where clusterId in~ ({ids})
| project id, name, clusterId, properties
| order by id asc`;

/** The last finished backup job of each backup instance of some clusters. */
export const lastBackupJobsQuery = `recoveryservicesresources
| where type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| where properties.operationCategory =~ 'Backup'
| where isnotempty(properties.endTime)
| extend clusterId = tolower(tostring(properties.dataSourceId)), backupInstanceId = tolower(tostring(properties.backupInstanceId))
| where clusterId in~ ({ids})
| summarize arg_max(todatetime(properties.endTime), *) by backupInstanceId
| project id, backupInstanceId, clusterId, status = tostring(properties.status), endTime = tostring(properties.endTime)
| order by id asc`;

/** A query with `{ids}` replaced by the clusters' ids (lower case, quotes refused: ARM ids have none). */
export function withClusterIds(query: string, clusterIds: readonly string[]): string {
  const list = clusterIds.map((id) => `'${id.toLowerCase().replace(/'/g, "")}'`).join(", ");
  return query.replace("{ids}", list);
}

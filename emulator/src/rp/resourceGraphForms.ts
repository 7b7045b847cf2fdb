import type { EmulatorState } from "../state/state.js";

/**
 * The Azure Resource Graph query forms the emulator answers. It is NOT a KQL engine: a query is
 * answered only when, with its whitespace collapsed, it is exactly one of these forms (keywords
 * matched case-insensitively), where `{ids}` is a list of single-quoted ARM ids separated by
 * commas. Any other query gets ARG's 400 `BadRequest` / `InvalidQuery`.
 *
 * 1. clusters:
 *    resources | where type =~ 'microsoft.containerservice/managedclusters'
 *    | project id, name, location, resourceGroup, subscriptionId | order by id asc
 * 2. backupExtensions:
 *    kubernetesconfigurationresources | where type =~ 'microsoft.kubernetesconfiguration/extensions'
 *    | where properties.ExtensionType =~ 'microsoft.dataprotection.kubernetes'
 *    | extend clusterId = tolower(tostring(split(tolower(id), '/providers/microsoft.kubernetesconfiguration/extensions/')[0]))
 *    | where clusterId in~ ({ids}) | project id, name, clusterId, properties | order by id asc
 * 3. backupInstances:
 *    recoveryservicesresources | where type =~ 'microsoft.dataprotection/backupvaults/backupinstances'
 *    | extend clusterId = tolower(tostring(properties.dataSourceInfo.resourceID))
 *    | where clusterId in~ ({ids}) | project id, name, clusterId, properties | order by id asc
 * 4. lastBackupJobs:
 *    recoveryservicesresources | where type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
 *    | where properties.operationCategory =~ 'Backup' | where isnotempty(properties.endTime)
 *    | extend clusterId = tolower(tostring(properties.dataSourceId)), backupInstanceId = tolower(tostring(properties.backupInstanceId))
 *    | where clusterId in~ ({ids})
 *    | summarize arg_max(todatetime(properties.endTime), *) by backupInstanceId
 *    | project id, backupInstanceId, clusterId, status = tostring(properties.status), endTime = tostring(properties.endTime)
 *    | order by id asc
 *
 * Rows carry ARG's conventions: `type` in lower case; `resourceGroup` in lower case (Guess: ARG
 * lower-cases it, ids keep the casing the resource was created with). Guess: ARG's
 * KubernetesConfigurationResources table keys extension properties in PascalCase
 * (`ExtensionType`, `ProvisioningState`, `ConfigurationSettings`, as its documented sample
 * queries read `properties.ExtensionType`); the emulator answers them so. RecoveryServicesResources
 * keeps the resource's own camelCase properties.
 */
export interface QueryForm {
  /** A stable name, for the README and tests. */
  readonly name: string;
  /** Matches the normalised query; group 1 is the `{ids}` list when the form has one. */
  readonly pattern: RegExp;
  /** The rows of the form, for the subscriptions in scope (lower case), from emulator state. */
  rows(state: EmulatorState, subscriptions: ReadonlySet<string>, ids: ReadonlySet<string>): Array<Record<string, unknown>>;
}

type Row = Record<string, unknown>;

/** Escapes a literal for a RegExp, then lets every space match any run of whitespace. */
function form(text: string, withIds: boolean): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s*");
  const withList = withIds ? escaped.replace("IDS", "((?:\\s*'[^']*'\\s*,?)*)") : escaped;
  return new RegExp(`^${withList}$`, "i");
}

const clusterTail = "/providers/microsoft.kubernetesconfiguration/extensions/";
const subOf = (id: string): string => (id.split("/")[2] ?? "").toLowerCase();
const byId = (a: Row, b: Row): number => String(a["id"]).localeCompare(String(b["id"]));

/** Turns the ARM properties of an extension into the PascalCase keys of its ARG row (see above). */
function pascalProperties(p: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v]));
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** The last finished backup job of each backup instance of the clusters (`summarize arg_max(endTime)`). */
function lastBackupJobRows(state: EmulatorState, subs: ReadonlySet<string>, ids: ReadonlySet<string>): Row[] {
  const latest = new Map<string, Row>();
  for (const j of state.backupJobs.all()) {
    const p = j.body.properties;
    const clusterId = text(p["dataSourceId"]).toLowerCase();
    const endTime = text(p["endTime"]);
    if (text(p["operationCategory"]).toLowerCase() !== "backup" || endTime === "" || !ids.has(clusterId) || !subs.has(subOf(j.id))) continue;
    const backupInstanceId = text(p["backupInstanceId"]).toLowerCase();
    const before = latest.get(backupInstanceId);
    if (before && Date.parse(text(before["endTime"])) >= Date.parse(endTime)) continue;
    latest.set(backupInstanceId, { id: j.id, backupInstanceId, clusterId, status: text(p["status"]), endTime });
  }
  return [...latest.values()].sort(byId);
}

/** The forms, in the order they are tried. */
export const queryForms: readonly QueryForm[] = [
  {
    name: "clusters",
    pattern: form("resources | where type =~ 'microsoft.containerservice/managedclusters' | project id, name, location, resourceGroup, subscriptionId | order by id asc", false),
    rows: (state, subs) => state.clusters.all()
      .filter((c) => c.kind === "managedCluster" && subs.has(c.subscriptionId.toLowerCase()))
      .map((c): Row => ({ id: c.id, name: c.name, location: c.location, resourceGroup: c.resourceGroup.toLowerCase(), subscriptionId: c.subscriptionId }))
      .sort(byId),
  },
  {
    name: "backupExtensions",
    pattern: form("kubernetesconfigurationresources | where type =~ 'microsoft.kubernetesconfiguration/extensions' | where properties.ExtensionType =~ 'microsoft.dataprotection.kubernetes' | extend clusterId = tolower(tostring(split(tolower(id), '/providers/microsoft.kubernetesconfiguration/extensions/')[0])) | where clusterId in~ (IDS) | project id, name, clusterId, properties | order by id asc", true),
    rows: (state, subs, ids) => state.extensions.all()
      .filter((e) => String(e.body.properties["extensionType"]).toLowerCase() === "microsoft.dataprotection.kubernetes")
      .map((e): Row => ({ id: e.id, name: e.name, clusterId: e.id.toLowerCase().split(clusterTail)[0]!, properties: pascalProperties(e.body.properties) }))
      .filter((r) => subs.has(subOf(String(r["id"]))) && ids.has(String(r["clusterId"])))
      .sort(byId),
  },
  {
    name: "backupInstances",
    pattern: form("recoveryservicesresources | where type =~ 'microsoft.dataprotection/backupvaults/backupinstances' | extend clusterId = tolower(tostring(properties.dataSourceInfo.resourceID)) | where clusterId in~ (IDS) | project id, name, clusterId, properties | order by id asc", true),
    rows: (state, subs, ids) => state.backupInstances.all()
      .filter((b) => subs.has(subOf(b.id)) && ids.has(b.datasourceId.toLowerCase()))
      .map((b): Row => ({ id: b.id, name: b.name, clusterId: b.datasourceId.toLowerCase(), properties: structuredClone(b.body.properties) }))
      .sort(byId),
  },
  {
    name: "lastBackupJobs",
    pattern: form("recoveryservicesresources | where type =~ 'microsoft.dataprotection/backupvaults/backupjobs' | where properties.operationCategory =~ 'Backup' | where isnotempty(properties.endTime) | extend clusterId = tolower(tostring(properties.dataSourceId)), backupInstanceId = tolower(tostring(properties.backupInstanceId)) | where clusterId in~ (IDS) | summarize arg_max(todatetime(properties.endTime), *) by backupInstanceId | project id, backupInstanceId, clusterId, status = tostring(properties.status), endTime = tostring(properties.endTime) | order by id asc", true),
    rows: lastBackupJobRows,
  },
];

/** The `{ids}` of a matched form: the quoted ids, lower case. */
export function idsOf(list: string | undefined): Set<string> {
  return new Set([...(list ?? "").matchAll(/'([^']*)'/g)].map((m) => m[1]!.toLowerCase()));
}

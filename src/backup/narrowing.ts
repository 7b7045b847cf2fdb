import type { BackupConfiguration } from "./models.js";

/**
 * How `next` backs up less than `current` (fewer namespaces, resource types or volumes, no
 * cluster-scope resources, new exclusions or label selectors), or undefined when it does not.
 * Narrowing needs `confirm` (the backup instance's name).
 */
export function narrowingOf(current: BackupConfiguration, next: BackupConfiguration): string | undefined {
  const out: string[] = [];
  const lower = (xs: readonly string[] | undefined): string[] => (xs ?? []).map((x) => x.toLowerCase());
  const dropped = (cur: readonly string[] | undefined, nxt: readonly string[] | undefined): string[] | undefined => {
    if (nxt === undefined) return undefined;
    if (cur === undefined) return ["(every other)"];
    const keep = new Set(lower(nxt));
    return lower(cur).filter((x) => !keep.has(x));
  };
  const ns = dropped(current.includedNamespaces, next.includedNamespaces);
  if (ns && ns.length) out.push(`namespaces ${ns.join(", ")} would no longer be backed up`);
  const types = dropped(current.includedResourceTypes, next.includedResourceTypes);
  if (types && types.length) out.push(`resource types ${types.join(", ")} would no longer be backed up`);
  const vols = dropped(current.includedVolumeTypes, next.includedVolumeTypes);
  if (vols && vols.length) out.push(`volume types ${vols.join(", ")} would no longer be snapshotted`);
  const newExcluded = lower(next.excludedNamespaces).filter((x) => !lower(current.excludedNamespaces).includes(x));
  if (next.excludedNamespaces !== undefined && newExcluded.length) out.push(`namespaces ${newExcluded.join(", ")} would be excluded`);
  const newExcludedTypes = lower(next.excludedResourceTypes).filter((x) => !lower(current.excludedResourceTypes).includes(x));
  if (next.excludedResourceTypes !== undefined && newExcludedTypes.length) out.push(`resource types ${newExcludedTypes.join(", ")} would be excluded`);
  const newSelectors = lower(next.labelSelectors).filter((x) => !lower(current.labelSelectors).includes(x));
  if (next.labelSelectors !== undefined && newSelectors.length) out.push(`label selectors ${newSelectors.join(", ")} would limit the backup`);
  if (current.snapshotVolumes !== false && next.snapshotVolumes === false) out.push("volume snapshots would stop");
  if (current.includeClusterScopeResources !== false && next.includeClusterScopeResources === false) out.push("cluster-scope resources would no longer be backed up");
  return out.length ? out.join("; ") : undefined;
}

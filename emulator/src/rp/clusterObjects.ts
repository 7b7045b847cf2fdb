import type { KubeObjectRecord } from "../state/records.js";
import type { EmulatorState } from "../state/state.js";

/**
 * The Kubernetes objects of emulated clusters: seeded by tests (`ArmEmulator.addClusterObjects`),
 * captured into a recovery point when a backup makes one, and written into the target cluster
 * when a restore job completes, filtered by the restore criteria and honouring the conflict
 * policy. Guess: AKS backup restores through Velero, which creates missing objects and, for
 * objects that exist, leaves them ("Skip") or patches them to the backed-up state ("Patch");
 * ARM shows none of it, so the emulator models only names, labels and a version counter.
 */

/** What a seed object gives. */
export interface KubeObjectSeed {
  /** Namespace; omit for a cluster-scoped object. */
  namespace?: string;
  /** Resource type, e.g. "deployments", "configmaps", "persistentvolumeclaims". */
  kind: string;
  /** Name. */
  name: string;
  /** Labels. */
  labels?: Record<string, string>;
}

const keyOf = (o: Pick<KubeObjectRecord, "namespace" | "kind" | "name">): string => `${o.namespace ?? ""}/${o.kind.toLowerCase()}/${o.name}`;

function objectsOf(state: EmulatorState, clusterId: string): Map<string, KubeObjectRecord> {
  const k = clusterId.toLowerCase();
  let m = state.clusterObjects.get(k);
  if (!m) {
    m = new Map();
    state.clusterObjects.set(k, m);
  }
  return m;
}

function put(map: Map<string, KubeObjectRecord>, o: KubeObjectRecord): void {
  map.set(keyOf(o), o);
  // A namespaced object implies its namespace (Kubernetes refuses objects in a missing one).
  if (o.namespace !== null && !map.has(keyOf({ namespace: null, kind: "namespaces", name: o.namespace }))) {
    map.set(keyOf({ namespace: null, kind: "namespaces", name: o.namespace }), { namespace: null, kind: "namespaces", name: o.namespace, labels: {}, version: 1, ...(o.restoredFrom ? { restoredFrom: o.restoredFrom } : {}) });
  }
}

/** Adds (or replaces) objects in a cluster. */
export function addClusterObjects(state: EmulatorState, clusterId: string, seeds: readonly KubeObjectSeed[]): void {
  const map = objectsOf(state, clusterId);
  for (const s of seeds) {
    const existing = map.get(keyOf({ namespace: s.namespace ?? null, kind: s.kind, name: s.name }));
    put(map, { namespace: s.namespace ?? null, kind: s.kind.toLowerCase(), name: s.name, labels: { ...s.labels }, version: (existing?.version ?? 0) + 1 });
  }
}

/** A copy of a cluster's objects, sorted by namespace, kind and name. */
export function listClusterObjects(state: EmulatorState, clusterId: string): KubeObjectRecord[] {
  return [...(state.clusterObjects.get(clusterId.toLowerCase())?.values() ?? [])]
    .map((o) => structuredClone(o))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

/** Captures a cluster's objects into a recovery point (called when a backup makes one). */
export function captureRecoveryPointObjects(state: EmulatorState, clusterId: string, recoveryPointId: string): void {
  state.recoveryPointObjects.set(recoveryPointId.toLowerCase(), listClusterObjects(state, clusterId));
}

/** What a restore writes: `KubernetesClusterRestoreCriteria` fields as the emulator reads them. */
export interface RestoreSelection {
  includedNamespaces: string[] | null;
  excludedNamespaces: string[] | null;
  includedResourceTypes: string[] | null;
  excludedResourceTypes: string[] | null;
  labelSelectors: string[] | null;
  includeClusterScopeResources: boolean;
  namespaceMappings: Record<string, string>;
  conflictPolicy: "Skip" | "Patch";
  /** `namespace/name` of the resource-modifier ConfigMap applied (`resourceModifierReference`), or null. */
  resourceModifier: string | null;
}

/** Whether a cluster holds an object (`kind` as restore criteria name it, e.g. "configmaps"). */
export function clusterHasObject(state: EmulatorState, clusterId: string, o: { namespace: string | null; kind: string; name: string }): boolean {
  return state.clusterObjects.get(clusterId.toLowerCase())?.has(keyOf(o)) ?? false;
}

/** Whether labels match every `key=value` (or bare `key`) selector of one selector string (comma-separated, ANDed). */
function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return selector.split(",").map((t) => t.trim()).filter(Boolean).every((term) => {
    const [k, v] = term.split("=").map((x) => x.trim());
    return v === undefined ? k! in labels : labels[k!] === v;
  });
}

function selected(o: KubeObjectRecord, s: RestoreSelection): boolean {
  const kind = o.kind.toLowerCase();
  const has = (list: string[] | null, x: string): boolean => list?.some((i) => i.toLowerCase() === x) ?? false;
  if (s.includedResourceTypes && !has(s.includedResourceTypes, kind)) return false;
  if (has(s.excludedResourceTypes, kind)) return false;
  if (s.labelSelectors && s.labelSelectors.length > 0 && !s.labelSelectors.some((sel) => matchesSelector(o.labels, sel))) return false;
  if (o.namespace === null) {
    // A namespace object follows its namespace's selection; other cluster-scoped objects follow the flag.
    if (kind !== "namespaces") return s.includeClusterScopeResources;
    return (s.includedNamespaces === null || s.includedNamespaces.includes(o.name)) && !(s.excludedNamespaces?.includes(o.name) ?? false);
  }
  if (s.includedNamespaces !== null && !s.includedNamespaces.includes(o.namespace)) return false;
  return !(s.excludedNamespaces?.includes(o.namespace) ?? false);
}

/** What a restore did to the target's objects. */
export interface RestoreEffect {
  created: number;
  patched: number;
  skipped: number;
}

/**
 * Writes a recovery point's objects into a cluster: new objects are created; existing ones are
 * left as they are ("Skip") or patched to the backed-up labels with a new version ("Patch").
 * Objects written by a restore with a resource modifier are marked with it (`resourceModifier`).
 * Guess: the emulator does not interpret the modifier's rules (JSON patches Velero applies).
 */
export function restoreObjects(state: EmulatorState, recoveryPointId: string, targetClusterId: string, s: RestoreSelection): RestoreEffect {
  const source = state.recoveryPointObjects.get(recoveryPointId.toLowerCase()) ?? [];
  const rpName = recoveryPointId.split("/").at(-1)!;
  const target = objectsOf(state, targetClusterId);
  const effect: RestoreEffect = { created: 0, patched: 0, skipped: 0 };
  for (const o of source.filter((x) => selected(x, s))) {
    const namespace = o.namespace === null ? null : (s.namespaceMappings[o.namespace] ?? o.namespace);
    const name = o.namespace === null && o.kind === "namespaces" ? (s.namespaceMappings[o.name] ?? o.name) : o.name;
    const existing = target.get(keyOf({ namespace, kind: o.kind, name }));
    if (existing && s.conflictPolicy === "Skip") {
      effect.skipped += 1;
      continue;
    }
    if (existing) {
      existing.labels = { ...o.labels };
      existing.version += 1;
      existing.restoredFrom = rpName;
      if (s.resourceModifier !== null) existing.resourceModifier = s.resourceModifier;
      else delete existing.resourceModifier;
      effect.patched += 1;
      continue;
    }
    put(target, { namespace, kind: o.kind, name, labels: { ...o.labels }, version: 1, restoredFrom: rpName, ...(s.resourceModifier !== null ? { resourceModifier: s.resourceModifier } : {}) });
    effect.created += 1;
  }
  return effect;
}

import { parseClusterId, parseResourceGroupId } from "../../common/references.js";
import { InputValidationError } from "../../errors.js";
import { namespaceCheck, objectNameCheck, validateBackupConfiguration } from "../requestBuilders.js";
import type { RestoreRequest } from "./models.js";

function fail(parameter: string, problem: string, fix: string): never {
  throw new InputValidationError(parameter, problem, fix);
}

function checkMappings(request: RestoreRequest): void {
  const mappings: unknown = request.namespaceMappings;
  if (mappings === undefined) return;
  if (typeof mappings !== "object" || mappings === null || Array.isArray(mappings)) fail("namespaceMappings", "it is not an object", 'pass { "source-namespace": "target-namespace" }, or omit it');
  const entries = Object.entries(mappings as Record<string, unknown>);
  if (entries.length === 0) fail("namespaceMappings", "it is empty", "omit it, or map at least one namespace");
  const targets = new Map<string, string>();
  const mappedSources = new Set(entries.map(([source]) => source));
  for (const [source, target] of entries) {
    const sourceProblem = namespaceCheck(source);
    if (sourceProblem) fail(`namespaceMappings["${source}"]`, sourceProblem, "use the namespace's name in the backup");
    if (typeof target !== "string") fail(`namespaceMappings["${source}"]`, "the target is not a string", "map it to a namespace name");
    const targetProblem = namespaceCheck(target);
    if (targetProblem) fail(`namespaceMappings["${source}"]`, targetProblem, "map it to a valid namespace name, e.g. 'prod-restored'");
    const other = targets.get(target);
    if (other !== undefined) fail(`namespaceMappings["${source}"]`, `'${other}' and '${source}' both map to '${target}'`, "map each namespace to its own target");
    targets.set(target, source);
    if (request.includedNamespaces && !request.includedNamespaces.includes(source)) {
      fail(`namespaceMappings["${source}"]`, `'${source}' is not in includedNamespaces, so the mapping would do nothing`, `add '${source}' to includedNamespaces, or drop the mapping`);
    }
    if (request.excludedNamespaces?.includes(source)) fail(`namespaceMappings["${source}"]`, `'${source}' is excluded`, "drop the mapping or the exclusion");
    if (target !== source && !mappedSources.has(target) && request.includedNamespaces?.includes(target)) {
      fail(`namespaceMappings["${source}"]`, `'${target}' is restored too, so '${source}' would be merged into it`, "map to a namespace that is not also restored");
    }
  }
}

function checkResourceModifier(request: RestoreRequest): void {
  const ref: unknown = request.resourceModifier;
  if (ref === undefined) return;
  if (typeof ref !== "object" || ref === null || Array.isArray(ref)) fail("resourceModifier", "it is not an object", "pass { name, namespace } of the ConfigMap in the target cluster, or omit it");
  const { name, namespace } = ref as { name?: unknown; namespace?: unknown };
  const nameProblem = typeof name === "string" && name !== "" ? objectNameCheck(name) : "it is empty";
  if (nameProblem) fail("resourceModifier.name", nameProblem, "name the ConfigMap holding the resource modifier rules");
  const problem = typeof namespace === "string" ? namespaceCheck(namespace) : "it is empty";
  if (problem) fail("resourceModifier.namespace", problem, "give the ConfigMap's namespace in the target cluster");
}

/**
 * Checks a restore request before any request to Azure; throws {@link InputValidationError}
 * naming the field (namespaces, mappings, conflict policy, ids).
 */
export function validateRestoreRequest(request: RestoreRequest): void {
  if (typeof request !== "object" || request === null) fail("options", "they are not an object", "pass an object, or omit it");
  if (request.targetClusterId !== undefined) parseClusterId(request.targetClusterId, "targetClusterId");
  if (request.snapshotResourceGroupId !== undefined) parseResourceGroupId(request.snapshotResourceGroupId, "snapshotResourceGroupId");
  const { includedNamespaces, excludedNamespaces, includedResourceTypes, excludedResourceTypes, labelSelectors } = request;
  validateBackupConfiguration({ includedNamespaces, excludedNamespaces, includedResourceTypes, excludedResourceTypes, labelSelectors }, "options");
  for (const flag of ["includeClusterScopeResources", "restoreVolumeData"] as const) {
    if (request[flag] !== undefined && typeof request[flag] !== "boolean") fail(flag, "it is not a boolean", "pass true or false");
  }
  const policy: unknown = request.conflictPolicy;
  if (policy !== undefined && policy !== "Skip" && policy !== "Patch") fail("conflictPolicy", `'${typeof policy === "string" ? policy : JSON.stringify(policy)}' is not a conflict policy`, 'pass "Skip" (keep existing objects) or "Patch" (update them)');
  checkMappings(request);
  checkResourceModifier(request);
  const hooks: unknown = request.restoreHooks;
  if (hooks === undefined) return;
  if (!Array.isArray(hooks) || hooks.length === 0) fail("restoreHooks", "it is not a non-empty list", "pass [{ name, namespace }], or omit it");
  request.restoreHooks!.forEach((h, i) => {
    if (typeof h?.name !== "string" || h.name === "") fail(`restoreHooks[${i}].name`, "it is empty", "name the hook's custom resource");
    const problem = typeof h.namespace === "string" ? namespaceCheck(h.namespace) : "it is empty";
    if (problem) fail(`restoreHooks[${i}].namespace`, problem, "give the hook's namespace");
  });
}

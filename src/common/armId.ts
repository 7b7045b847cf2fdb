import { InputValidationError } from "../errors.js";
import { printable, segmentProblem } from "./referenceSegments.js";

/** A parsed ARM resource id. */
export interface ArmResourceId {
  /** The id as given (trailing slash removed). */
  readonly id: string;
  /** The subscription GUID. */
  readonly subscriptionId: string;
  /** Undefined for subscription-level ids. */
  readonly resourceGroupName: string | undefined;
  /**
   * Full type of the resource the id names, e.g. "Microsoft.ContainerService/managedClusters",
   * "Microsoft.DataProtection/backupVaults/backupPolicies", "Microsoft.Resources/resourceGroups".
   * For an extension resource, the type after the last `providers` segment.
   */
  readonly resourceType: string;
  /** Namespace of `resourceType`, e.g. "Microsoft.ContainerService". */
  readonly namespace: string;
  /** The last name in the id. */
  readonly name: string;
  /** Type/name pairs after the last `providers/{namespace}`, outermost first. */
  readonly typeNames: ReadonlyArray<{
    /** A resource type segment, e.g. "backupVaults". */
    type: string;
    /** The name after it. */
    name: string;
  }>;
  /** The id of the parent resource for nested or extension resources; undefined at the top level. */
  readonly parentId: string | undefined;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const exampleId = "/subscriptions/<subscription-guid>/resourceGroups/<group>/providers/<Namespace>/<type>/<name>";

/** Whether `value` is a GUID (8-4-4-4-12 hex digits). */
export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

function invalid(parameter: string, id: string, problem: string, fix = `pass a full ARM id like ${exampleId}`): InputValidationError {
  return new InputValidationError(parameter, `'${printable(id)}' is not a valid ARM resource id: ${problem}`, fix);
}

/**
 * Parses an ARM id and, when `expectedType` is given, checks its resource type
 * (case-insensitively). Throws {@link InputValidationError} naming `parameter`. Every segment
 * is checked as a path segment: `.`/`..`/empty (raw or percent-encoded), `%`, `?`, `#`,
 * slashes, control characters and whitespace are refused, so no id can address another
 * resource than the one it names. The generic core of the typed `parse*Id` functions of
 * `references.ts` (which add each type's naming rules): callers use those.
 */
export function parseArmId(id: unknown, parameter: string, expectedType?: string | readonly string[]): ArmResourceId {
  if (typeof id !== "string" || id.trim() === "") {
    throw new InputValidationError(parameter, typeof id === "string" || id === undefined || id === null ? "it is empty" : `it is a ${typeof id}, not an id string`, `pass a full ARM id like ${exampleId}`);
  }
  if (id !== id.trim()) throw invalid(parameter, id, "it has leading or trailing whitespace or control characters", "remove them (ids copied from a terminal often end in a newline)");
  const trimmed = id.replace(/\/+$/, "");
  if (!trimmed.startsWith("/")) throw invalid(parameter, id, "it must start with '/subscriptions/'");
  const parts = trimmed.slice(1).split("/");
  if (parts.some((p) => p === "")) throw invalid(parameter, id, "it has an empty segment ('//')");
  for (const part of parts) {
    const problem = segmentProblem(part);
    if (problem !== undefined) throw invalid(parameter, id, problem);
  }
  if (parts[0]?.toLowerCase() !== "subscriptions" || parts.length < 2) throw invalid(parameter, id, "it must start with '/subscriptions/'");
  const subscriptionId = parts[1]!;
  if (!isGuid(subscriptionId)) throw invalid(parameter, id, `the subscription '${subscriptionId}' is not a GUID`);

  let i = 2;
  let resourceGroupName: string | undefined;
  if (parts[i]?.toLowerCase() === "resourcegroups") {
    resourceGroupName = parts[i + 1];
    if (resourceGroupName === undefined) throw invalid(parameter, id, "the resource group name is missing");
    i += 2;
  }
  let namespace = "Microsoft.Resources";
  let typeNames: Array<{ type: string; name: string }> =
    resourceGroupName === undefined
      ? [{ type: "subscriptions", name: subscriptionId }]
      : [{ type: "resourceGroups", name: resourceGroupName }];
  while (i < parts.length) {
    if (parts[i]?.toLowerCase() !== "providers") throw invalid(parameter, id, `expected 'providers' at segment ${i + 1}, found '${parts[i]}'`);
    const ns = parts[i + 1];
    if (ns === undefined || !/^[A-Za-z][\w.]*\.[\w.]+$/.test(ns)) throw invalid(parameter, id, `'${ns ?? ""}' is not a resource provider namespace`);
    i += 2;
    const pairs: Array<{ type: string; name: string }> = [];
    while (i < parts.length && parts[i]?.toLowerCase() !== "providers") {
      const type = parts[i]!;
      const name = parts[i + 1];
      if (name === undefined) throw invalid(parameter, id, `the name after '${type}' is missing`);
      pairs.push({ type, name });
      i += 2;
    }
    if (pairs.length === 0) throw invalid(parameter, id, `no resource type after 'providers/${ns}'`);
    namespace = ns;
    typeNames = pairs;
  }
  // The parent: drop the last type/name, and a `providers/{namespace}` left dangling after it.
  let parentParts = parts.slice(0, -2);
  if (parentParts[parentParts.length - 2]?.toLowerCase() === "providers") parentParts = parentParts.slice(0, -2);
  const parentId = parentParts.length >= 2 ? "/" + parentParts.join("/") : undefined;
  const resourceType =
    namespace === "Microsoft.Resources" && typeNames[0]?.type === "subscriptions"
      ? "Microsoft.Resources/subscriptions"
      : `${namespace}/${typeNames.map((t) => t.type).join("/")}`;
  const parsed: ArmResourceId = {
    id: trimmed,
    subscriptionId,
    resourceGroupName,
    resourceType,
    namespace,
    name: typeNames[typeNames.length - 1]!.name,
    typeNames,
    parentId,
  };
  if (expectedType !== undefined) {
    const expected = typeof expectedType === "string" ? [expectedType] : expectedType;
    if (!expected.some((t) => t.toLowerCase() === resourceType.toLowerCase())) {
      throw new InputValidationError(
        parameter,
        `'${trimmed}' is a ${resourceType} id, but a ${expected.join(" or ")} id is expected`,
        `pass the id of a ${expected[0]!}`,
      );
    }
  }
  return parsed;
}

/** ARM resource types this library works with. */
export const resourceTypes = {
  /** AKS cluster. */
  managedCluster: "Microsoft.ContainerService/managedClusters",
  /** Storage account. */
  storageAccount: "Microsoft.Storage/storageAccounts",
  /** Resource group. */
  resourceGroup: "Microsoft.Resources/resourceGroups",
  /** Backup vault. */
  backupVault: "Microsoft.DataProtection/backupVaults",
  /** Backup policy in a vault. */
  backupPolicy: "Microsoft.DataProtection/backupVaults/backupPolicies",
  /** Backup instance in a vault. */
  backupInstance: "Microsoft.DataProtection/backupVaults/backupInstances",
  /** Backup or restore job in a vault. */
  backupJob: "Microsoft.DataProtection/backupVaults/backupJobs",
  /** Cluster extension. */
  extension: "Microsoft.KubernetesConfiguration/extensions",
  /** Role assignment. */
  roleAssignment: "Microsoft.Authorization/roleAssignments",
  /** Trusted Access role binding on a cluster. */
  trustedAccessRoleBinding: "Microsoft.ContainerService/managedClusters/trustedAccessRoleBindings",
} as const;

/**
 * The parent of an id Azure returned (a response, not caller input): the id without its last
 * type/name pair, and without a `providers/{namespace}` left dangling. Never throws; "" when
 * there is no parent. Caller input goes through the typed `parse*` functions instead.
 */
export function parentIdOf(id: string): string {
  const parts = id.replace(/\/+$/, "").split("/");
  let parent = parts.slice(0, -2);
  if (parent[parent.length - 2]?.toLowerCase() === "providers") parent = parent.slice(0, -2);
  return parent.length > 1 ? parent.join("/") : "";
}

/** A region name as ARM compares it: "West Europe" and "westeurope" are the same region. */
export function normalizeLocation(location: string | undefined): string {
  return (location ?? "").replace(/\s+/g, "").toLowerCase();
}

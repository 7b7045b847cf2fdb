import { InputValidationError } from "../errors.js";
import { parseArmId, resourceTypes, type ArmResourceId } from "./armId.js";
import { checkName, type NameKind } from "./referenceNames.js";
import { encodePath } from "./referenceSegments.js";
import type {
  BackupInstanceRef,
  BackupPolicyRef,
  BackupVaultRef,
  BlobContainerName,
  ClusterRef,
  ExtensionRef,
  JobRef,
  RecoveryPointRef,
  ResourceGroupRef,
  ResourceRef,
  RoleAssignmentRef,
  RoleAssignmentScopeRef,
  ScopeLevel,
  StorageAccountRef,
  SubscriptionRef,
  TrustedAccessBindingRef,
  UserAssignedIdentityRef,
} from "./referenceTypes.js";

export type * from "./referenceTypes.js";

/** References made here; only these are taken as already checked. */
const issued = new WeakSet<object>();

function issue<R extends ResourceRef>(fields: Omit<R, "path">, parameter: string): R {
  const ref = Object.freeze({ ...fields, path: encodePath(fields.id.slice(1).split("/"), parameter) }) as R;
  issued.add(ref);
  remember(ref);
  return ref;
}

/** Ids parsed lately, by kind and id string: a string checked at the boundary is not parsed again below it. */
const recent = new Map<string, ResourceRef>();
const recentLimit = 2000;

function remember(ref: ResourceRef): void {
  if (recent.size >= recentLimit) recent.delete(recent.keys().next().value!);
  recent.set(`${ref.kind}|${ref.id}`, ref);
}

/**
 * The reference itself when `value` is one this module made of `kind`, or the reference made
 * earlier from the same id string; otherwise undefined.
 */
function reuse<R extends ResourceRef>(value: unknown, kind: ResourceRef["kind"]): R | undefined {
  if (typeof value === "string") return recent.get(`${kind}|${value}`) as R | undefined;
  return typeof value === "object" && value !== null && issued.has(value) && (value as ResourceRef).kind === kind ? (value as R) : undefined;
}

/** An id string: the value, or the `id` of a reference-like object (e.g. one that was serialised). */
function idOf(value: unknown): unknown {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string" ? (value as { id: string }).id : value;
}

/** Whether `value` is a reference made by this module (of `kind`, when given). */
export function isReference(value: unknown, kind?: ResourceRef["kind"]): value is ResourceRef {
  return typeof value === "object" && value !== null && issued.has(value) && (kind === undefined || (value as ResourceRef).kind === kind);
}

function requireGroup(id: ArmResourceId, parameter: string): string {
  if (id.resourceGroupName === undefined) throw new InputValidationError(parameter, `'${id.id}' names no resource group`, "pass the full id, with /resourceGroups/{name}/");
  checkName("resourceGroup", id.resourceGroupName, parameter);
  return id.resourceGroupName;
}

/** Parses a top-level resource in a resource group: type, group and the resource's naming rule. */
function parseGrouped<K extends "cluster" | "storageAccount" | "userAssignedIdentity" | "backupVault">(value: unknown, parameter: string, kind: K, type: string, rule: NameKind): Extract<ResourceRef, { kind: K }> {
  const existing = reuse<Extract<ResourceRef, { kind: K }>>(value, kind);
  if (existing) return existing;
  const id = parseArmId(idOf(value), parameter, type);
  const resourceGroupName = requireGroup(id, parameter);
  checkName(rule, id.name, parameter);
  return issue({ ...id, kind, resourceGroupName } as Omit<Extract<ResourceRef, { kind: K }>, "path">, parameter);
}

/** Parses a subscription: a GUID or `/subscriptions/{guid}`. */
export function parseSubscriptionId(value: unknown, parameter: string): SubscriptionRef {
  const existing = reuse<SubscriptionRef>(value, "subscription");
  if (existing) return existing;
  const raw = idOf(value);
  const text = typeof raw === "string" && !raw.startsWith("/") ? `/subscriptions/${checkName("subscription", raw, parameter)}` : raw;
  const id = parseArmId(text, parameter, "Microsoft.Resources/subscriptions");
  return issue<SubscriptionRef>({ ...id, kind: "subscription" }, parameter);
}

/** Parses a resource group id (`/subscriptions/{guid}/resourceGroups/{name}`). */
export function parseResourceGroupId(value: unknown, parameter: string): ResourceGroupRef {
  const existing = reuse<ResourceGroupRef>(value, "resourceGroup");
  if (existing) return existing;
  const id = parseArmId(idOf(value), parameter, resourceTypes.resourceGroup);
  return issue<ResourceGroupRef>({ ...id, kind: "resourceGroup", resourceGroupName: requireGroup(id, parameter) }, parameter);
}

/** Parses an AKS cluster id. */
export function parseClusterId(value: unknown, parameter: string): ClusterRef {
  return parseGrouped(value, parameter, "cluster", resourceTypes.managedCluster, "cluster");
}

/** Parses a storage account id. */
export function parseStorageAccountId(value: unknown, parameter: string): StorageAccountRef {
  return parseGrouped(value, parameter, "storageAccount", resourceTypes.storageAccount, "storageAccount");
}

/** Parses a user-assigned managed identity id. */
export function parseUserAssignedIdentityId(value: unknown, parameter: string): UserAssignedIdentityRef {
  return parseGrouped(value, parameter, "userAssignedIdentity", "Microsoft.ManagedIdentity/userAssignedIdentities", "userAssignedIdentity");
}

/** Parses a backup vault id. */
export function parseBackupVaultId(value: unknown, parameter: string): BackupVaultRef {
  return parseGrouped(value, parameter, "backupVault", resourceTypes.backupVault, "backupVault");
}

/** Checks a blob container name (3-63 lowercase letters, digits and single hyphens). */
export function parseBlobContainerName(value: unknown, parameter: string): BlobContainerName {
  return checkName("blobContainer", value, parameter) as BlobContainerName;
}

/** Parses a child of a vault (policy, instance, job): the vault, then the child's name. */
function parseVaultChild<K extends "backupPolicy" | "backupInstance" | "job">(value: unknown, parameter: string, kind: K, type: string, rule: NameKind): Extract<ResourceRef, { kind: K }> {
  const existing = reuse<Extract<ResourceRef, { kind: K }>>(value, kind);
  if (existing) return existing;
  const id = parseArmId(idOf(value), parameter, type);
  const vault = parseBackupVaultId(id.parentId, parameter);
  checkName(rule, id.name, parameter);
  return issue({ ...id, kind, resourceGroupName: vault.resourceGroupName, vault } as unknown as Omit<Extract<ResourceRef, { kind: K }>, "path">, parameter);
}

/** Parses a backup policy id (`{vault}/backupPolicies/{name}`). */
export function parseBackupPolicyId(value: unknown, parameter: string): BackupPolicyRef {
  return parseVaultChild(value, parameter, "backupPolicy", resourceTypes.backupPolicy, "backupPolicy");
}

/** Parses a backup instance id (`{vault}/backupInstances/{name}`). */
export function parseBackupInstanceId(value: unknown, parameter: string): BackupInstanceRef {
  return parseVaultChild(value, parameter, "backupInstance", resourceTypes.backupInstance, "backupInstance");
}

/** Parses a job id (`{vault}/backupJobs/{guid}`). */
export function parseJobId(value: unknown, parameter: string): JobRef {
  return parseVaultChild(value, parameter, "job", resourceTypes.backupJob, "job");
}

/** Parses a recovery point id (`{backupInstance}/recoveryPoints/{name}`). */
export function parseRecoveryPointId(value: unknown, parameter: string): RecoveryPointRef {
  const existing = reuse<RecoveryPointRef>(value, "recoveryPoint");
  if (existing) return existing;
  const id = parseArmId(idOf(value), parameter, `${resourceTypes.backupInstance}/recoveryPoints`);
  const backupInstance = parseBackupInstanceId(id.parentId, parameter);
  checkName("recoveryPoint", id.name, parameter);
  return issue<RecoveryPointRef>({ ...id, kind: "recoveryPoint", resourceGroupName: backupInstance.resourceGroupName, backupInstance }, parameter);
}

/** Parses a cluster extension id (`{cluster}/providers/Microsoft.KubernetesConfiguration/extensions/{name}`). */
export function parseExtensionId(value: unknown, parameter: string): ExtensionRef {
  const existing = reuse<ExtensionRef>(value, "extension");
  if (existing) return existing;
  const id = parseArmId(idOf(value), parameter, resourceTypes.extension);
  const cluster = parseClusterId(id.parentId, parameter);
  checkName("extension", id.name, parameter);
  return issue<ExtensionRef>({ ...id, kind: "extension", resourceGroupName: cluster.resourceGroupName, cluster }, parameter);
}

/** Parses a Trusted Access role binding id (`{cluster}/trustedAccessRoleBindings/{name}`). */
export function parseTrustedAccessBindingId(value: unknown, parameter: string): TrustedAccessBindingRef {
  const existing = reuse<TrustedAccessBindingRef>(value, "trustedAccessBinding");
  if (existing) return existing;
  const id = parseArmId(idOf(value), parameter, resourceTypes.trustedAccessRoleBinding);
  const cluster = parseClusterId(id.parentId, parameter);
  checkName("trustedAccessBinding", id.name, parameter);
  return issue<TrustedAccessBindingRef>({ ...id, kind: "trustedAccessBinding", resourceGroupName: cluster.resourceGroupName, cluster }, parameter);
}

/** Options of {@link parseRoleAssignmentScope}. */
export interface ScopeOptions {
  /**
   * Accept a whole subscription as the scope. Default false: a subscription-wide role is
   * refused unless the caller asks for it by name.
   */
  allowSubscriptionScope?: boolean;
}

function scopeLevel(id: ArmResourceId): ScopeLevel {
  if (id.resourceType.toLowerCase() === "microsoft.resources/subscriptions") return "subscription";
  if (id.resourceType.toLowerCase() === resourceTypes.resourceGroup.toLowerCase()) return "resourceGroup";
  return "resource";
}

/**
 * Parses a role-assignment scope: a resource group or a resource id, or (only with
 * `allowSubscriptionScope`) a subscription. The scope is exactly the id given: traversal and
 * encoded segments are refused, so it can never widen.
 */
export function parseRoleAssignmentScope(value: unknown, parameter: string, options: ScopeOptions = {}): RoleAssignmentScopeRef {
  const ref = reuse<RoleAssignmentScopeRef>(value, "scope") ?? parseNewScope(value, parameter);
  if (ref.level === "subscription" && options.allowSubscriptionScope !== true) {
    throw new InputValidationError(parameter, `'${ref.id}' is a whole subscription; a subscription-wide role assignment is refused by default`, "name a resource group or resource, or pass allowSubscriptionScope: true if a subscription-wide role is really meant");
  }
  return ref;
}

function parseNewScope(value: unknown, parameter: string): RoleAssignmentScopeRef {
  const id = parseArmId(idOf(value), parameter);
  const level = scopeLevel(id);
  if (level !== "subscription") requireGroup(id, parameter);
  return issue<RoleAssignmentScopeRef>({ ...id, kind: "scope", level }, parameter);
}

/** Parses a role assignment id (`{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}`), at any scope. */
export function parseRoleAssignmentId(value: unknown, parameter: string): RoleAssignmentRef {
  const existing = reuse<RoleAssignmentRef>(value, "roleAssignment");
  if (existing) return existing;
  const id = parseArmId(idOf(value), parameter, resourceTypes.roleAssignment);
  const scope = parseRoleAssignmentScope(id.parentId, parameter, { allowSubscriptionScope: true });
  checkName("roleAssignment", id.name, parameter);
  return issue<RoleAssignmentRef>({ ...id, kind: "roleAssignment", scope }, parameter);
}

/** The policy `name` in `vault`, checked against the policy naming rule. */
export function backupPolicyIn(vault: BackupVaultRef, name: unknown, parameter: string): BackupPolicyRef {
  return parseBackupPolicyId(`${vault.id}/backupPolicies/${checkName("backupPolicy", name, parameter)}`, parameter);
}

/** The backup instance `name` in `vault`, checked against the instance naming rule. */
export function backupInstanceIn(vault: BackupVaultRef, name: unknown, parameter: string): BackupInstanceRef {
  return parseBackupInstanceId(`${vault.id}/backupInstances/${checkName("backupInstance", name, parameter)}`, parameter);
}

/** The job `name` (a GUID) in `vault`. */
export function jobIn(vault: BackupVaultRef, name: unknown, parameter: string): JobRef {
  return parseJobId(`${vault.id}/backupJobs/${checkName("job", name, parameter)}`, parameter);
}

/** The recovery point `name` of `backupInstance`. */
export function recoveryPointOf(backupInstance: BackupInstanceRef, name: unknown, parameter: string): RecoveryPointRef {
  return parseRecoveryPointId(`${backupInstance.id}/recoveryPoints/${checkName("recoveryPoint", name, parameter)}`, parameter);
}

/** The extension `name` on `cluster`. */
export function extensionOn(cluster: ClusterRef, name: unknown, parameter: string): ExtensionRef {
  return parseExtensionId(`${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/${checkName("extension", name, parameter)}`, parameter);
}

/** The Trusted Access role binding `name` on `cluster`. */
export function trustedAccessBindingOn(cluster: ClusterRef, name: unknown, parameter: string): TrustedAccessBindingRef {
  return parseTrustedAccessBindingId(`${cluster.id}/trustedAccessRoleBindings/${checkName("trustedAccessBinding", name, parameter)}`, parameter);
}

/** The role assignment `name` (a GUID) at `scope`. */
export function roleAssignmentAt(scope: RoleAssignmentScopeRef, name: unknown, parameter: string): RoleAssignmentRef {
  return parseRoleAssignmentId(`${scope.id}/providers/Microsoft.Authorization/roleAssignments/${checkName("roleAssignment", name, parameter)}`, parameter);
}

export { checkName, nameRules, type NameKind, type NameRule } from "./referenceNames.js";
export { encodePath, encodeSegment, segmentProblem } from "./referenceSegments.js";

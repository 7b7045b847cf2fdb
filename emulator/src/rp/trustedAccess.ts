import { ArmError, resourceNotFound } from "../http/armError.js";
import { pageOf } from "../http/paging.js";
import type { ArmResponse, Route, RouteContext } from "../http/router.js";
import type { ClusterRecord, TrustedAccessBindingRecord } from "../state/records.js";
import type { EmulatorState } from "../state/state.js";
import { aksLroHeaders, isLroApiVersion, startAksOperation } from "./aksOperations.js";
import { apiVersions } from "./apiVersions.js";
import { managedClusterTemplate } from "./containerService.js";
import { requireLocation } from "./resources.js";

const ns = "Microsoft.ContainerService";
const bindingNamePattern = /^[A-Za-z0-9-]{1,24}$/;
const armIdPattern = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/([^/]+\/[^/]+)\/[^/]+$/i;

/** A Trusted Access role as `locations/{loc}/trustedAccessRoles` lists it. */
interface TrustedAccessRoleEntry {
  sourceResourceType: string;
  name: string;
  rules: Array<{ verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[]; nonResourceURLs: string[] }>;
}

function rule(apiGroups: string[], resources: string[], verbs: string[]): TrustedAccessRoleEntry["rules"][number] {
  return { verbs, apiGroups, resources, resourceNames: [], nonResourceURLs: [] };
}

/**
 * The Trusted Access roles of every region.
 * The `backup-operator` rules follow the live role as issue 11 reports it: the
 * `clusterbackup.dataprotection.microsoft.com` resources `backups`, `validateforbackups`,
 * `restores`, `validateforrestores`, `deletebackups` (verbs including patch), plus `configmaps`.
 * Guess: the exact verb lists and the split into rules are not in any stored recording.
 * The Microsoft.Compute test roles are the ones the recording `test_aks_trustedaccess_rolebinding`
 * binds; their rules are guesses too.
 */
const trustedAccessRoles: readonly TrustedAccessRoleEntry[] = [
  {
    sourceResourceType: "Microsoft.DataProtection/backupVaults",
    name: "backup-operator",
    rules: [
      rule(["clusterbackup.dataprotection.microsoft.com"], ["backups", "validateforbackups", "restores", "validateforrestores", "deletebackups"],
        ["get", "list", "watch", "create", "update", "patch", "delete"]),
      rule([""], ["configmaps"], ["get", "list", "watch", "create", "update", "patch"]),
    ],
  },
  { sourceResourceType: "Microsoft.MachineLearningServices/workspaces", name: "mlworkload", rules: [rule(["*"], ["*"], ["*"])] },
  { sourceResourceType: "Microsoft.Compute/virtualMachineScaleSets", name: "test-node-reader", rules: [rule([""], ["nodes"], ["get", "list"])] },
  { sourceResourceType: "Microsoft.Compute/virtualMachineScaleSets", name: "test-admin", rules: [rule(["*"], ["*"], ["*"])] },
];

/** The roles available in a region (all of them, minus the ones a test withdrew). */
function rolesIn(state: EmulatorState, location: string): TrustedAccessRoleEntry[] {
  return trustedAccessRoles.filter((r) => !state.withdrawnTrustedAccessRoles.has(`${location}|${r.sourceResourceType}/${r.name}`.toLowerCase()));
}

function requireManagedCluster(state: EmulatorState, ctx: RouteContext): ClusterRecord {
  const { subscriptionId, resourceGroupName, resourceName } = ctx.params;
  const c = state.clusters.get(`/subscriptions/${subscriptionId!}/resourceGroups/${resourceGroupName!}/providers/Microsoft.ContainerService/managedClusters/${resourceName!}`);
  if (!c) throw resourceNotFound("Microsoft.ContainerService/managedClusters", resourceName!, resourceGroupName);
  return c;
}

/**
 * ARM body of a binding, with the recorded key set (no `systemData`); the SDK needs
 * `properties.roles` and `provisioningState`.
 */
function bindingBody(b: TrustedAccessBindingRecord): Record<string, unknown> {
  return {
    id: b.id,
    name: b.name,
    type: "Microsoft.ContainerService/managedClusters/trustedAccessRoleBindings",
    properties: { provisioningState: b.provisioningState, sourceResourceId: b.sourceResourceId, roles: b.roles },
  };
}

/** 404 as recorded: a bare `{code, message, subcode}` without the `error` wrapper. */
function bindingNotFound(ctx: RouteContext): ArmError {
  const { subscriptionId, resourceGroupName, resourceName, bindingName } = ctx.params;
  const message = `Could not find the trusted access role binding ${bindingName!} in subscription: ${subscriptionId!}, resourceGroup: ${resourceGroupName!}, clusterName: ${resourceName!}.`;
  return new ArmError(404, "NotFound", message, {}, {}, { code: "NotFound", message, subcode: "GetTrustedAccessRoleBinding_NotFound" });
}

/** 400 in the bare AKS shape. Guess: AKS answers its 400s like its recorded 404. */
function aksBadRequest(message: string, subcode: string): ArmError {
  return new ArmError(400, "InvalidParameter", message, {}, {}, { code: "InvalidParameter", message, subcode });
}

function readBinding(state: EmulatorState, cluster: ClusterRecord, body: unknown): { sourceResourceId: string; roles: string[] } {
  const props = (body as { properties?: { sourceResourceId?: unknown; roles?: unknown } } | undefined)?.properties;
  const source = props?.sourceResourceId;
  const typeMatch = typeof source === "string" ? armIdPattern.exec(source) : null;
  if (typeof source !== "string" || !typeMatch) {
    throw aksBadRequest("The value of parameter properties.sourceResourceId is invalid. Error details: it must be an ARM resource id.", "InvalidSourceResourceId");
  }
  const roles = props?.roles;
  if (!Array.isArray(roles) || roles.length === 0 || roles.some((r) => typeof r !== "string")) {
    throw aksBadRequest("The value of parameter properties.roles is invalid. Error details: at least one role is required.", "InvalidRoles");
  }
  const available = rolesIn(state, cluster.location).map((r) => `${r.sourceResourceType}/${r.name}`.toLowerCase());
  for (const role of roles as string[]) {
    const known = available.includes(role.toLowerCase());
    const ofSource = role.toLowerCase().startsWith(`${typeMatch[1]!.toLowerCase()}/`);
    if (!known || !ofSource) {
      // Guess: wording of an unknown role, or a role of another source type.
      throw aksBadRequest(`The trusted access role '${role}' is not supported for source resource type '${typeMatch[1]!}' in location '${cluster.location}'.`, "InvalidTrustedAccessRole");
    }
  }
  return { sourceResourceId: source, roles: roles as string[] };
}

/**
 * PUT. At the recorded 2022-11-02-preview: 200 `Updating` with no LRO headers (the SDK then polls
 * the binding). At LRO api-versions (issue 11, 2025-08-01): 201 `Updating` for a new binding with a
 * regional `Azure-AsyncOperation` monitor that reports `InProgress` until the binding is applied.
 * Guess: an update at those versions answers 200 with the same header.
 */
function putBinding(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const cluster = requireManagedCluster(state, ctx);
  const name = ctx.params["bindingName"]!;
  if (!bindingNamePattern.test(name)) {
    throw aksBadRequest("The value of parameter name is invalid. Error details: length cannot exceed 24 and can only contain letters, numbers, or dashes.", "InvalidTrustedAccessRoleBindingName");
  }
  const { sourceResourceId, roles } = readBinding(state, cluster, ctx.body);
  const id = `${cluster.id}/trustedAccessRoleBindings/${name}`;
  const existing = state.trustedAccessBindings.get(id);
  if (existing && existing.sourceResourceId.toLowerCase() !== sourceResourceId.toLowerCase()) {
    // Guess: AKS does not let a binding change its source.
    throw aksBadRequest("The value of parameter properties.sourceResourceId is invalid. Error details: the source resource of a binding cannot change.", "SourceResourceIdImmutable");
  }
  if (existing?.provisioningState === "Deleting") {
    // Guess: AKS refuses to write a binding that is being deleted; wording not recorded.
    throw new ArmError(409, "OperationNotAllowed", `The trusted access role binding ${name} is being deleted.`, {}, {},
      { code: "OperationNotAllowed", message: `The trusted access role binding ${name} is being deleted.`, subcode: "TrustedAccessRoleBindingDeleting" });
  }
  const record = state.trustedAccessBindings.set({
    id, name, clusterId: cluster.id, sourceResourceId, roles, provisioningState: "Updating", createdAt: existing?.createdAt ?? state.clock.now(),
  });
  const apply = (): void => {
    if (state.trustedAccessBindings.get(id) === record && record.provisioningState === "Updating") record.provisioningState = "Succeeded";
  };
  if (!isLroApiVersion(ctx.apiVersion)) {
    state.scheduler.after(state.options.durations.trustedAccessBindingApply, apply);
    return { status: 200, body: bindingBody(record) };
  }
  const op = startAksOperation(state, cluster.subscriptionId, cluster.location, state.options.durations.trustedAccessBindingApply, apply);
  return { status: existing ? 200 : 201, body: bindingBody(record), headers: aksLroHeaders(ctx, cluster.subscriptionId, cluster.location, op, false) };
}

/**
 * DELETE. At the recorded 2022-11-02-preview: 200 with an empty body, the binding gone at once.
 * At LRO api-versions (issue 11): 202 with `Location` (`operationresults`) and
 * `Azure-AsyncOperation`; the binding is `Deleting` until the operation ends.
 * Guess: 204 when the binding does not exist.
 */
function deleteBinding(state: EmulatorState, ctx: RouteContext, b: TrustedAccessBindingRecord | undefined): ArmResponse {
  if (!b) return { status: 204 };
  if (!isLroApiVersion(ctx.apiVersion)) {
    state.trustedAccessBindings.delete(b.id);
    return { status: 200 };
  }
  const cluster = requireManagedCluster(state, ctx);
  b.provisioningState = "Deleting";
  const op = startAksOperation(state, cluster.subscriptionId, cluster.location, state.options.durations.trustedAccessBindingDelete, () => {
    if (state.trustedAccessBindings.get(b.id) === b) state.trustedAccessBindings.delete(b.id);
  });
  return { status: 202, headers: aksLroHeaders(ctx, cluster.subscriptionId, cluster.location, op, true) };
}

/** Routes of managedClusters/trustedAccessRoleBindings and locations/{loc}/trustedAccessRoles. */
export function trustedAccessRoutes(state: EmulatorState): Route[] {
  const base = { apiVersions: apiVersions.containerService, namespace: ns } as const;
  const list = `${managedClusterTemplate}/trustedAccessRoleBindings`;
  const one = `${list}/{bindingName}`;
  const lookup = (ctx: RouteContext): TrustedAccessBindingRecord | undefined =>
    state.trustedAccessBindings.get(`${requireManagedCluster(state, ctx).id}/trustedAccessRoleBindings/${ctx.params["bindingName"]!}`);
  return [
    {
      ...base, method: "GET", template: list,
      handler: (ctx) => {
        const cluster = requireManagedCluster(state, ctx);
        const items = state.trustedAccessBindings.under(`${cluster.id}/trustedAccessRoleBindings`).map(bindingBody);
        return { status: 200, body: pageOf(ctx, items, state.options.pageSize) };
      },
    },
    {
      ...base, method: "GET", template: one,
      handler: (ctx) => {
        const b = lookup(ctx);
        if (!b) throw bindingNotFound(ctx);
        return { status: 200, body: bindingBody(b) };
      },
    },
    { ...base, method: "PUT", template: one, handler: (ctx) => putBinding(state, ctx) },
    { ...base, method: "DELETE", template: one, handler: (ctx) => deleteBinding(state, ctx, lookup(ctx)) },
    {
      ...base, method: "GET", template: "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{location}/trustedAccessRoles",
      handler: (ctx) => {
        const location = requireLocation(ctx.params["location"]);
        return { status: 200, body: pageOf(ctx, rolesIn(state, location), state.options.pageSize) };
      },
    },
  ];
}

import { ArmError, badRequest } from "../http/armError.js";
import { pageOf } from "../http/paging.js";
import type { Route, RouteContext } from "../http/router.js";
import { catalogEntry, knownLocations, providerCatalog, type ProviderCatalogEntry } from "../state/providers.js";
import { resourceGroupId, type EmulatorState } from "../state/state.js";
import type { ResourceGroupRecord } from "../state/records.js";
import { apiVersions } from "./apiVersions.js";

const ns = "Microsoft.Resources";
const versions = apiVersions.resources;

function providerBody(state: EmulatorState, subscriptionId: string, entry: ProviderCatalogEntry): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}/providers/${entry.namespace}`,
    namespace: entry.namespace,
    // Guess: providers whose first-party authorizations are not recorded leave the field out.
    ...(entry.authorizations ? { authorizations: entry.authorizations } : {}),
    registrationState: state.providers.get(subscriptionId, entry.namespace),
    registrationPolicy: entry.registrationPolicy,
    resourceTypes: entry.resourceTypes,
  };
}

function requireProvider(namespace: string): ProviderCatalogEntry {
  const entry = catalogEntry(namespace);
  if (!entry) {
    // Contract: an unknown namespace is a 404 `InvalidResourceNamespace` (message text inferred).
    throw new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`);
  }
  return entry;
}

/** `Retry-After`-free 200 register: Azure answers at once with `Registering`; clients poll GET. */
function register(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const sub = ctx.params["subscriptionId"]!;
  const entry = requireProvider(ctx.params["namespace"]!);
  const current = state.providers.get(sub, entry.namespace);
  if (current === "NotRegistered" || current === "Unregistered" || current === "Unregistering") {
    state.providers.set(sub, entry.namespace, "Registering");
    state.scheduler.after(state.options.durations.providerRegistration, () => {
      if (state.providers.get(sub, entry.namespace) === "Registering") state.providers.set(sub, entry.namespace, "Registered");
    });
  }
  return { status: 200, body: providerBody(state, sub, entry) };
}

function unregister(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const sub = ctx.params["subscriptionId"]!;
  const entry = requireProvider(ctx.params["namespace"]!);
  if (entry.registrationPolicy === "RegistrationFree") {
    throw new ArmError(409, "CannotUnregisterProvider", `The namespace '${entry.namespace}' cannot be unregistered.`);
  }
  if (state.providers.get(sub, entry.namespace) === "Registered") {
    state.providers.set(sub, entry.namespace, "Unregistering");
    state.scheduler.after(state.options.durations.providerRegistration, () => {
      if (state.providers.get(sub, entry.namespace) === "Unregistering") state.providers.set(sub, entry.namespace, "NotRegistered");
    });
  }
  return { status: 200, body: providerBody(state, sub, entry) };
}

/** ARM body of a resource group. */
export function resourceGroupBody(rg: ResourceGroupRecord): Record<string, unknown> {
  return {
    id: rg.id,
    name: rg.name,
    type: "Microsoft.Resources/resourceGroups",
    location: rg.location,
    tags: rg.tags,
    properties: { provisioningState: "Succeeded" },
  };
}

/** Checks a region name as ARM does. */
export function requireLocation(location: unknown, target = "location"): string {
  if (typeof location !== "string" || location === "") throw badRequest("The 'location' property is required.", "LocationRequired", target);
  const normalised = location.replace(/\s+/g, "").toLowerCase();
  if (!knownLocations.includes(normalised)) {
    throw new ArmError(400, "LocationNotAvailableForResourceGroup", `The provided location '${location}' is not available. List of available regions is '${knownLocations.join(",")}'.`);
  }
  return normalised;
}

const rgNamePattern = /^[-\w._()]{1,90}$/;

function putResourceGroup(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const sub = ctx.params["subscriptionId"]!;
  const name = ctx.params["resourceGroupName"]!;
  if (!rgNamePattern.test(name) || name.endsWith(".")) {
    throw new ArmError(400, "InvalidResourceGroupName", `The resource group name '${name}' is invalid. It can have up to 90 letters, digits, underscores, periods, hyphens and parentheses, and cannot end in a period.`);
  }
  const body = (ctx.body ?? {}) as { location?: unknown; tags?: unknown };
  const location = requireLocation(body.location);
  const tags = (body.tags && typeof body.tags === "object" ? body.tags : {}) as Record<string, string>;
  const existing = state.resourceGroups.get(resourceGroupId(sub, name));
  if (existing) {
    if (existing.location !== location) {
      throw new ArmError(409, "InvalidResourceGroupLocation", `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`);
    }
    existing.tags = tags;
    return { status: 200, body: resourceGroupBody(existing) };
  }
  const rg = state.resourceGroups.set({ id: resourceGroupId(sub, name), name, subscriptionId: sub, location, tags });
  return { status: 201, body: resourceGroupBody(rg) };
}

/** Routes of Microsoft.Resources: subscriptions, resource groups and provider registration. */
export function resourceRoutes(state: EmulatorState): Route[] {
  const base = { apiVersions: versions, namespace: ns } as const;
  return [
    {
      ...base, method: "GET", template: "/subscriptions/{subscriptionId}",
      handler: (ctx) => {
        const sub = ctx.params["subscriptionId"]!;
        // As ARM answers (the fields and order of Az.Resources' recorded subscription GET, issue 11).
        // Guess: the policies of a pay-as-you-go subscription in the public cloud; no tags set.
        return {
          status: 200,
          body: {
            id: `/subscriptions/${sub}`, authorizationSource: "RoleBased", managedByTenants: [], tags: {}, subscriptionId: sub, tenantId: state.tenantId,
            displayName: "Emulated subscription", state: "Enabled",
            subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
          },
        };
      },
    },
    {
      ...base, method: "GET", template: "/subscriptions/{subscriptionId}/providers",
      handler: (ctx) => ({ status: 200, body: pageOf(ctx, providerCatalog.map((p) => providerBody(state, ctx.params["subscriptionId"]!, p)), state.options.pageSize) }),
    },
    {
      ...base, method: "GET", template: "/subscriptions/{subscriptionId}/providers/{namespace}",
      handler: (ctx) => ({ status: 200, body: providerBody(state, ctx.params["subscriptionId"]!, requireProvider(ctx.params["namespace"]!)) }),
    },
    { ...base, method: "POST", template: "/subscriptions/{subscriptionId}/providers/{namespace}/register", handler: (ctx) => register(state, ctx) },
    { ...base, method: "POST", template: "/subscriptions/{subscriptionId}/providers/{namespace}/unregister", handler: (ctx) => unregister(state, ctx) },
    {
      ...base, method: "GET", template: "/subscriptions/{subscriptionId}/resourcegroups",
      handler: (ctx) => {
        const items = state.resourceGroups.under(`/subscriptions/${ctx.params["subscriptionId"]!}/resourceGroups`).map(resourceGroupBody);
        return { status: 200, body: pageOf(ctx, items, state.options.pageSize) };
      },
    },
    {
      ...base, method: "GET", template: "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}",
      handler: (ctx) => ({ status: 200, body: resourceGroupBody(state.requireResourceGroup(ctx.params["subscriptionId"]!, ctx.params["resourceGroupName"]!)) }),
    },
    {
      ...base, method: "PUT", template: "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}",
      allowMissingResourceGroup: true, handler: (ctx) => putResourceGroup(state, ctx),
    },
  ];
}

import { normaliseRegion } from "../data/regions.js";
import { catalogEntry } from "../state/providers.js";
import { ArmError } from "./armError.js";
import type { Route } from "./router.js";

/**
 * The resource type a path addresses under its last provider namespace, as ARM names it in
 * errors: `.../providers/Microsoft.DataProtection/backupVaults/v/backupInstances/b` ->
 * `backupVaults/backupInstances`.
 */
export function resourceTypeOf(path: string): string {
  const segments = path.split("/").filter((s) => s.length > 0);
  let i = -1;
  for (let k = segments.length - 2; k >= 0; k--) {
    if (segments[k]!.toLowerCase() === "providers") {
      i = k;
      break;
    }
  }
  const rest = i >= 0 ? segments.slice(i + 2) : segments.slice(segments[0]?.toLowerCase() === "subscriptions" ? 2 : 0);
  const type = rest.filter((_, k) => k % 2 === 0).join("/");
  return type === "" ? "subscriptions" : type;
}

/** The api-version query parameter (ARM reads its name case-insensitively: `api-Version`). */
export function apiVersionParam(query: URLSearchParams): string | undefined {
  let apiVersion: string | undefined;
  for (const [k, v] of query) if (k.toLowerCase() === "api-version") apiVersion = v;
  return apiVersion;
}

/** Where an unsupported api-version request was aimed, for ARM's message. */
export interface ApiVersionContext {
  path: string;
  query: URLSearchParams;
  /** The location the request names or that its resource group is in; default `global`. */
  location?: string | undefined;
}

/**
 * The request's api-version, or ARM's error: 400 `MissingApiVersionParameter` without one;
 * for a version the route's service never published, 400 `InvalidApiVersionParameter` from
 * Microsoft.Resources (ARM's own types) and 400 `NoRegisteredProviderFound` from a resource
 * provider (Microsoft.Authorization included, at location `global`), whose message lists the
 * supported api-versions and locations.
 * Guess: the wording follows ARM's messages as widely quoted; the specs do not give it, and
 * which location ARM names for a GET (here the resource group's) is not recorded.
 */
export function requireApiVersion(route: Route, ctx: ApiVersionContext): string {
  const apiVersion = apiVersionParam(ctx.query);
  if (apiVersion === undefined || apiVersion === "") {
    throw new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  }
  if (route.apiVersions.includes(apiVersion)) return apiVersion;
  const ascending = [...route.apiVersions].sort();
  if (route.namespace.toLowerCase() === "microsoft.resources") {
    throw new ArmError(400, "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${[...ascending].reverse().join(",")}'. Please use the latest version from the list.`);
  }
  const authorization = route.namespace.toLowerCase() === "microsoft.authorization";
  const location = authorization ? "global" : ((ctx.location !== undefined ? normaliseRegion(ctx.location) : undefined) ?? "global");
  const locations = authorization ? [] : (catalogEntry(route.namespace)?.resourceTypes[0]?.locations ?? []);
  throw new ArmError(400, "NoRegisteredProviderFound",
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${resourceTypeOf(ctx.path)}'. ` +
      `The supported api-versions are '${ascending.join(", ")}'. The supported locations are '${locations.join(", ")}'.`);
}

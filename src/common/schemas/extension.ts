/** Schemas of the Backup Extension's requests and options. */
import { z } from "zod";
import { parseQuantity } from "../quantity.js";
import { nameOf, storageAccountId } from "./ids.js";
import { nonEmptyText, operationOptionsShape, quantity, strictObject, waitOptionsShape } from "./primitives.js";

/**
 * The Backup Extension chart's defaults, which stand in for a request or limit not given when
 * checking requests <= limits.
 */
export const chartDefaultResources = {
  requests: { cpu: "500m", memory: "256Mi" },
  limits: { cpu: "1000m", memory: "1280Mi" },
} as const;

const quantities = (cpuExample: string, memoryExample: string) =>
  strictObject({ cpu: quantity(cpuExample).optional(), memory: quantity(memoryExample).optional() });

type Quantities = { cpu?: string | undefined; memory?: string | undefined };

/**
 * Whether each request stays within its limit, a value not given being the chart's default
 * (or `current`, the extension's present setting, when given); with `useDefaults` false, a
 * value not known is not compared.
 */
export function requestAboveLimit(resources: { limits?: Quantities | undefined; requests?: Quantities | undefined }, current?: { limits: Quantities; requests: Quantities }, useDefaults = true): Array<{ resource: "cpu" | "memory"; request: string; limit: string; given: "request" | "limit" }> {
  const out: Array<{ resource: "cpu" | "memory"; request: string; limit: string; given: "request" | "limit" }> = [];
  for (const r of ["cpu", "memory"] as const) {
    const limit = resources.limits?.[r] ?? current?.limits[r] ?? (useDefaults ? chartDefaultResources.limits[r] : undefined);
    const request = resources.requests?.[r] ?? current?.requests[r] ?? (useDefaults ? chartDefaultResources.requests[r] : undefined);
    if (limit === undefined || request === undefined) continue;
    const l = parseQuantity(limit);
    const q = parseQuantity(request);
    if (l !== undefined && q !== undefined && q > l) out.push({ resource: r, request, limit, given: resources.requests?.[r] !== undefined ? "request" : "limit" });
  }
  return out;
}

/** `ExtensionResources`: CPU and memory limits and requests, requests <= limits (chart defaults count). */
export const extensionResources = strictObject({
  limits: quantities('"1" or "1000m"', '"4400Mi" or "2Gi"').optional(),
  requests: quantities('"500m"', '"256Mi" or "1Gi"').optional(),
}).superRefine((value, ctx) => {
  for (const p of requestAboveLimit(value)) {
    ctx.addIssue({
      code: "custom",
      path: [p.given === "request" ? "requests" : "limits", p.resource],
      message: p.given === "request"
        ? `the ${p.resource} request ${p.request} is above the limit ${p.limit}${value.limits?.[p.resource] === undefined ? " (the chart's default limit)" : ""}`
        : `the ${p.resource} limit ${p.limit} is below the request ${p.request}${value.requests?.[p.resource] === undefined ? " (the chart's default request)" : ""}`,
      params: { fix: `set resources.limits.${p.resource} >= resources.requests.${p.resource} (chart defaults: requests 500m/256Mi, limits 1000m/1280Mi)` },
    });
  }
});

/** Extension resources for an update: the current settings stand in for the defaults, so only shapes are checked here. */
export const extensionResourcesShape = strictObject({
  limits: quantities('"1" or "1000m"', '"4400Mi" or "2Gi"').optional(),
  requests: quantities('"500m"', '"256Mi" or "1Gi"').optional(),
});

/** `InstallExtensionParameters`. */
export const installExtensionParameters = strictObject({
  storageAccountId,
  blobContainer: nameOf("blobContainer"),
  resources: extensionResources.optional(),
  name: nameOf("extension").optional(),
  releaseTrain: nonEmptyText.optional(),
  confirm: z.string().optional(),
});

/** `UpdateExtensionParameters`. */
export const updateExtensionParameters = strictObject({
  storageAccountId: storageAccountId.optional(),
  blobContainer: nameOf("blobContainer").optional(),
  resources: extensionResourcesShape.optional(),
  confirm: z.string().optional(),
});

/** `ExtensionWaitOptions`. */
export const extensionWaitOptions = strictObject(waitOptionsShape).optional();

/** `DeleteExtensionOptions`: wait options and `confirm` (the extension's name). */
export const deleteExtensionOptions = strictObject({ ...waitOptionsShape, confirm: z.string().optional() }).optional();

/** `GetExtensionOptions`. */
export const getExtensionOptions = strictObject({ ...operationOptionsShape, name: nameOf("extension").optional() }).optional();

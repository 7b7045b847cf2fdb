import { ArmError, badRequest, resourceNotFound } from "../http/armError.js";
import { pageOf } from "../http/paging.js";
import type { Route, RouteContext } from "../http/router.js";
import type { ClusterRecord, ExtensionRecord } from "../state/records.js";
import type { EmulatorState } from "../state/state.js";
import { apiVersions } from "./apiVersions.js";
import { backupExtensionType, knownExtensionTypes, validateBackupExtensionSettings } from "./backupExtensionSettings.js";

const ns = "Microsoft.KubernetesConfiguration";
const clusterTemplate =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{clusterRp}/{clusterResourceName}/{clusterName}";
const listTemplate = `${clusterTemplate}/providers/Microsoft.KubernetesConfiguration/extensions`;
const itemTemplate = `${listTemplate}/{extensionName}`;
const extensionNamePattern = /^[a-z0-9]([-a-z0-9]{0,251}[a-z0-9])?$/;
/** The version the emulated backup extension reports once installed. */
const installedVersion = "1.6.2";

function requireCluster(state: EmulatorState, ctx: RouteContext): ClusterRecord {
  const { subscriptionId, resourceGroupName, clusterRp, clusterResourceName, clusterName } = ctx.params;
  const id = `/subscriptions/${subscriptionId!}/resourceGroups/${resourceGroupName!}/providers/${clusterRp!}/${clusterResourceName!}/${clusterName!}`;
  const c = state.clusters.get(id);
  if (!c) throw resourceNotFound(`${clusterRp!}/${clusterResourceName!}`, clusterName!, resourceGroupName);
  return c;
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw badRequest(`'${field}' must be an object of strings.`, "InvalidRequestContent", field);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") throw badRequest(`'${field}.${k}' must be a string.`, "InvalidRequestContent", `${field}.${k}`);
    out[k] = v;
  }
  return out;
}

/**
 * LRO headers of an extension write. As recorded (PUT, and Az.KubernetesConfiguration's traffic in
 * issue 11): `Azure-AsyncOperation` and `Location` (the extension), and no `Retry-After`; a DELETE
 * has `Azure-AsyncOperation` only.
 */
function asyncHeaders(ctx: RouteContext, ext: ExtensionRecord, opId: string, withLocation = true): Record<string, string> {
  return {
    // As recorded: the query key really is `api-Version`.
    "Azure-AsyncOperation": `${ctx.baseUrl}${ext.id}/operations/${opId}?api-Version=${ctx.apiVersion}`,
    ...(withLocation ? { Location: `${ctx.baseUrl}${ext.id}` } : {}),
  };
}

/** As Azure echoes protected settings: every key kept, every value blank (`{"aa": ""}`). */
function blankedSettings(settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(settings).map((k) => [k, ""]));
}

function isBackupType(t: unknown): boolean {
  return typeof t === "string" && t.toLowerCase() === backupExtensionType;
}

function validateCreate(state: EmulatorState, cluster: ClusterRecord, name: string, body: unknown): {
  properties: Record<string, unknown>;
  protectedSettings: Record<string, string>;
} {
  if (!extensionNamePattern.test(name)) {
    throw badRequest(`The extension name '${name}' is invalid: use lowercase letters, digits and hyphens, starting and ending with a letter or digit.`, "InvalidExtensionName", "name");
  }
  const props = (body as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props || typeof props !== "object") throw badRequest("The request body must have 'properties'.");
  const extensionType = props["extensionType"];
  if (typeof extensionType !== "string" || extensionType === "") throw badRequest("'properties.extensionType' is required.", "InvalidRequestContent", "properties.extensionType");
  if (!knownExtensionTypes.includes(extensionType.toLowerCase())) {
    // Guess: the code name for an unknown extension type is not documented in the specs.
    throw badRequest(`The extension type '${extensionType}' is not available. Known types: ${knownExtensionTypes.join(", ")}.`, "ExtensionTypeNotFound", "properties.extensionType");
  }
  const scope = props["scope"] as { cluster?: { releaseNamespace?: string }; namespace?: { targetNamespace?: string } } | undefined;
  if (scope && scope.cluster && scope.namespace) throw badRequest("'properties.scope' must have either 'cluster' or 'namespace', not both.", "InvalidScope", "properties.scope");
  const autoUpgrade = props["autoUpgradeMinorVersion"] ?? true;
  if (typeof autoUpgrade !== "boolean") throw badRequest("'properties.autoUpgradeMinorVersion' must be a boolean.", "InvalidRequestContent", "properties.autoUpgradeMinorVersion");
  if (props["version"] !== undefined && props["version"] !== null && autoUpgrade) {
    throw badRequest("'properties.version' can be set only when 'autoUpgradeMinorVersion' is false.", "InvalidVersion", "properties.version");
  }
  const settings = stringMap(props["configurationSettings"], "properties.configurationSettings");
  const protectedSettings = stringMap(props["configurationProtectedSettings"], "properties.configurationProtectedSettings");
  if (isBackupType(extensionType)) {
    if (scope?.namespace) throw badRequest("The Backup Extension supports only the cluster scope.", "InvalidScope", "properties.scope");
    if (cluster.kind !== "managedCluster") throw badRequest("The Backup Extension is supported on AKS managed clusters only.", "UnsupportedClusterType");
    validateBackupExtensionSettings(settings);
    const other = state.extensions.under(`${cluster.id}/providers/${ns}/extensions`)
      .find((e) => e.name !== name && isBackupType(e.body.properties["extensionType"]));
    if (other) {
      // Guess: only one instance of a cluster-scoped extension type per cluster; the code is inferred.
      throw new ArmError(409, "ExtensionTypeAlreadyInstalled", `The extension type '${extensionType}' is already installed on this cluster as '${other.name}'.`);
    }
  }
  const releaseNamespace = scope?.cluster?.releaseNamespace ?? (isBackupType(extensionType) ? "dataprotection-microsoft" : name);
  const properties: Record<string, unknown> = {
    extensionType,
    autoUpgradeMinorVersion: autoUpgrade,
    releaseTrain: typeof props["releaseTrain"] === "string" ? props["releaseTrain"] : "Stable",
    version: props["version"] ?? null,
    currentVersion: null,
    scope: scope?.namespace ? { namespace: scope.namespace } : { cluster: { releaseNamespace } },
    provisioningState: "Creating",
    configurationSettings: settings,
    configurationProtectedSettings: blankedSettings(protectedSettings),
    statuses: [],
    aksAssignedIdentity: null,
    isSystemExtension: false,
  };
  return { properties, protectedSettings };
}

function startInstall(state: EmulatorState, cluster: ClusterRecord, ext: ExtensionRecord): string {
  const op = state.operations.start(state.options.durations.extensionInstall, () => {
    const p = ext.body.properties;
    const failure = isBackupType(p["extensionType"]) ? state.extensionInstallFailures.get(cluster.id.toLowerCase()) : undefined;
    if (failure) {
      state.extensionInstallFailures.delete(cluster.id.toLowerCase());
      p["provisioningState"] = "Failed";
      p["errorInfo"] = { code: failure.code, message: failure.message };
      p["statuses"] = [{ code: "InstallationFailed", displayStatus: "Failed", level: "Error", message: failure.message, time: state.isoNow() }];
      throw new ArmError(400, failure.code, failure.message);
    }
    p["provisioningState"] = "Succeeded";
    p["currentVersion"] = p["version"] ?? installedVersion;
    if (cluster.kind === "managedCluster") {
      const principal = state.directory.create("extension", ext.id);
      p["aksAssignedIdentity"] = { principalId: principal.principalId, tenantId: principal.tenantId, type: "SystemAssigned" };
    }
  }, { runningStatus: "Creating" });
  return op.id;
}

function put(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown; headers: Record<string, string> } {
  const cluster = requireCluster(state, ctx);
  const name = ctx.params["extensionName"]!;
  const id = `${cluster.id}/providers/${ns}/extensions/${name}`;
  const existing = state.extensions.get(id);
  const { properties, protectedSettings } = validateCreate(state, cluster, name, ctx.body);
  if (existing) {
    const p = existing.body.properties;
    if (p["provisioningState"] !== "Succeeded" && p["provisioningState"] !== "Failed") {
      throw new ArmError(409, "Conflict", `The extension '${name}' is '${String(p["provisioningState"])}'; wait until that operation ends.`);
    }
    if (String(p["extensionType"]).toLowerCase() !== String(properties["extensionType"]).toLowerCase()) {
      throw badRequest("'properties.extensionType' cannot be changed; delete the extension and create it again.", "ExtensionPropertiesCannotBeUpdated", "properties.extensionType");
    }
  }
  const ext: ExtensionRecord = state.extensions.set({
    id,
    name,
    clusterId: cluster.id,
    body: { id, name, type: `${ns}/extensions`, properties, systemData: state.systemData(existing?.body.systemData["createdAt"] as string | undefined) },
    protectedSettings,
  });
  const opId = startInstall(state, cluster, ext);
  return { status: existing ? 200 : 201, body: ext.body, headers: asyncHeaders(ctx, ext, opId) };
}

function requireExtension(state: EmulatorState, ctx: RouteContext): ExtensionRecord {
  const cluster = requireCluster(state, ctx);
  const name = ctx.params["extensionName"]!;
  const ext = state.extensions.get(`${cluster.id}/providers/${ns}/extensions/${name}`);
  // Guess: the extension RP's 404 body; the spec says only that a missing extension is a 404.
  if (!ext) throw new ArmError(404, "ResourceNotFound", `The extension '${name}' was not found on cluster '${cluster.name}'.`);
  return ext;
}

const patchable = new Set(["autoUpgradeMode", "autoUpgradeMinorVersion", "releaseTrain", "version", "configurationSettings", "configurationProtectedSettings"]);

function patch(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown; headers: Record<string, string> } {
  const ext = requireExtension(state, ctx);
  const p = ext.body.properties;
  const props = (ctx.body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  for (const key of Object.keys(props)) {
    if (!patchable.has(key)) throw badRequest(`'properties.${key}' cannot be changed with PATCH.`, "ExtensionPropertiesCannotBeUpdated", `properties.${key}`);
  }
  if (p["provisioningState"] !== "Succeeded" && p["provisioningState"] !== "Failed") {
    throw new ArmError(409, "Conflict", `The extension '${ext.name}' is '${String(p["provisioningState"])}'; wait until that operation ends.`);
  }
  // PATCH merges settings; a null value removes the key.
  const merged = { ...(p["configurationSettings"] as Record<string, string>) };
  const incoming = (props["configurationSettings"] ?? {}) as Record<string, string | null>;
  for (const [k, v] of Object.entries(incoming)) {
    if (v === null) delete merged[k];
    else if (typeof v !== "string") throw badRequest(`'properties.configurationSettings.${k}' must be a string.`);
    else merged[k] = v;
  }
  if (isBackupType(p["extensionType"])) validateBackupExtensionSettings(merged);
  Object.assign(ext.protectedSettings, stringMap(props["configurationProtectedSettings"], "properties.configurationProtectedSettings"));
  p["configurationProtectedSettings"] = blankedSettings(ext.protectedSettings);
  for (const key of ["autoUpgradeMode", "autoUpgradeMinorVersion", "releaseTrain", "version"]) if (key in props) p[key] = props[key];
  p["configurationSettings"] = merged;
  const wasFailed = p["provisioningState"] === "Failed";
  p["provisioningState"] = "Updating";
  ext.body.systemData = state.systemData(ext.body.systemData["createdAt"] as string);
  const op = state.operations.start(state.options.durations.extensionUpdate, () => {
    p["provisioningState"] = "Succeeded";
    if (wasFailed) {
      delete p["errorInfo"];
      p["statuses"] = [];
      p["currentVersion"] = p["version"] ?? installedVersion;
      const cluster = state.clusters.get(ext.clusterId);
      if (cluster?.kind === "managedCluster" && !p["aksAssignedIdentity"]) {
        const principal = state.directory.create("extension", ext.id);
        p["aksAssignedIdentity"] = { principalId: principal.principalId, tenantId: principal.tenantId, type: "SystemAssigned" };
      }
    }
  }, { runningStatus: "Updating" });
  return { status: 202, body: ext.body, headers: asyncHeaders(ctx, ext, op.id) };
}

function remove(state: EmulatorState, ctx: RouteContext): { status: number; body?: unknown; headers?: Record<string, string> } {
  const cluster = requireCluster(state, ctx);
  const ext = state.extensions.get(`${cluster.id}/providers/${ns}/extensions/${ctx.params["extensionName"]!}`);
  if (!ext) return { status: 204 };
  if (ctx.query.get("forceDelete") === "true") {
    state.extensions.delete(ext.id);
    // As recorded: a forced delete answers 200 with a serialised .NET response message as body.
    return {
      status: 200,
      body: { version: "1.1", content: { headers: [] }, statusCode: 200, reasonPhrase: "OK", headers: [], trailingHeaders: [], requestMessage: null, isSuccessStatusCode: true },
    };
  }
  if (ext.body.properties["provisioningState"] === "Deleting") {
    throw new ArmError(409, "Conflict", `The extension '${ext.name}' is already being deleted.`);
  }
  ext.body.properties["provisioningState"] = "Deleting";
  const op = state.operations.start(state.options.durations.extensionDelete, () => {
    state.extensions.delete(ext.id);
  }, { runningStatus: "Deleting" });
  return { status: 202, headers: asyncHeaders(ctx, ext, op.id, false) };
}

function operationStatus(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown; headers: Record<string, string> } {
  const opId = ctx.params["operationId"]!;
  const op = state.operations.get(opId);
  if (!op) throw new ArmError(404, "ResourceNotFound", `The operation '${opId}' was not found.`);
  const id = ctx.path;
  const status = state.operations.reportedStatus(op);
  return {
    status: 200,
    body: { id, name: op.id, status, properties: {}, error: op.error ?? null },
    headers: op.status === "InProgress" ? state.retryAfterHeader(30, state.operations.remainingSeconds(op)) : {},
  };
}

/** Routes of Microsoft.KubernetesConfiguration cluster extensions (AKS and Arc clusters). */
export function extensionRoutes(state: EmulatorState): Route[] {
  const base = { apiVersions: apiVersions.kubernetesConfiguration, namespace: ns } as const;
  return [
    {
      ...base, method: "GET", template: listTemplate,
      handler: (ctx) => {
        const cluster = requireCluster(state, ctx);
        const items = state.extensions.under(`${cluster.id}/providers/${ns}/extensions`).map((e) => e.body);
        const page = pageOf(ctx, items, state.options.pageSize);
        // As recorded: the extension RP sends `"nextLink": null` on the last page.
        return { status: 200, body: { value: page.value, nextLink: page.nextLink ?? null } };
      },
    },
    { ...base, method: "GET", template: `${itemTemplate}/operations/{operationId}`, handler: (ctx) => operationStatus(state, ctx) },
    { ...base, method: "GET", template: itemTemplate, handler: (ctx) => ({ status: 200, body: requireExtension(state, ctx).body }) },
    { ...base, method: "PUT", template: itemTemplate, handler: (ctx) => put(state, ctx) },
    { ...base, method: "PATCH", template: itemTemplate, handler: (ctx) => patch(state, ctx) },
    { ...base, method: "DELETE", template: itemTemplate, handler: (ctx) => remove(state, ctx) },
  ];
}

import { ArmError, resourceNotFound } from "../http/armError.js";
import { pageOf } from "../http/paging.js";
import type { Route, RouteContext } from "../http/router.js";
import type { StorageAccountRecord } from "../state/records.js";
import type { EmulatorState } from "../state/state.js";
import { apiVersions } from "./apiVersions.js";

const accountTemplate =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}";
const containersTemplate = `${accountTemplate}/blobServices/default/containers`;

/** Blob container names: 3-63 lowercase letters, digits and single hyphens, starting with a letter or digit. */
export const blobContainerNamePattern = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

/** ARM body of a storage account. */
export function storageAccountBody(a: StorageAccountRecord): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    type: "Microsoft.Storage/storageAccounts",
    location: a.location,
    kind: "StorageV2",
    sku: { name: "Standard_LRS", tier: "Standard" },
    properties: {
      provisioningState: "Succeeded",
      primaryLocation: a.location,
      statusOfPrimary: "available",
      allowSharedKeyAccess: false,
      // Guess: accounts made since late 2023 default to false (Azure's documented default); seeds may set it.
      allowCrossTenantReplication: a.allowCrossTenantReplication ?? false,
      publicNetworkAccess: a.publicNetworkAccess ?? "Enabled",
      primaryEndpoints: { blob: `https://${a.name}.blob.core.windows.net/` },
    },
  };
}

function containerBody(a: StorageAccountRecord, name: string, createdAt: number): Record<string, unknown> {
  return {
    id: `${a.id}/blobServices/default/containers/${name}`,
    name,
    type: "Microsoft.Storage/storageAccounts/blobServices/containers",
    properties: { publicAccess: "None", leaseState: "Available", lastModifiedTime: new Date(createdAt).toISOString(), hasImmutabilityPolicy: false, hasLegalHold: false },
  };
}

/** Routes of Microsoft.Storage: storage accounts (read) and blob containers (read, create). */
export function storageRoutes(state: EmulatorState): Route[] {
  const account = (ctx: RouteContext): StorageAccountRecord => {
    const { subscriptionId, resourceGroupName, accountName } = ctx.params;
    const a = state.storageAccounts.get(`/subscriptions/${subscriptionId!}/resourceGroups/${resourceGroupName!}/providers/Microsoft.Storage/storageAccounts/${accountName!}`);
    if (!a) throw resourceNotFound("Microsoft.Storage/storageAccounts", accountName!, resourceGroupName);
    return a;
  };
  const base = { apiVersions: apiVersions.storage, namespace: "Microsoft.Storage" } as const;
  return [
    { ...base, method: "GET", template: accountTemplate, handler: (ctx) => ({ status: 200, body: storageAccountBody(account(ctx)) }) },
    {
      ...base, method: "GET", template: containersTemplate,
      handler: (ctx) => {
        const a = account(ctx);
        const items = [...a.containers.values()].map((c) => containerBody(a, c.name, c.createdAt));
        return { status: 200, body: pageOf(ctx, items, state.options.pageSize) };
      },
    },
    {
      ...base, method: "GET", template: `${containersTemplate}/{containerName}`,
      handler: (ctx) => {
        const a = account(ctx);
        const c = a.containers.get(ctx.params["containerName"]!);
        if (!c) throw new ArmError(404, "ContainerNotFound", "The specified container does not exist.");
        return { status: 200, body: containerBody(a, c.name, c.createdAt) };
      },
    },
    {
      ...base, method: "PUT", template: `${containersTemplate}/{containerName}`,
      handler: (ctx) => {
        const a = account(ctx);
        const name = ctx.params["containerName"]!;
        if (!blobContainerNamePattern.test(name)) {
          // Guess: the service's exact code for a bad container name is not in the specs we hold.
          throw new ArmError(400, "ContainerOperationFailure", `The specifed resource name '${name}' contains invalid characters. Use 3-63 lowercase letters, digits and single hyphens.`);
        }
        const existing = a.containers.get(name);
        // Guess: a PUT of an existing container answers 200 with it (the spec lists 200 and 201).
        if (existing) return { status: 200, body: containerBody(a, name, existing.createdAt) };
        const created = { name, createdAt: state.clock.now() };
        a.containers.set(name, created);
        return { status: 201, body: containerBody(a, name, created.createdAt) };
      },
    },
  ];
}

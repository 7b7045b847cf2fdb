import { findRegion } from "./data/regions.js";
import { Checker, describe, join, type Json } from "./seedChecker.js";
import {
  SeedError,
  type EmulatorWorld,
  type WorldBackupExtension,
  type WorldCluster,
  type WorldDisk,
  type WorldKubeObject,
  type WorldResource,
  type WorldResourceGroup,
  type WorldStorageAccount,
} from "./seedWorld.js";

const resourceGroupName = /^[-\w._()]{1,89}[-\w_()]$|^[-\w_()]$/;
const resourceGroupRule = "1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'";
const clusterName = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
const clusterRule = "1-63 letters, digits, '-' and '_', starting and ending with a letter or digit";
const identityName = /^[a-zA-Z0-9][-_a-zA-Z0-9]{2,127}$/;
const identityRule = "3-128 letters, digits, '-' and '_', starting with a letter or digit";
const storageName = /^[a-z0-9]{3,24}$/;
const userAssignedRef = /^[^/]+\/[^/]+$/;
const containerName = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;
const containerRule = "3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit";
const storageRef = /^[^/]+\/[a-z0-9]{3,24}$|^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/[a-z0-9]{3,24}$/i;
const kubeName = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const kubeRule = "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";

function resourceFields(c: Checker, o: Json, path: string, namePattern: RegExp, nameRule: string): WorldResource {
  const entry: WorldResource = {
    resourceGroup: c.string(o["resourceGroup"], join(path, "resourceGroup"), resourceGroupName, resourceGroupRule) ?? "",
    name: c.string(o["name"], join(path, "name"), namePattern, nameRule) ?? "",
    location: c.location(o["location"], join(path, "location")) ?? "",
  };
  const description = c.string(o["description"], join(path, "description"));
  if (description !== undefined) entry.description = description;
  return entry;
}

const resourceKeys = ["resourceGroup", "name", "location"] as const;

function resourceGroup(c: Checker, v: unknown, path: string): WorldResourceGroup | undefined {
  const o = c.object(v, path, ["name", "location"], ["description"]);
  if (!o) return undefined;
  const description = c.string(o["description"], join(path, "description"));
  return {
    name: c.string(o["name"], join(path, "name"), resourceGroupName, resourceGroupRule) ?? "",
    location: c.location(o["location"], join(path, "location")) ?? "",
    ...(description === undefined ? {} : { description }),
  };
}

function identity(c: Checker, v: unknown, path: string): WorldResource | undefined {
  const o = c.object(v, path, resourceKeys, ["description"]);
  return o && resourceFields(c, o, path, identityName, identityRule);
}

function storageAccount(c: Checker, v: unknown, path: string): WorldStorageAccount | undefined {
  const o = c.object(v, path, resourceKeys, ["description", "containers", "allowCrossTenantReplication", "publicNetworkAccess"]);
  if (!o) return undefined;
  const entry: WorldStorageAccount = resourceFields(c, o, path, storageName, "3-24 lowercase letters and digits");
  const containers = c.list(o["containers"], join(path, "containers"), (s, p) => c.string(s, p, containerName, containerRule));
  if (containers) entry.containers = containers;
  const cross = c.boolean(o["allowCrossTenantReplication"], join(path, "allowCrossTenantReplication"));
  if (cross !== undefined) entry.allowCrossTenantReplication = cross;
  const access = c.oneOf(o["publicNetworkAccess"], join(path, "publicNetworkAccess"), ["Enabled", "Disabled"] as const);
  if (access) entry.publicNetworkAccess = access;
  return entry;
}

function clusterIdentity(c: Checker, v: unknown, path: string): WorldCluster["identity"] {
  if (v === undefined || v === "SystemAssigned" || v === "None") return v;
  if (typeof v === "string") return c.fail(path, `must be "SystemAssigned", "None" or { "userAssigned": [...] }, not ${describe(v)}`);
  const o = c.object(v, path, ["userAssigned"], []);
  if (!o) return undefined;
  const ids = c.list(o["userAssigned"], join(path, "userAssigned"), (s, p) => {
    const id = c.string(s, p);
    if (id !== undefined && !id.startsWith("/subscriptions/") && !userAssignedRef.test(id)) {
      return c.fail(p, `${JSON.stringify(id)} is neither an ARM id nor "<resourceGroup>/<name>" of an identity in userAssignedIdentities`);
    }
    return id;
  });
  if (ids?.length === 0) return c.fail(join(path, "userAssigned"), "needs at least one identity");
  return ids && { userAssigned: ids };
}

function disk(c: Checker, v: unknown, path: string): WorldDisk | undefined {
  const o = c.object(v, path, ["sizeGB"], ["name", "encrypted", "diskEncryptionSetId", "publicNetworkAccess", "pvcName", "pvcNamespace"]);
  if (!o) return undefined;
  const size = c.wholeNumber(o["sizeGB"], join(path, "sizeGB"));
  if (size !== undefined && (size < 1 || size > 65_536)) c.fail(join(path, "sizeGB"), `must be from 1 to 65536 GiB, not ${size}`);
  const entry: WorldDisk = { sizeGB: size ?? 0 };
  const name = c.string(o["name"], join(path, "name"), /^[\w.-]{1,80}$/, "1-80 letters, digits, '_', '.' and '-'");
  if (name !== undefined) entry.name = name;
  const encrypted = c.boolean(o["encrypted"], join(path, "encrypted"));
  if (encrypted !== undefined) entry.encrypted = encrypted;
  const des = c.string(o["diskEncryptionSetId"], join(path, "diskEncryptionSetId"), /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/diskEncryptionSets\/[^/]+$/i, "the ARM id of a disk encryption set");
  if (des !== undefined) entry.diskEncryptionSetId = des;
  const access = c.oneOf(o["publicNetworkAccess"], join(path, "publicNetworkAccess"), ["Enabled", "Disabled"] as const);
  if (access) entry.publicNetworkAccess = access;
  const pvcName = c.string(o["pvcName"], join(path, "pvcName"), kubeName, kubeRule);
  if (pvcName !== undefined) entry.pvcName = pvcName;
  const pvcNamespace = c.string(o["pvcNamespace"], join(path, "pvcNamespace"), kubeName, kubeRule);
  if (pvcNamespace !== undefined) entry.pvcNamespace = pvcNamespace;
  return entry;
}

function kubeObject(c: Checker, v: unknown, path: string): WorldKubeObject | undefined {
  const o = c.object(v, path, ["kind", "name"], ["namespace", "labels"]);
  if (!o) return undefined;
  const entry: WorldKubeObject = {
    kind: c.string(o["kind"], join(path, "kind"), /^[a-z][a-z0-9.]{0,62}$/i, "a resource type such as \"deployments\"") ?? "",
    name: c.string(o["name"], join(path, "name"), kubeName, kubeRule) ?? "",
  };
  const namespace = c.string(o["namespace"], join(path, "namespace"), kubeName, kubeRule);
  if (namespace !== undefined) entry.namespace = namespace;
  const labels = o["labels"];
  if (labels !== undefined) {
    const l = c.object(labels, join(path, "labels"), [], typeof labels === "object" && labels !== null ? Object.keys(labels) : []);
    if (l) {
      for (const [k, value] of Object.entries(l)) c.string(value, join(join(path, "labels"), k));
      entry.labels = l as Record<string, string>;
    }
  }
  return entry;
}

function backupExtension(c: Checker, v: unknown, path: string): WorldBackupExtension | undefined {
  const o = c.object(v, path, ["storageAccount", "blobContainer"], ["name", "memoryLimit", "useAAD"]);
  if (!o) return undefined;
  const entry: WorldBackupExtension = {
    storageAccount: c.string(o["storageAccount"], join(path, "storageAccount"), storageRef, "\"<resourceGroup>/<name>\" of an entry in storageAccounts, or a storage account's ARM id") ?? "",
    blobContainer: c.string(o["blobContainer"], join(path, "blobContainer"), containerName, containerRule) ?? "",
  };
  const name = c.string(o["name"], join(path, "name"), /^[a-z0-9]([-a-z0-9]{0,251}[a-z0-9])?$/, "lowercase letters, digits and hyphens, starting and ending with a letter or digit");
  if (name !== undefined) entry.name = name;
  const memory = c.string(o["memoryLimit"], join(path, "memoryLimit"), /^[1-9]\d*(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/, "a Kubernetes quantity such as \"4400Mi\"");
  if (memory !== undefined) entry.memoryLimit = memory;
  const aad = c.boolean(o["useAAD"], join(path, "useAAD"));
  if (aad !== undefined) entry.useAAD = aad;
  return entry;
}

function cluster(c: Checker, v: unknown, path: string): WorldCluster | undefined {
  const o = c.object(v, path, resourceKeys, ["description", "identity", "resourceCount", "disks", "objects", "kind", "backupExtension"]);
  if (!o) return undefined;
  const entry: WorldCluster = resourceFields(c, o, path, clusterName, clusterRule);
  const id = clusterIdentity(c, o["identity"], join(path, "identity"));
  if (id !== undefined) entry.identity = id;
  const count = c.wholeNumber(o["resourceCount"], join(path, "resourceCount"));
  if (count !== undefined) entry.resourceCount = count;
  const disks = c.list(o["disks"], join(path, "disks"), (d, p) => disk(c, d, p));
  if (disks) entry.disks = disks;
  const objects = c.list(o["objects"], join(path, "objects"), (d, p) => kubeObject(c, d, p));
  if (objects) entry.objects = objects;
  const kind = c.oneOf(o["kind"], join(path, "kind"), ["managedCluster", "connectedCluster"] as const);
  if (kind) entry.kind = kind;
  const extension = o["backupExtension"] === undefined ? undefined : backupExtension(c, o["backupExtension"], join(path, "backupExtension"));
  if (extension) entry.backupExtension = extension;
  if (kind === "connectedCluster") {
    for (const key of ["disks", "backupExtension"] as const) if (entry[key]) c.fail(join(path, key), "is for AKS clusters (kind managedCluster) only");
  }
  return entry;
}

function crossChecks(c: Checker, world: EmulatorWorld): void {
  const seen = new Map<string, string>();
  const unique = (key: string, path: string): void => {
    const first = seen.get(key.toLowerCase());
    if (first) c.fail(path, `names the same resource as ${first}`);
    else seen.set(key.toLowerCase(), path);
  };
  world.resourceGroups?.forEach((g, i) => unique(`rg/${g.name}`, `resourceGroups[${i}]`));
  world.userAssignedIdentities?.forEach((r, i) => unique(`uami/${r.resourceGroup}/${r.name}`, `userAssignedIdentities[${i}]`));
  world.storageAccounts?.forEach((r, i) => unique(`sa/${r.name}`, `storageAccounts[${i}]`));
  world.clusters?.forEach((r, i) => unique(`${r.kind ?? "managedCluster"}/${r.resourceGroup}/${r.name}`, `clusters[${i}]`));
  const identities = new Set((world.userAssignedIdentities ?? []).map((r) => `${r.resourceGroup}/${r.name}`.toLowerCase()));
  world.clusters?.forEach((r, i) => {
    if (typeof r.identity !== "object") return;
    r.identity.userAssigned.forEach((ref, j) => {
      if (!ref.startsWith("/") && !identities.has(ref.toLowerCase())) {
        c.fail(`clusters[${i}].identity.userAssigned[${j}]`, `${JSON.stringify(ref)} is not in userAssignedIdentities`);
      }
    });
  });
  const accounts = new Set((world.storageAccounts ?? []).map((r) => `${r.resourceGroup}/${r.name}`.toLowerCase()));
  world.clusters?.forEach((r, i) => {
    const ref = r.backupExtension?.storageAccount;
    if (ref && !ref.startsWith("/") && !accounts.has(ref.toLowerCase())) {
      c.fail(`clusters[${i}].backupExtension.storageAccount`, `${JSON.stringify(ref)} is not in storageAccounts`);
    }
  });
  // The emulator keeps a resource group in one region: every resource in it must be there too.
  const groups = new Map<string, { location: string; path: string }>();
  const sameRegion = (rg: string, location: string, path: string): void => {
    const region = findRegion(location)?.name;
    if (rg === "" || region === undefined) return;
    const first = groups.get(rg.toLowerCase());
    if (!first) groups.set(rg.toLowerCase(), { location: region, path });
    else if (first.location !== region) c.fail(`${path}.location`, `"${location}" differs from ${first.path}'s "${first.location}" in resource group "${rg}" (the emulator keeps a resource group's resources in its region)`);
  };
  world.resourceGroups?.forEach((g, i) => sameRegion(g.name, g.location, `resourceGroups[${i}]`));
  for (const key of ["userAssignedIdentities", "storageAccounts", "clusters"] as const) {
    world[key]?.forEach((r, i) => sameRegion(r.resourceGroup, r.location, `${key}[${i}]`));
  }
}

/**
 * Checks that `value` (e.g. a parsed seed file) describes a world, and returns it typed. Throws
 * {@link SeedError} listing every problem, each named by its path (`clusters[3].location: ...`).
 */
export function parseWorld(value: unknown, source?: string): EmulatorWorld {
  const c = new Checker();
  const o = c.object(value, "", [], ["$schema", "description", "resourceGroups", "userAssignedIdentities", "storageAccounts", "clusters"]);
  if (!o) throw new SeedError(c.problems, source);
  const world: EmulatorWorld = {};
  const schema = c.string(o["$schema"], "$schema");
  if (schema !== undefined) world.$schema = schema;
  const description = c.string(o["description"], "description");
  if (description !== undefined) world.description = description;
  const groups = c.list(o["resourceGroups"], "resourceGroups", (v, p) => resourceGroup(c, v, p));
  if (groups) world.resourceGroups = groups;
  const identities = c.list(o["userAssignedIdentities"], "userAssignedIdentities", (v, p) => identity(c, v, p));
  if (identities) world.userAssignedIdentities = identities;
  const accounts = c.list(o["storageAccounts"], "storageAccounts", (v, p) => storageAccount(c, v, p));
  if (accounts) world.storageAccounts = accounts;
  const clusters = c.list(o["clusters"], "clusters", (v, p) => cluster(c, v, p));
  if (clusters) world.clusters = clusters;
  if (c.problems.length === 0) crossChecks(c, world);
  if (c.problems.length > 0) throw new SeedError(c.problems, source);
  return world;
}

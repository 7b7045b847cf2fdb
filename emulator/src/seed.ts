import { readFile } from "node:fs/promises";
import type { ArmEmulator, AddClusterOptions, AddStorageAccountOptions, ClusterIdentityOption } from "./emulator.js";
import { installBackupExtensions, type ExtensionInstall } from "./seedExtensions.js";
import { parseWorld } from "./seedSchema.js";
import { SeedError, type EmulatorWorld, type WorldCluster } from "./seedWorld.js";

/** The ARM ids {@link seedEmulator} added, by kind, in the order of the world. */
export interface SeededWorld {
  /** Resource group ids. */
  resourceGroups: string[];
  /** User-assigned identity ids. */
  userAssignedIdentities: string[];
  /** Storage account ids. */
  storageAccounts: string[];
  /** Cluster ids. */
  clusters: string[];
  /** Backup Extension ids. */
  extensions: string[];
}

/**
 * Reads a seed file (JSON) and checks it: throws {@link SeedError} naming every bad field by
 * its path, or an error saying why the file cannot be read or is not JSON.
 */
export async function loadWorldFile(path: string): Promise<EmulatorWorld> {
  const text = await readFile(path, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SeedError([`(the file): not JSON (${(e as Error).message})`], path);
  }
  return parseWorld(value, path);
}

/** A cluster's identity, with `"<resourceGroup>/<name>"` references made ARM ids of the seeded identities. */
function identityOption(identity: WorldCluster["identity"], identities: Map<string, string>): ClusterIdentityOption | undefined {
  if (typeof identity !== "object") return identity;
  return { userAssigned: identity.userAssigned.map((ref) => (ref.startsWith("/") ? ref : identities.get(ref.toLowerCase()) ?? ref)) };
}

/**
 * Adds a world to an emulator: resource groups, user-assigned identities, storage accounts,
 * clusters, then the clusters' Backup Extensions (installed over HTTPS as a user installs them,
 * so those requests show in `emu.requests`, with simulated time moved past the install), in the
 * emulator's subscription. `world` (an {@link EmulatorWorld}, e.g. a parsed seed file) is
 * checked first: a {@link SeedError} lists every problem and nothing is added. An entry the
 * emulator then refuses (e.g. a cluster that already exists) throws a {@link SeedError} naming
 * it, with the entries before it added.
 */
export async function seedEmulator(emu: ArmEmulator, world: unknown): Promise<SeededWorld> {
  const w = parseWorld(world);
  const seeded: SeededWorld = { resourceGroups: [], userAssignedIdentities: [], storageAccounts: [], clusters: [], extensions: [] };
  const add = (path: string, action: () => string): string => {
    try {
      return action();
    } catch (e) {
      throw new SeedError([`${path}: ${(e as Error).message}`]);
    }
  };
  w.resourceGroups?.forEach((g, i) => {
    seeded.resourceGroups.push(add(`resourceGroups[${i}]`, () => emu.addResourceGroup({ name: g.name, location: g.location })));
  });
  const identities = new Map<string, string>();
  w.userAssignedIdentities?.forEach((r, i) => {
    const id = add(`userAssignedIdentities[${i}]`, () => emu.addUserAssignedIdentity({ resourceGroup: r.resourceGroup, name: r.name, location: r.location }));
    identities.set(`${r.resourceGroup}/${r.name}`.toLowerCase(), id);
    seeded.userAssignedIdentities.push(id);
  });
  const accounts = new Map<string, string>();
  w.storageAccounts?.forEach((r, i) => {
    const options: AddStorageAccountOptions = { resourceGroup: r.resourceGroup, name: r.name, location: r.location };
    if (r.containers) options.containers = r.containers;
    if (r.allowCrossTenantReplication !== undefined) options.allowCrossTenantReplication = r.allowCrossTenantReplication;
    if (r.publicNetworkAccess) options.publicNetworkAccess = r.publicNetworkAccess;
    const id = add(`storageAccounts[${i}]`, () => emu.addStorageAccount(options));
    accounts.set(`${r.resourceGroup}/${r.name}`.toLowerCase(), id);
    seeded.storageAccounts.push(id);
  });
  const installs: ExtensionInstall[] = [];
  w.clusters?.forEach((r, i) => {
    const options: AddClusterOptions = { resourceGroup: r.resourceGroup, name: r.name, location: r.location };
    const identity = identityOption(r.identity, identities);
    if (identity) options.identity = identity;
    if (r.resourceCount !== undefined) options.resourceCount = r.resourceCount;
    if (r.kind) options.kind = r.kind;
    if (r.disks) options.disks = r.disks;
    const id = add(`clusters[${i}]`, () => emu.addCluster(options));
    const objects = r.objects;
    if (objects) add(`clusters[${i}].objects`, () => { emu.addClusterObjects(id, objects); return id; });
    seeded.clusters.push(id);
    const extension = r.backupExtension;
    if (extension) {
      const ref = extension.storageAccount;
      installs.push({ path: `clusters[${i}].backupExtension`, clusterId: id, extension, storageAccountId: ref.startsWith("/") ? ref : accounts.get(ref.toLowerCase()) ?? ref });
    }
  });
  try {
    seeded.extensions = await installBackupExtensions(emu, installs);
  } catch (e) {
    throw new SeedError([(e as Error).message]);
  }
  return seeded;
}

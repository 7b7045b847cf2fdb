/**
 * Vault settings as code: what an existing vault lacks compared with the settings asked for
 * (pure, from the vault as read), and the request bodies that converge it or create it.
 */
import type { BackupVaultResource, DppIdentityDetails } from "../dataProtection/models.js";
import type { BackupVaultInfo, VaultIdentitySetting, VaultSettingChange, VaultSettings } from "./models.js";

/** The settings a converge takes: {@link VaultSettings} and the tags the vault must have. */
export type WantedVaultSettings = VaultSettings & {
  /** Tags the vault must have (others are kept). */
  tags?: Record<string, string> | undefined;
};

/** Something asked of a vault that it can never do (reverting an irreversible setting, ...). */
export interface VaultSettingProblem {
  /** The setting, e.g. "immutability". */
  setting: string;
  /** What is wrong. */
  problem: string;
  /** What to do instead. */
  fix: string;
}

/** The changes an existing vault needs, and what cannot be done. */
export interface VaultSettingsDiff {
  /** Settings to change, in a stable order. */
  changes: VaultSettingChange[];
  /** Settings that cannot be reached. */
  problems: VaultSettingProblem[];
}

const same = (a: string | undefined, b: string | undefined): boolean => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/** The identity type a vault needs for the identity asked (keeping the one it has). */
function identityTypeFor(current: string | undefined, wanted: VaultIdentitySetting): string {
  const system = (current ?? "").includes("SystemAssigned") || wanted === "SystemAssigned";
  const user = (current ?? "").includes("UserAssigned") || wanted !== "SystemAssigned";
  return system && user ? "SystemAssigned,UserAssigned" : user ? "UserAssigned" : "SystemAssigned";
}

/** The user-assigned identity of a vault with this id (ids compared case-insensitively). */
export function attachedIdentity(vault: BackupVaultInfo, userAssignedIdentityId: string): BackupVaultInfo["userAssignedIdentities"][number] | undefined {
  return vault.userAssignedIdentities.find((u) => same(u.id, userAssignedIdentityId));
}

/**
 * The object id that gets the vault's roles: the user-assigned identity's when `identity` names
 * one (undefined until it is attached), else the system-assigned identity's.
 */
export function rolePrincipalOf(vault: BackupVaultInfo | undefined, identity: VaultIdentitySetting | undefined): string | undefined {
  if (!vault) return undefined;
  if (identity === undefined || identity === "SystemAssigned") return vault.principalId;
  return attachedIdentity(vault, identity.userAssignedIdentityId)?.principalId;
}

/** Whether an identity needs attaching or enabling. */
function identityChange(vault: BackupVaultInfo, wanted: VaultIdentitySetting): VaultSettingChange | undefined {
  const type = vault.identityType;
  if (wanted === "SystemAssigned" ? type.includes("SystemAssigned") : attachedIdentity(vault, wanted.userAssignedIdentityId)) return undefined;
  const to = identityTypeFor(type === "None" ? undefined : type, wanted);
  return { setting: "identity", from: type, to: wanted === "SystemAssigned" ? to : `${to} (+${wanted.userAssignedIdentityId})`, irreversible: false, needsConfirm: false };
}

/**
 * What an existing vault needs to match `wanted` (each setting given; the identity defaults
 * to "SystemAssigned"), and what it can never do. Storage redundancy is reported as a change:
 * the caller checks that the vault has no backup instance ({@link redundancyLockedProblem}).
 */
export function diffVaultSettings(vault: BackupVaultInfo, wanted: WantedVaultSettings): VaultSettingsDiff {
  const changes: VaultSettingChange[] = [];
  const problems: VaultSettingProblem[] = [];
  const change = (setting: string, from: string | undefined, to: string, irreversible = false, lowers = false): void =>
    void changes.push({ setting, from, to, irreversible, needsConfirm: irreversible || lowers });

  if (wanted.storageRedundancy !== undefined && !same(vault.storageRedundancy, wanted.storageRedundancy)) {
    change("storageRedundancy", vault.storageRedundancy, wanted.storageRedundancy);
  }
  // An absent block means the feature is off.
  const crr = vault.crossRegionRestore ?? "Disabled";
  if (wanted.crossRegionRestore === true && !same(crr, "Enabled")) {
    const redundancy = wanted.storageRedundancy ?? vault.storageRedundancy;
    if (!same(redundancy, "GeoRedundant")) {
      problems.push({ setting: "crossRegionRestore", problem: `cross-region restore needs a GeoRedundant vault; this one is ${redundancy ?? "of unknown redundancy"}`, fix: "set storageRedundancy: \"GeoRedundant\" (possible only while the vault has no backup instance), or use a geo-redundant vault" });
    } else change("crossRegionRestore", crr, "Enabled", true);
  } else if (wanted.crossRegionRestore === false && same(crr, "Enabled")) {
    problems.push({ setting: "crossRegionRestore", problem: "cross-region restore is enabled on this vault and can never be disabled", fix: "leave crossRegionRestore out (or true), or use another vault" });
  }
  if (wanted.crossSubscriptionRestore !== undefined && !same(vault.crossSubscriptionRestore, wanted.crossSubscriptionRestore)) {
    if (same(vault.crossSubscriptionRestore, "PermanentlyDisabled")) {
      problems.push({ setting: "crossSubscriptionRestore", problem: "cross-subscription restore is PermanentlyDisabled on this vault and can never be enabled again", fix: "leave crossSubscriptionRestore out (or \"PermanentlyDisabled\"), or use another vault" });
    } else change("crossSubscriptionRestore", vault.crossSubscriptionRestore, wanted.crossSubscriptionRestore, wanted.crossSubscriptionRestore === "PermanentlyDisabled");
  }
  const immutability = vault.immutability ?? "Disabled";
  if (wanted.immutability !== undefined && !same(immutability, wanted.immutability)) {
    if (same(immutability, "Locked")) {
      problems.push({ setting: "immutability", problem: "immutability is Locked on this vault and can never be unlocked or disabled", fix: "leave immutability out (or \"Locked\"), or use another vault" });
    } else change("immutability", immutability, wanted.immutability, wanted.immutability === "Locked", wanted.immutability === "Disabled");
  }
  const sd = wanted.softDelete;
  if (sd && !same(vault.softDeleteState, sd.state)) {
    if (same(vault.softDeleteState, "AlwaysOn")) {
      problems.push({ setting: "softDelete.state", problem: "soft delete is AlwaysOn on this vault and can never be turned off or back to On", fix: "leave softDelete.state as \"AlwaysOn\", or use another vault" });
    } else change("softDelete.state", vault.softDeleteState, sd.state, sd.state === "AlwaysOn", sd.state === "Off");
  }
  if (sd?.retentionDurationInDays !== undefined && vault.softDeleteRetentionDays !== sd.retentionDurationInDays) {
    const fewer = vault.softDeleteRetentionDays !== undefined && sd.retentionDurationInDays < vault.softDeleteRetentionDays;
    change("softDelete.retentionDurationInDays", vault.softDeleteRetentionDays?.toString(), String(sd.retentionDurationInDays), false, fewer);
  }
  if (wanted.alertsForAllJobFailures !== undefined && !same(vault.alertsForAllJobFailures, wanted.alertsForAllJobFailures)) {
    change("alertsForAllJobFailures", vault.alertsForAllJobFailures, wanted.alertsForAllJobFailures);
  }
  const id = identityChange(vault, wanted.identity ?? "SystemAssigned");
  if (id) changes.push(id);
  for (const [key, value] of Object.entries(wanted.tags ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (vault.tags[key] !== value) change(`tags.${key}`, vault.tags[key], value);
  }
  return { changes, problems };
}

/** The problem of changing the redundancy of a vault that already holds backup instances. */
export function redundancyLockedProblem(vault: BackupVaultInfo, instanceName: string): VaultSettingProblem {
  return {
    setting: "storageRedundancy",
    problem: `the vault's storage redundancy (${vault.storageRedundancy ?? "?"}) cannot change: it already holds the backup instance ${instanceName}`,
    fix: "leave storageRedundancy out (or as it is), or use a new vault with the redundancy you want",
  };
}

/** A one-line description of changes, e.g. "immutability Unlocked -> Locked (irreversible)". */
export function describeVaultChanges(changes: readonly VaultSettingChange[]): string {
  return changes.map((c) => `${c.setting} ${c.from ?? "(unset)"} -> ${c.to}${c.irreversible ? " (irreversible)" : ""}`).join("; ");
}

/** The identity block of a PUT: the type, and each user-assigned identity by id (read-only fields left out). */
function identityBody(current: DppIdentityDetails | undefined, wanted: VaultIdentitySetting): DppIdentityDetails {
  const type = identityTypeFor(current?.type === "None" ? undefined : current?.type, wanted);
  const ids = Object.keys(current?.userAssignedIdentities ?? {});
  if (wanted !== "SystemAssigned" && !ids.some((i) => same(i, wanted.userAssignedIdentityId))) ids.push(wanted.userAssignedIdentityId);
  return type.includes("UserAssigned") ? { type, userAssignedIdentities: Object.fromEntries(ids.map((i) => [i, {}])) } : { type };
}

/** The feature, security and monitoring blocks with the settings asked for applied. */
function settingsBlocks(base: BackupVaultResource["properties"] | undefined, wanted: WantedVaultSettings): Pick<BackupVaultResource["properties"], "featureSettings" | "securitySettings" | "monitoringSettings"> {
  const security = { ...(base?.securitySettings ?? {}) };
  if (wanted.softDelete) {
    const days = wanted.softDelete.retentionDurationInDays ?? security.softDeleteSettings?.retentionDurationInDays ?? 14;
    security.softDeleteSettings = { state: wanted.softDelete.state, retentionDurationInDays: days };
  }
  if (wanted.immutability) security.immutabilitySettings = { state: wanted.immutability };
  const features = { ...(base?.featureSettings ?? {}) };
  if (wanted.crossRegionRestore !== undefined) features.crossRegionRestoreSettings = { state: wanted.crossRegionRestore ? "Enabled" : "Disabled" };
  if (wanted.crossSubscriptionRestore) features.crossSubscriptionRestoreSettings = { state: wanted.crossSubscriptionRestore };
  const monitoring = wanted.alertsForAllJobFailures
    ? { ...(base?.monitoringSettings ?? {}), azureMonitorAlertSettings: { alertsForAllJobFailures: wanted.alertsForAllJobFailures } }
    : base?.monitoringSettings;
  return {
    ...(Object.keys(security).length ? { securitySettings: security } : {}),
    ...(Object.keys(features).length ? { featureSettings: features } : {}),
    ...(monitoring ? { monitoringSettings: monitoring } : {}),
  };
}

/**
 * The full PUT body that converges an existing vault (as the Azure CLI updates a vault: GET,
 * then PUT of the whole vault): what it has, with the settings asked for applied and the
 * read-only fields left out.
 */
export function convergedVaultBody(existing: BackupVaultResource, wanted: WantedVaultSettings): BackupVaultResource {
  const p = existing.properties;
  const storageSettings = (p?.storageSettings ?? []).map((s) => ({ ...s }));
  if (wanted.storageRedundancy) {
    const store = storageSettings.find((s) => s.datastoreType === "VaultStore") ?? storageSettings[0];
    if (store) store.type = wanted.storageRedundancy;
    else storageSettings.push({ datastoreType: "VaultStore", type: wanted.storageRedundancy });
  }
  const tags = { ...(existing.tags ?? {}), ...(wanted.tags ?? {}) };
  return {
    location: existing.location,
    ...(Object.keys(tags).length ? { tags } : {}),
    identity: identityBody(existing.identity, wanted.identity ?? "SystemAssigned"),
    properties: {
      storageSettings,
      ...settingsBlocks(p, wanted),
      ...(p?.replicatedRegions?.length ? { replicatedRegions: p.replicatedRegions } : {}),
    },
  };
}

/** The PUT body of a new vault: LocallyRedundant and soft delete On for 14 days unless asked otherwise. */
export function newVaultBody(location: string, wanted: WantedVaultSettings): BackupVaultResource {
  const softDelete = { state: "On" as const, ...wanted.softDelete };
  return {
    location,
    ...(wanted.tags && Object.keys(wanted.tags).length ? { tags: { ...wanted.tags } } : {}),
    identity: identityBody(undefined, wanted.identity ?? "SystemAssigned"),
    properties: {
      storageSettings: [{ datastoreType: "VaultStore", type: wanted.storageRedundancy ?? "LocallyRedundant" }],
      ...settingsBlocks(undefined, { ...wanted, softDelete }),
    },
  };
}

/**
 * Backup vault properties (`BackupVaultResource.properties`) that appeared after the first
 * Microsoft.DataProtection api-version, with the first version that has them. A vault body
 * answered at an older version leaves them out (vaultProperties.ts, `vaultBodyAt`).
 *
 * Sources, per row:
 * - "spec": the `BackupVault` / `SecuritySettings` / `FeatureSettings` definitions of
 *   azure-rest-api-specs `specification/dataprotection/resource-manager/Microsoft.DataProtection/stable/{version}/dataprotection.json`
 *   (read for 2022-05-01 and 2023-01-01; /work/shared/specs has 2025-07-01, which has every row
 *   but `regionOfChoiceSettings`), and the `examples/VaultCRUD/GetBackupVault.json` of 2022-04-01,
 *   2022-05-01, 2022-12-01 and 2023-05-01;
 * - "recorded": /work/shared/recordings (vault_update at 2022-12-01, resource_guard_mapping at
 *   2023-11-01, update_msi_permissions_aks at 2024-04-01);
 * - issue 11: Az.DataProtection 3.0.1 traffic at 2026-06-01 has `regionOfChoiceSettings`.
 *
 * Guess: a field is taken to start at the first version where one of these shows it; the
 * versions between that one and the last that lacks it were not each looked up. Guess: a
 * preview version has what the stable version of its date (or earlier) has, unless the row
 * names an earlier `previewSince`.
 */
export interface VaultFieldIntroduction {
  /** Dotted path under `properties`, e.g. `securitySettings.encryptionSettings`. */
  readonly path: string;
  /** First stable api-version that answers it. */
  readonly since: string;
  /** First preview api-version date that answers it, when earlier than `since`. */
  readonly previewSince?: string;
  /** Where the version comes from. */
  readonly source: string;
}

/** The table (parents before their children). */
export const vaultFieldsByVersion: readonly VaultFieldIntroduction[] = [
  // Guess: 2022-04-01's example lacks it (its spec was not read); the 2022-05-01 spec has it.
  { path: "isVaultProtectedByResourceGuard", since: "2022-05-01", source: "spec 2022-05-01 (BackupVault.isVaultProtectedByResourceGuard); recorded 2022-12-01" },
  { path: "monitoringSettings", since: "2022-05-01", source: "spec examples: absent at 2022-04-01, present at 2022-05-01" },
  { path: "securitySettings", since: "2022-12-01", source: "spec 2022-05-01 has none; recorded 2022-12-01 (softDeleteSettings, immutabilitySettings)" },
  { path: "featureSettings", since: "2023-01-01", source: "spec 2023-01-01 (FeatureSettings.crossSubscriptionRestoreSettings); not in the 2022-12-01 recording" },
  { path: "featureSettings.crossRegionRestoreSettings", since: "2023-05-01", source: "spec 2023-01-01 has no CrossRegionRestoreSettings; 2023-05-01 example has it" },
  { path: "secureScore", since: "2023-05-01", source: "2023-05-01 example; not in the 2022-12-01 recording" },
  { path: "replicatedRegions", since: "2023-11-01", source: "recorded 2023-11-01 (resource_guard_mapping)" },
  // Guess: the earliest CMK example found (PutBackupVaultWithCMK) is at 2024-04-01; 2023-01-01's spec has no encryptionSettings.
  { path: "securitySettings.encryptionSettings", since: "2024-04-01", source: "spec 2023-01-01 has none; VaultCRUD/PutBackupVaultWithCMK.json from 2024-04-01" },
  { path: "bcdrSecurityLevel", since: "2024-04-01", source: "recorded 2024-04-01 (update_msi_permissions_aks), not at 2023-11-01" },
  // Issue 11: Az.DataProtection at 2026-06-01 (newer than the stored spec). Shape `{ status: "Enabled" | "Disabled" }`
  // as a public how-to shows it at 2025-08-15-preview. Guess: absent unless a PUT sets it.
  { path: "regionOfChoiceSettings", since: "2026-06-01", previewSince: "2025-08-15", source: "issue 11 (Az.DataProtection 3.0.1, 2026-06-01); 2025-08-15-preview how-to" },
];

/** Whether a field of the table exists at an api-version (`2023-01-01`, `2026-04-01-preview`). */
export function vaultFieldKnownAt(field: VaultFieldIntroduction, apiVersion: string): boolean {
  const date = apiVersion.slice(0, 10);
  const preview = /-preview$/i.test(apiVersion);
  return date >= (preview && field.previewSince !== undefined ? field.previewSince : field.since);
}

/** The dotted paths an api-version does not know. */
export function vaultFieldsUnknownAt(apiVersion: string): string[] {
  return vaultFieldsByVersion.filter((f) => !vaultFieldKnownAt(f, apiVersion)).map((f) => f.path);
}

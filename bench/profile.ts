import type { EmulatorDurations } from "aks-backup-emulator";

/**
 * The simulated seconds each setup step waits for under an emulator profile: the operations
 * the step starts, as the profile times them. Steps that only read or write at once take 0.
 */
export function stepDurations(d: EmulatorDurations): Record<string, number> {
  return {
    providers: d.providerRegistration,
    snapshotResourceGroup: 0,
    blobContainer: 0,
    vault: d.backupVaultCreate,
    policy: 0,
    extension: d.extensionInstall,
    trustedAccess: d.trustedAccessBindingApply,
    "roles.cluster": 0,
    // New identities: the grant waits out the propagation window (principalType is sent).
    "roles.vault": d.identityPropagationWithPrincipalType,
    "roles.extension": d.identityPropagationWithPrincipalType,
    backupInstance: d.backupValidate + d.backupInstanceCreate + d.backupInstanceConfigure,
  };
}

/** The longest chain of dependent steps under the profile, in simulated seconds. */
export function profileCriticalPath(steps: ReadonlyArray<{ name: string; dependsOn: readonly string[] }>, durations: Record<string, number>): number {
  const memo = new Map<string, number>();
  const byName = new Map(steps.map((s) => [s.name, s]));
  const longest = (name: string): number => {
    if (!memo.has(name)) memo.set(name, (durations[name] ?? 0) + Math.max(0, ...(byName.get(name)?.dependsOn ?? []).map(longest)));
    return memo.get(name)!;
  };
  return Math.max(...steps.map((s) => longest(s.name)));
}

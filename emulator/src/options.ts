import { defaultRequestLogLimit } from "./http/requestLog.js";
import type { ThrottleOptions } from "./http/throttle.js";

/**
 * How long emulated operations take, in simulated seconds. The `realistic` profile uses
 * durations close to what Azure shows; `instant` makes every operation due at once (it still
 * answers 201/202 and needs one poll, as Azure does).
 */
export interface EmulatorDurations {
  /** Resource provider registration, `Registering` -> `Registered`. Realistic: 60 s. */
  providerRegistration: number;
  /** Backup Extension install (PUT). Realistic: 180 s. */
  extensionInstall: number;
  /** Extension update (PATCH). Realistic: 90 s. */
  extensionUpdate: number;
  /** Extension delete. Realistic: 60 s. */
  extensionDelete: number;
  /** Time a request takes to answer. Realistic: 0.2 s. */
  requestLatency: number;
  /**
   * How long a new managed identity stays invisible to role assignments created without
   * `principalType` (they fail with 400 `PrincipalNotFound`). Realistic: 90 s.
   */
  identityPropagation: number;
  /** The same window for role assignments created with `principalType`. Realistic: 10 s. */
  identityPropagationWithPrincipalType: number;
  /** Trusted Access role binding PUT, `Updating` -> `Succeeded`. Realistic: 150 s. */
  trustedAccessBindingApply: number;
  /** Trusted Access role binding DELETE (at api-versions where it is an LRO). Realistic: 60 s. */
  trustedAccessBindingDelete: number;
  /** Managed cluster DELETE, `Deleting` -> gone. Realistic: 300 s. */
  clusterDelete: number;
  /** Backup vault create (PUT of a new vault). Realistic: 10 s. */
  backupVaultCreate: number;
  /** Backup vault update (PATCH) and delete. Realistic: 5 s. */
  backupVaultUpdate: number;
  /** `validateForBackup`. Realistic: 40 s (recorded: about 41 s). */
  backupValidate: number;
  /** Backup instance PUT until `provisioningState` is `Succeeded`. Realistic: 30 s. */
  backupInstanceCreate: number;
  /** Then until `currentProtectionState` is `ProtectionConfigured`. Realistic: 60 s. */
  backupInstanceConfigure: number;
  /** Backup instance PUT that changes an existing instance. Realistic: 30 s. */
  backupInstanceUpdate: number;
  /** Stop, suspend, resume and sync actions. Realistic: 40 s (recorded: about 42 s). */
  backupInstanceAction: number;
  /** Backup instance delete. Realistic: 60 s. */
  backupInstanceDelete: number;
  /** Ad hoc backup and restore triggers (the LRO, not the job). Realistic: 2 s (recorded: about 1-2 s). */
  backupTrigger: number;
  /** `validateRestore`. Realistic: 40 s (recorded: about 41 s). */
  restoreValidate: number;
  /** A backup job, InProgress until its end state. Realistic: 190 s (recorded: 3 min 11 s). */
  backupJob: number;
  /** A restore job, InProgress until its end state. Realistic: 220 s (recorded: 3 min 36 s). */
  restoreJob: number;
  /** AKS run command (`az aks command invoke`), until its result is ready. Realistic: 13 s. */
  runCommand: number;
}

/** Latency profiles. */
export type EmulatorProfile = "instant" | "realistic";

/** Options for {@link startArmEmulator}. */
export interface ArmEmulatorOptions {
  /** TCP port on 127.0.0.1. Default: 0 (any free port). */
  port?: number;
  /** Latency profile. Default: `"instant"`. */
  profile?: EmulatorProfile;
  /**
   * Real milliseconds per simulated second. Default: 1000 (real time) for `instant`, 10 for
   * `realistic` (a 180 s extension install takes 1.8 s).
   */
  timeScale?: number;
  /** Per-operation duration overrides, in simulated seconds. */
  durations?: Partial<EmulatorDurations>;
  /** The subscription that exists in the emulator. Default: a random GUID. */
  subscriptionId?: string;
  /** The directory tenant. Default: a random GUID. */
  tenantId?: string;
  /** Items per page in list responses. Default: 50. */
  pageSize?: number;
  /**
   * The simulated time the emulator starts at (epoch ms or a Date). Default: the real time.
   * Tests pin it to keep scheduled backups (by time of day) away from what they count.
   */
  startTime?: number | Date;
  /**
   * Resource provider namespaces registered at start. Default: Microsoft.ContainerService,
   * Microsoft.Storage (Microsoft.Resources and Microsoft.Authorization are always available).
   */
  registeredProviders?: string[];
  /** Subscription request limits (429 `SubscriptionRequestsThrottled` past them). Default: none. */
  throttle?: ThrottleOptions;
  /**
   * Most requests kept in `ArmEmulator.requests` (the request log). Past it the oldest
   * tenth is dropped at once, so a long run holds bounded memory; 0 keeps none.
   * Default: 100000.
   */
  requestLogLimit?: number;
}

/** Durations of the `realistic` profile, in simulated seconds. */
export const realisticDurations: EmulatorDurations = {
  providerRegistration: 60,
  extensionInstall: 180,
  extensionUpdate: 90,
  extensionDelete: 60,
  requestLatency: 0.2,
  // Guess: Azure documents "a few minutes" at worst; these are typical observed values.
  identityPropagation: 90,
  identityPropagationWithPrincipalType: 10,
  // Guess: the Az.Aks traffic polls `InProgress` "for minutes"; no recording gives the time.
  trustedAccessBindingApply: 150,
  // Guess: no recording shows a binding delete that is an LRO running to its end.
  trustedAccessBindingDelete: 60,
  // Guess: AKS cluster deletes commonly take several minutes.
  clusterDelete: 300,
  backupVaultCreate: 10,
  backupVaultUpdate: 5,
  backupValidate: 40,
  backupInstanceCreate: 30,
  backupInstanceConfigure: 60,
  backupInstanceUpdate: 30,
  backupInstanceAction: 40,
  backupInstanceDelete: 60,
  backupTrigger: 2,
  restoreValidate: 40,
  backupJob: 190,
  restoreJob: 220,
  // Guess: the spec example's command ran from 00:28:20 to 00:28:33; no recording times one.
  runCommand: 13,
};

/** Durations of the `instant` profile. */
export const instantDurations: EmulatorDurations = {
  providerRegistration: 0,
  extensionInstall: 0,
  extensionUpdate: 0,
  extensionDelete: 0,
  requestLatency: 0,
  identityPropagation: 0,
  identityPropagationWithPrincipalType: 0,
  trustedAccessBindingApply: 0,
  trustedAccessBindingDelete: 0,
  clusterDelete: 0,
  backupVaultCreate: 0,
  backupVaultUpdate: 0,
  backupValidate: 0,
  backupInstanceCreate: 0,
  backupInstanceConfigure: 0,
  backupInstanceUpdate: 0,
  backupInstanceAction: 0,
  backupInstanceDelete: 0,
  backupTrigger: 0,
  restoreValidate: 0,
  backupJob: 0,
  restoreJob: 0,
  runCommand: 0,
};

/** Options with every default applied. */
export interface ResolvedEmulatorOptions {
  port: number;
  profile: EmulatorProfile;
  timeScale: number;
  durations: EmulatorDurations;
  pageSize: number;
  registeredProviders: string[];
  throttle: ThrottleOptions | undefined;
  requestLogLimit: number;
  /** Simulated epoch ms at start. */
  startTime: number;
}

/** Applies defaults and checks ranges. */
export function resolveEmulatorOptions(options: ArmEmulatorOptions = {}): ResolvedEmulatorOptions {
  const profile = options.profile ?? "instant";
  if (profile !== "instant" && profile !== "realistic") {
    throw new RangeError(`profile must be "instant" or "realistic", not "${String(profile)}"`);
  }
  const base = profile === "realistic" ? realisticDurations : instantDurations;
  const durations = { ...base, ...options.durations };
  for (const [k, v] of Object.entries(durations)) {
    if (!(typeof v === "number" && v >= 0)) throw new RangeError(`durations.${k} must be a number >= 0`);
  }
  const requestLogLimit = options.requestLogLimit ?? defaultRequestLogLimit;
  if (!Number.isInteger(requestLogLimit) || requestLogLimit < 0) throw new RangeError("requestLogLimit must be a whole number >= 0");
  const startTime = options.startTime === undefined ? Date.now() : Number(options.startTime);
  if (!Number.isFinite(startTime)) throw new RangeError("startTime must be a time (epoch ms or a Date)");
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError("pageSize must be a positive integer");
  return {
    port: options.port ?? 0,
    profile,
    timeScale: options.timeScale ?? (profile === "realistic" ? 10 : 1000),
    durations,
    pageSize,
    registeredProviders: options.registeredProviders ?? ["Microsoft.ContainerService", "Microsoft.Storage"],
    throttle: options.throttle,
    requestLogLimit,
    startTime,
  };
}

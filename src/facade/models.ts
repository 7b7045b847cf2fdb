import type { AksBackupClientOptions, OperationOptions } from "../common/options.js";
import type { AksPolicyPreset, AksPolicyPresetName, BackupConfiguration, VaultSettings } from "../backup/models.js";
import type { ExtensionResources } from "../extension/models.js";
import type { StepEvent, StepResult } from "./progress.js";

/** Options of {@link AksBackup}: passed to every client it builds. */
export type AksBackupOptions = AksBackupClientOptions;

/** What `enableBackup` sets up. Resource references are ARM ids. */
export interface EnableBackupRequest {
  /** The AKS cluster to protect. It must exist and have a managed identity. */
  clusterId: string;
  /** The Backup vault; created in the cluster's region (system-assigned identity) if it does not exist. */
  vaultId: string;
  /** The storage account for backups; it must exist, in the cluster's region. */
  storageAccountId: string;
  /** Blob container in that account; created if it does not exist. */
  blobContainer: string;
  /** Resource group for disk snapshots; created in the cluster's region if it does not exist. */
  snapshotResourceGroupId: string;
  /**
   * The backup policy (in `vaultId`). Default: `{vaultId}/backupPolicies/aks-backup-policy`.
   * Created from `policyPreset` if it does not exist.
   */
  policyId?: string;
  /** Preset used when the policy does not exist. Default: "every4Hours" (7 days operational tier). */
  policyPreset?: AksPolicyPreset | AksPolicyPresetName;
  /** What backups include. Default: everything, with volume snapshots and cluster-scope resources. */
  backupConfiguration?: BackupConfiguration;
  /** CPU and memory of the Backup Extension. Default: the chart's. */
  extensionResources?: ExtensionResources;
  /** Backup instance name. Default: derived from the cluster id (stable across runs). */
  backupInstanceName?: string;
  /**
   * The vault's settings, converged on every run (a new vault is created with them; an existing
   * one gets those it lacks). Irreversible or protection-lowering changes of an existing vault
   * need the vault's name in `confirm`; `identity` names the identity that gets the vault's roles.
   */
  vault?: VaultSettings;
  /**
   * Move an installed Backup Extension to this storage location when it uses another one.
   * Default: false: a different location is reported as a preflight problem (other backups may use it).
   */
  moveExtensionStorage?: boolean;
  /** Run an on-demand backup once protected, if the instance has no recovery point yet. Default: false. */
  firstBackup?: boolean;
  /**
   * The names of the resources this run may move or narrow (the plan marks each such action
   * with its `confirm` value): the extension's name to move its storage (with
   * `moveExtensionStorage`), the backup instance's name to back up less than it does now, the
   * vault's name for irreversible or protection-lowering vault settings.
   */
  confirm?: string | string[];
}

/** Options of `enableBackup`. */
export interface EnableBackupOptions extends OperationOptions {
  /** Called for every step event: started, waiting, done, skipped (already in place), failed. */
  onProgress?: (event: StepEvent) => void;
  /** Most steps running at once. Default: all that are ready. 1 runs them one after another, as the CLI does. */
  concurrency?: number;
  /** How long to ride out identity and RBAC propagation (PrincipalNotFound, missing permissions at validation). Default: 10 minutes. */
  propagationTimeoutInMs?: number;
  /** Limit for each wait (provider registration, extension install, protection). Default: each service's. */
  timeoutInMs?: number;
}

/** A role assignment the setup made or found. */
export interface SetupRoleAssignment {
  /** Role assignment id. */
  id: string;
  /** Role name. */
  role: string;
  /** Scope it is granted at. */
  scope: string;
  /** Which identity: "cluster", "extension" or "vault". */
  identity: string;
  /** Object id of the identity. */
  principalId: string;
  /** Whether this run created it. */
  created: boolean;
}

/** What `enableBackup` did. */
export interface EnableBackupResult {
  /** The backup instance protecting the cluster. */
  backupInstanceId: string;
  /** "ProtectionConfigured" when done. */
  protectionState: string;
  /** The cluster. */
  clusterId: string;
  /** The vault. */
  vaultId: string;
  /** The vault's identity. */
  vaultPrincipalId: string;
  /** The policy used. */
  policyId: string;
  /** The Backup Extension's id. */
  extensionId: string;
  /** The extension's identity. */
  extensionPrincipalId: string;
  /** The storage account and container backups go to. */
  storage: {
    /** Storage account id. */
    storageAccountId: string;
    /** Blob container. */
    blobContainer: string;
  };
  /** The snapshot resource group. */
  snapshotResourceGroupId: string;
  /** The Trusted Access binding from the vault to the cluster. */
  trustedAccessBindingId: string;
  /** Every role assignment of the permission set. */
  roleAssignments: SetupRoleAssignment[];
  /** The first backup's job id, when one was started. */
  firstBackupJobId: string | undefined;
  /** Each step with what it did and how long it took, in completion order. */
  steps: StepResult[];
  /** Steps that wrote to Azure (0 on a cluster already protected as asked). */
  writeSteps: number;
  /** Real milliseconds the whole setup took. */
  wallTimeInMs: number;
  /** Sum of the steps' durations: what running them one after another would take. */
  sumOfStepsInMs: number;
  /** The longest chain of dependent steps, by measured duration. */
  criticalPath: {
    /** Its duration in ms. */
    durationInMs: number;
    /** Its steps, first to last. */
    steps: string[];
  };
}

/** Something that stops the setup, found before any write, with what to do. */
export interface PreflightProblem {
  /** The request field or setup step concerned, e.g. "storageAccountId". */
  subject: string;
  /** What is wrong. */
  problem: string;
  /** What to do. */
  fix: string;
}

/** One action a setup would take. */
export interface PlanAction {
  /** The setup step, e.g. "extension". */
  step: string;
  /** What it would do, e.g. "install the Backup Extension". */
  action: string;
  /** Why, e.g. "no Backup Extension on the cluster". */
  reason: string;
  /** Set when the action moves or narrows something: the value to add to the request's `confirm`. */
  confirm?: string;
}

/** What `enableBackup` would do, found by reads only. */
export interface BackupPlan {
  /** Ordered actions; empty when everything is in place. */
  actions: PlanAction[];
  /** Problems that would stop the setup; `enableBackup` fails on them before any write. */
  problems: PreflightProblem[];
}

/** How `disableBackup` stops protection. */
export type DisableBackupMode =
  /** Stop backups, keep existing backups forever (`stopProtection`). */
  | "retainForever"
  /** Stop backups, keep existing backups until the policy expires them; the latest is kept (`suspendBackups`). */
  | "retainAsPerPolicy"
  /** Stop backups and delete all backup data (DELETE of the backup instance). Needs `confirm`. */
  | "deleteData";

/** What `disableBackup` stops. */
export interface DisableBackupRequest {
  /** The protected cluster. */
  clusterId: string;
  /** The vault protecting it. */
  vaultId: string;
  /** How to stop. */
  mode: DisableBackupMode;
  /** For "deleteData": the backup instance's name, typed back as confirmation. */
  confirm?: string;
}

/** Options of `enableBackupForFleet`. */
export interface FleetOptions extends Omit<EnableBackupOptions, "onProgress"> {
  /**
   * Clusters set up at once, per subscription. Default: sized from the throttle,
   * `ceil(writesPerHour / 7 × 400 s / 3600 s × 2)` (39 for ARM's default budget): the setups
   * that keep the subscription's write budget busy, no more.
   */
  clusterConcurrency?: number;
  /** The subscriptions' write budget per hour, for the default concurrency. Default: 1200 (ARM's). */
  writesPerHour?: number;
  /** Step events, tagged with the cluster. */
  onProgress?: (clusterId: string, event: StepEvent) => void;
  /** Called as each cluster finishes. */
  onClusterDone?: (result: FleetClusterResult) => void;
}

/** The outcome for one cluster of a fleet. */
export type FleetClusterResult =
  | {
      /** The cluster. */
      clusterId: string;
      /** Protected. */
      ok: true;
      /** What the setup did. */
      result: EnableBackupResult;
    }
  | {
      /** The cluster. */
      clusterId: string;
      /** Failed. */
      ok: false;
      /** Why (a `SetupStepError`, `PreflightError` or input error). */
      error: Error;
    };

/** What `planBackupForFleet` found, with reads only: the shared resources and the role-assignment quota. */
export interface FleetPlan {
  /** Problems that would stop the whole fleet before any write (e.g. the role-assignment quota). */
  problems: PreflightProblem[];
  /** Resources shared by several clusters, converged once for the fleet. */
  sharedResources: string[];
  /** Role assignments per subscription: existing, new ones the fleet needs (upper estimate), the quota (4,000). */
  roleAssignments: Array<{
    /** The subscription. */
    subscriptionId: string;
    /** Assignments there now. */
    existing: number;
    /** New assignments the fleet needs there. */
    planned: number;
    /** The quota. */
    quota: number;
  }>;
  /** Clusters set up at once per subscription (the option, or the default sized from the throttle). */
  clusterConcurrency: number;
}

/** Options of {@link AksBackup.planBackup} (reads only). */
export type PlanBackupOptions = OperationOptions;
/** Options of {@link AksBackup.disableBackup}. */
export type DisableBackupOptions = OperationOptions;
/** Options of {@link AksBackup.planBackupForFleet} (reads only). */
export type PlanBackupForFleetOptions = FleetOptions;

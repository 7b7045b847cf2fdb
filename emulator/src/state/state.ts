import { randomUUID } from "node:crypto";
import { Scheduler, SimClock } from "../clock.js";
import { ArmError } from "../http/armError.js";
import { operationRetryAfterHeaders } from "../http/retryAfter.js";
import type { ResolvedEmulatorOptions } from "../options.js";
import { Directory } from "./directory.js";
import { OperationStore } from "./operations.js";
import { ProviderRegistry } from "./providers.js";
import type {
  BackupInstanceRecord,
  BackupJobRecord,
  BackupPolicyRecord,
  BackupVaultRecord,
  ClusterConditions,
  ClusterRecord,
  DataProtectionOperationRecord,
  ExtensionRecord,
  KubeObjectRecord,
  RecoveryPointRecord,
  ResourceGroupRecord,
  RoleAssignmentRecord,
  StorageAccountRecord,
  TrustedAccessBindingRecord,
} from "./records.js";
import { ResourceTable } from "./table.js";

/** Everything the emulator knows, shared by the resource provider modules. */
export class EmulatorState {
  readonly clock: SimClock;
  readonly scheduler: Scheduler;
  readonly directory: Directory;
  readonly operations: OperationStore;
  readonly providers: ProviderRegistry;
  readonly subscriptions = new Set<string>();
  readonly resourceGroups = new ResourceTable<ResourceGroupRecord>();
  readonly clusters = new ResourceTable<ClusterRecord>();
  readonly storageAccounts = new ResourceTable<StorageAccountRecord>();
  readonly extensions = new ResourceTable<ExtensionRecord>();
  /** Role assignments, by id, by scope prefix, and by principal (`lookup("principal", lowercase id)`). */
  readonly roleAssignments = new ResourceTable<RoleAssignmentRecord, "principal">({ principal: (r) => r.principalId.toLowerCase() });
  readonly trustedAccessBindings = new ResourceTable<TrustedAccessBindingRecord>();
  /**
   * Whether the caller may write role assignments, by scope (lowercase id). The nearest scope at
   * or above a write wins; with no entry the caller has Owner.
   */
  readonly roleAssignmentAccess = new Map<string, boolean>();
  /**
   * Whether the caller may read resources, by scope (lowercase id). The nearest scope at or above
   * a resource wins; with no entry the caller may read.
   */
  readonly readAccess = new Map<string, boolean>();
  /** Custom role definitions, by lowercase GUID. */
  readonly customRoleDefinitions = new Map<string, { guid: string; roleName: string; description: string; actions: string[]; dataActions: string[]; assignableScopes: string[] }>();
  /** Trusted Access roles withdrawn from a region, as lowercase `"{location}|{sourceResourceType}/{role}"`. */
  readonly withdrawnTrustedAccessRoles = new Set<string>();
  /** Microsoft.DataProtection backup vaults. */
  readonly backupVaults = new ResourceTable<BackupVaultRecord>();
  /** Backup policies, keyed by `{vaultId}/backupPolicies/{name}`. */
  readonly backupPolicies = new ResourceTable<BackupPolicyRecord>();
  /** Backup instances, keyed by `{vaultId}/backupInstances/{name}`. */
  readonly backupInstances = new ResourceTable<BackupInstanceRecord, "datasource">({ datasource: (b) => b.datasourceId.toLowerCase() });
  /** DataProtection long-running operations, keyed by lower-cased operation id. */
  readonly dataProtectionOperations = new Map<string, DataProtectionOperationRecord>();
  /** Backup jobs, keyed by `{vaultId}/backupJobs/{guid}`. */
  readonly backupJobs = new ResourceTable<BackupJobRecord>();
  /** Recovery points, keyed by `{backupInstanceId}/recoveryPoints/{id}`. */
  readonly recoveryPoints = new ResourceTable<RecoveryPointRecord>();
  /** The live scheduled-backup chain of each backup instance, by lower-cased backup instance id. */
  readonly backupSchedules = new Map<string, { instance: BackupInstanceRecord }>();
  /** Conditions that make backups and restores warn, by lower-cased cluster id. */
  readonly clusterConditions = new Map<string, ClusterConditions>();
  /** Kubernetes objects of each cluster, by lower-cased cluster id, then `namespace/kind/name`. */
  readonly clusterObjects = new Map<string, Map<string, KubeObjectRecord>>();
  /** The objects a recovery point holds (captured when it is taken), by lower-cased recovery point id. */
  readonly recoveryPointObjects = new Map<string, KubeObjectRecord[]>();
  /** Cross-region restore jobs, kept in the secondary region (fetchCrossRegionRestoreJob(s)), not in the vault's job list. */
  readonly crossRegionRestoreJobs = new ResourceTable<BackupJobRecord>();
  /** Clusters whose next backup extension install fails, with the error it fails with. */
  readonly extensionInstallFailures = new Map<string, { code: string; message: string }>();

  constructor(
    readonly options: ResolvedEmulatorOptions,
    readonly subscriptionId: string,
    readonly tenantId: string,
  ) {
    this.clock = new SimClock(options.timeScale, options.startTime);
    this.scheduler = new Scheduler(this.clock);
    this.directory = new Directory(tenantId, this.clock);
    this.operations = new OperationStore(this.clock, this.scheduler);
    this.providers = new ProviderRegistry(options.registeredProviders);
    this.subscriptions.add(subscriptionId.toLowerCase());
  }

  /** Simulated time as an ISO string. */
  isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** ARM `systemData` for a resource created or changed now. */
  systemData(createdAt?: string): Record<string, unknown> {
    const now = this.isoNow();
    return {
      createdBy: "emulator@example.com",
      createdByType: "User",
      createdAt: createdAt ?? now,
      lastModifiedBy: "emulator@example.com",
      lastModifiedByType: "User",
      lastModifiedAt: now,
    };
  }

  /**
   * `Retry-After` (and `retry-after-ms`) for a running operation: the service's usual hint in
   * simulated seconds, scaled by the clock, but never past the operation's end (so an instant
   * profile answers 0 and clients use their own interval). See {@link operationRetryAfterHeaders}.
   */
  retryAfterHeader(hintSimSeconds: number, remainingSimSeconds: number): Record<string, string> {
    return operationRetryAfterHeaders(this.clock, hintSimSeconds, remainingSimSeconds);
  }

  /** The resource group, or a 404 `ResourceGroupNotFound`. */
  requireResourceGroup(subscriptionId: string, name: string): ResourceGroupRecord {
    const rg = this.resourceGroups.get(resourceGroupId(subscriptionId, name));
    if (!rg) throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);
    return rg;
  }

  /** A new GUID. */
  newId(): string {
    return randomUUID();
  }
}

/** `/subscriptions/{s}/resourceGroups/{rg}`. */
export function resourceGroupId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

import { azureFilesRoleScopes } from "../backup/azureFiles.js";
import { defaultPropagationTimeoutInMs, propagationRetry, waitOutPropagation } from "./propagation.js";
import type { AbortSignalLike } from "@azure/abort-controller";
import { AzureRequestError, OperationFailedError } from "../errors.js";
import { callAzure } from "../common/azureCalls.js";
import { logger } from "../common/logger.js";
import type { BackupInstanceInfo } from "../backup/models.js";
import { describeVaultChanges, rolePrincipalOf } from "../backup/vaultSettings.js";
import { defaultProviderNamespaces } from "../providers/models.js";
import { buildAksPolicy } from "../backup/policyPresets.js";
import type { RequirementIdentity } from "../roles/models.js";
import { backupRequirementsOf } from "../roles/permissions.js";
import type { EnableBackupOptions, SetupRoleAssignment } from "./models.js";
import { backupOperatorRole } from "../trustedAccess/models.js";
import { instanceChanges, resourcesToChange, type StepName } from "./plan.js";
import type { Observation } from "./preflight.js";
import type { ResolvedRequest } from "./request.js";
import type { ServiceCache } from "./services.js";
import type { Step, StepContext, StepOutcome } from "./stepGraph.js";


/** What the steps learn as they run, for the result. */
export interface SetupFacts {
  /** The vault's identity. */
  vaultPrincipalId?: string;
  /** The extension's id and identity. */
  extensionId?: string;
  /** The extension's identity. */
  extensionPrincipalId?: string;
  /** The Trusted Access binding. */
  trustedAccessBindingId?: string;
  /** Whether this run created the binding (so it may remove it when another vault won a race for the cluster). */
  trustedAccessBindingCreated?: boolean;
  /** Role assignments made or found. */
  roleAssignments: SetupRoleAssignment[];
  /** The protected backup instance. */
  backupInstance?: BackupInstanceInfo;
  /** The first backup's job. */
  firstBackupJobId?: string;
}

const unchanged = (detail: string): StepOutcome => ({ action: "unchanged", detail, wrote: false });

/** The setup as a dependency graph of idempotent steps. */
export function buildSetupSteps(r: ResolvedRequest, o: Observation, services: ServiceCache, options: EnableBackupOptions, facts: SetupFacts): Step[] {
  const clusterSub = r.cluster.subscriptionId;
  const vaultSub = r.vault.subscriptionId;
  const location = o.cluster!.location;
  const waitOptions = (ctx: StepContext): { abortSignal: AbortSignalLike | undefined; timeoutInMs?: number } => ({
    abortSignal: ctx.abortSignal,
    ...(options.timeoutInMs !== undefined ? { timeoutInMs: options.timeoutInMs } : {}),
  });
  const scopes = { clusterId: r.cluster, storageAccountId: r.storage, snapshotResourceGroupId: r.snapshotResourceGroup, vaultTier: o.vaultTier,
    azureFilesScopes: azureFilesRoleScopes(r.request.backupConfiguration?.includedVolumeTypes, o.cluster ? { ...o.cluster, subscriptionId: r.cluster.subscriptionId } : undefined) };

  const grantRoles = (identity: RequirementIdentity, principalId: () => string | undefined): Step["run"] => async (ctx) => {
    const principal = principalId();
    if (!principal) throw new Error(`the ${identity} identity is unknown`);
    const planned = o.roles.filter((q) => q.identity === identity && q.principalId === principal.toLowerCase());
    if (planned.length > 0 && planned.every((q) => q.existingId !== undefined)) {
      facts.roleAssignments.push(...planned.map((q) => ({ id: q.existingId!, role: q.role, scope: q.scope, identity, principalId: q.principalId, created: false })));
      return unchanged(`the ${identity} identity has its ${planned.length} role(s)`);
    }
    // Preflight's facts say which assignments exist: only the others are granted (no read again).
    const found = planned.filter((q) => q.existingId !== undefined);
    facts.roleAssignments.push(...found.map((q) => ({ id: q.existingId!, role: q.role, scope: q.scope, identity, principalId: q.principalId, created: false })));
    const toGrant = backupRequirementsOf(identity, scopes, principal).filter((q) => !found.some((f) => f.role === q.role && f.scope.toLowerCase() === q.scope.toLowerCase()));
    const granted = await services.roles(clusterSub).grantAll(toGrant, {
      abortSignal: ctx.abortSignal,
      propagationTimeoutInMs: options.propagationTimeoutInMs ?? defaultPropagationTimeoutInMs,
      onProgress: (p) => ctx.waiting(`identity ${p.principalId} not visible to RBAC yet (attempt ${p.attempt}); retrying in ${p.nextRetryInMs} ms`),
    });
    facts.roleAssignments.push(...granted.map((g) => ({ id: g.id, role: g.role, scope: g.scope, identity: g.identity, principalId: g.principalId, created: g.created })));
    const created = granted.filter((g) => g.created);
    return created.length
      ? { action: "granted", detail: `granted ${created.map((g) => g.role).join(", ")} to the ${identity} identity`, wrote: true }
      : unchanged(`the ${identity} identity has its ${granted.length + found.length} role(s)`);
  };

  const steps: Partial<Record<StepName, Omit<Step, "name">>> = {
    providers: {
      dependsOn: [],
      run: async (ctx) => {
        // A namespace preflight could not read (a failed or missing read) is never taken as registered.
        const subCount = new Set([clusterSub.toLowerCase(), vaultSub.toLowerCase()]).size;
        const registered = (ns: string): boolean =>
          o.providers.filter((p) => p.namespace.toLowerCase() === ns.toLowerCase() && p.registrationState === "Registered").length >= subCount;
        const missing = defaultProviderNamespaces.filter((ns) => !registered(ns));
        if (missing.length === 0) return unchanged("all providers are registered");
        ctx.waiting(`registration of ${missing.join(", ")}`);
        const subs = [...new Set([clusterSub.toLowerCase(), vaultSub.toLowerCase()])];
        if (subs.length === 1) {
          // Preflight read their states: register the missing ones, then wait (reads after the write only).
          await Promise.all(missing.map(async (ns) => {
            await callAzure(`Registering ${ns}`, async () => (await services.resources(clusterSub)).providers.register(ns, { abortSignal: ctx.abortSignal }));
            await services.providers(clusterSub).register(ns, waitOptions(ctx));
          }));
        } else {
          await Promise.all(subs.map((s) => services.providers(s).ensureRegistered(defaultProviderNamespaces, waitOptions(ctx))));
        }
        return { action: "registered", detail: `registered ${missing.join(", ")}`, wrote: true };
      },
    },
    snapshotResourceGroup: {
      dependsOn: [],
      run: async (ctx) => {
        if (o.snapshotResourceGroupLocation !== undefined) return unchanged(`${r.snapshotResourceGroup.name} exists`);
        await callAzure(`Creating resource group ${r.snapshotResourceGroup.name}`, async () =>
          (await services.resources(r.snapshotResourceGroup.subscriptionId)).resourceGroups.createOrUpdate(r.snapshotResourceGroup.name, { location, tags: { AKSAzureBackup: location } }, { abortSignal: ctx.abortSignal }));
        return { action: "created", detail: `created ${r.snapshotResourceGroup.name} in ${location}`, wrote: true };
      },
    },
    blobContainer: {
      dependsOn: [],
      run: async (ctx) => {
        if (o.containerExists) return unchanged(`${r.request.blobContainer} exists`);
        await callAzure(`Creating blob container ${r.request.blobContainer}`, async () =>
          (await services.storage(r.storage.subscriptionId)).blobContainers.create(r.storage.resourceGroupName, r.storage.name, r.request.blobContainer, {}, { abortSignal: ctx.abortSignal }));
        return { action: "created", detail: `created ${r.request.blobContainer}`, wrote: true };
      },
    },
    vault: {
      dependsOn: ["providers"],
      run: async (ctx) => {
        const wanted = r.request.vault ?? {};
        const principal = rolePrincipalOf(o.vault, wanted.identity);
        if (o.vault && principal && o.vaultChanges.length === 0) {
          facts.vaultPrincipalId = principal;
          return unchanged(`${r.vault.name} exists with the settings asked for`);
        }
        if (!o.vaultResourceGroupExists) {
          await callAzure(`Creating resource group ${r.vault.resourceGroupName}`, async () =>
            (await services.resources(vaultSub)).resourceGroups.createOrUpdate(r.vault.resourceGroupName, { location }, { abortSignal: ctx.abortSignal }));
        }
        const result = await services.backup(vaultSub).ensureVault(r.vault, {
          location, // the cluster's region, from preflight's facts (no read of the cluster again)
          ...wanted,
          // Preflight listed every change and checked that request.confirm allows those that need it.
          ...(o.vaultChanges.some((c) => c.needsConfirm) ? { confirm: r.vault.name } : {}),
          abortSignal: ctx.abortSignal,
        });
        facts.vaultPrincipalId = rolePrincipalOf(result, wanted.identity);
        if (result.action === "unchanged" && o.vaultResourceGroupExists) return unchanged(`${r.vault.name} exists`);
        const detail = result.action === "updated" ? `changed ${describeVaultChanges(result.changes)} on ${r.vault.name}` : `${result.action} ${r.vault.name} in ${result.location}`;
        return { action: result.action, detail, wrote: true };
      },
    },
    policy: {
      dependsOn: ["vault"],
      run: async (ctx) => {
        // An existing policy is the user's: use it as it is, never rewrite it.
        if (o.policy) return unchanged(`${r.policy.name} exists`);
        // Preflight saw it absent: create it from the preset without reading it again.
        await callAzure(`Creating backup policy ${r.policy.id}`, () =>
          services.dataProtection(vaultSub).backupPolicies.createOrUpdate(r.vault.resourceGroupName, r.vault.name, r.policy.name, { properties: buildAksPolicy(r.policyPreset) }, { abortSignal: ctx.abortSignal }));
        return { action: "created", detail: `created ${r.policy.name}`, wrote: true };
      },
    },
    extension: {
      dependsOn: ["providers", "blobContainer"],
      run: async (ctx) => {
        const e = o.extension;
        const needed = !e || e.provisioningState !== "Succeeded" || e.storageAccountId?.toLowerCase() !== r.storage.id.toLowerCase() ||
          e.blobContainer !== r.request.blobContainer || !e.useAad || resourcesToChange(e, r.request.extensionResources).length > 0;
        if (!needed && e) {
          facts.extensionId = e.id;
          facts.extensionPrincipalId = e.principalId;
          return unchanged(`${e.name} is installed`);
        }
        ctx.waiting(e ? "the Backup Extension to update" : "the Backup Extension to install");
        const info = await services.extension(clusterSub).install(r.cluster, {
          storageAccountId: r.storage.id,
          blobContainer: r.request.blobContainer,
          ...(r.request.extensionResources ? { resources: r.request.extensionResources } : {}),
          // A move was confirmed in the preflight (request.confirm has the extension's name).
          ...(e ? { confirm: e.name } : {}),
        }, { ...waitOptions(ctx), onProgress: (s) => ctx.waiting(`Backup Extension ${s.lastStatus ?? "pending"}`) });
        facts.extensionId = info.id;
        facts.extensionPrincipalId = info.principalId;
        return { action: e ? "updated" : "installed", detail: `${info.name} ${info.version ?? ""} is ${info.provisioningState}`, wrote: true };
      },
    },
    trustedAccess: {
      dependsOn: ["vault", "providers"],
      run: async (ctx) => {
        const b = o.binding;
        if (b && b.provisioningState === "Succeeded" && b.roles.includes(backupOperatorRole)) {
          facts.trustedAccessBindingId = b.id;
          return unchanged(`binding ${b.name} exists`);
        }
        const result = await services.trustedAccess(clusterSub).bind(r.cluster, r.vault, {
          ...waitOptions(ctx),
          onProgress: (s) => ctx.waiting(`Trusted Access binding ${s.lastStatus ?? "pending"}`),
        });
        facts.trustedAccessBindingId = result.id;
        facts.trustedAccessBindingCreated = result.created;
        return result.created ? { action: "created", detail: `bound the vault as ${result.name}`, wrote: true } : unchanged(`binding ${result.name} exists`);
      },
    },
    "roles.cluster": { dependsOn: ["snapshotResourceGroup"], run: grantRoles("cluster", () => o.cluster?.principalId) },
    "roles.vault": { dependsOn: ["vault", "snapshotResourceGroup"], run: grantRoles("vault", () => facts.vaultPrincipalId) },
    "roles.extension": { dependsOn: ["extension"], run: grantRoles("extension", () => facts.extensionPrincipalId) },
    backupInstance: {
      dependsOn: ["policy", "extension", "trustedAccess", "roles.cluster", "roles.vault", "roles.extension"],
      run: async (ctx) => {
        try {
          return await protect(r, o, services, options, facts, ctx);
        } catch (e) {
          await removeBindingOfLostRace(e, facts, services, clusterSub, ctx);
          throw e;
        }
      },
    },
  };
  if (r.request.firstBackup) {
    steps.firstBackup = { dependsOn: ["backupInstance"], run: (ctx) => firstBackup(services, facts, ctx) };
  }
  return Object.entries(steps).map(([name, s]) => ({ name, ...s }));
}

/** Configures protection, riding out RBAC and Trusted Access propagation by polling validation. */
/** Whether an error (or its causes) says the cluster is already protected by another vault. */
function isAlreadyProtected(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "UserErrorDppDatasourceAlreadyProtected") return true;
  }
  return false;
}

/**
 * When another vault won a race to protect the cluster, removes the Trusted Access binding this
 * run created for its own vault (nothing else uses it), so the lost setup leaves no stray
 * binding. A binding found in place is never removed.
 */
async function removeBindingOfLostRace(error: unknown, facts: SetupFacts, services: ServiceCache, clusterSub: string, ctx: StepContext): Promise<void> {
  if (!isAlreadyProtected(error) || !facts.trustedAccessBindingCreated || !facts.trustedAccessBindingId) return;
  const name = facts.trustedAccessBindingId.split("/").at(-1) ?? "";
  try {
    ctx.waiting(`another vault protects the cluster: removing the binding ${name} this run created`);
    await services.trustedAccess(clusterSub).unbind(facts.trustedAccessBindingId, { confirm: name, abortSignal: ctx.abortSignal });
    facts.trustedAccessBindingCreated = false;
  } catch (cleanup) {
    logger.warning(`Could not remove the Trusted Access binding ${name} after losing a race: ${cleanup instanceof Error ? cleanup.message : String(cleanup)}`);
  }
}

async function protect(r: ResolvedRequest, o: Observation, services: ServiceCache, options: EnableBackupOptions, facts: SetupFacts, ctx: StepContext): Promise<StepOutcome> {
  const backup = services.backup(r.vault.subscriptionId);
  const existing = o.instances[0];
  const change = existing ? instanceChanges(existing, r) : "create";
  if (existing && !change && existing.protectionState === "ProtectionConfigured") {
    facts.backupInstance = existing;
    return unchanged(`${existing.name} is ${existing.protectionState}`);
  }
  if (existing && ["ProtectionStopped", "BackupsSuspended", "BackupSchedulesSuspended"].includes(existing.protectionState)) {
    ctx.waiting("protection to resume");
    await backup.resumeProtection(existing.id, { abortSignal: ctx.abortSignal });
  }
  const deadline = Date.now() + (options.propagationTimeoutInMs ?? defaultPropagationTimeoutInMs);
  let raced = false;
  for (let attempt = 1, wait = propagationRetry.firstInMs as number; ; attempt += 1, wait = Math.min(wait * 2, propagationRetry.maxInMs)) {
    try {
      facts.backupInstance = await backup.configureProtection({
        clusterId: r.cluster,
        vaultId: r.vault,
        policyId: r.policy,
        snapshotResourceGroupId: r.snapshotResourceGroup,
        backupInstanceName: existing?.name ?? r.backupInstanceName,
        ...(r.request.backupConfiguration ? { configuration: r.request.backupConfiguration } : {}),
        // The instance uses the identity that gets the vault's roles (identityDetails for a user-assigned one).
        ...(r.request.vault?.identity ? { vaultIdentity: r.request.vault.identity } : {}),
      }, { abortSignal: ctx.abortSignal, onProgress: (s) => ctx.waiting(`backup instance ${s.lastStatus ?? "pending"}`), ...(existing ? { confirm: existing.name } : {}) });
      break;
    } catch (e) {
      // Another run protected the cluster between our lookup and our validation: look again once (it finds that instance and waits for it).
      if (!raced && (e instanceof AzureRequestError || e instanceof OperationFailedError) && e.code === "UserErrorDppDatasourceAlreadyProtected") {
        raced = true;
        continue;
      }
      await waitOutPropagation(ctx, e, wait, deadline, attempt);
    }
  }
  return change ? { action: existing ? "updated" : "created", detail: `${facts.backupInstance.name} is ${facts.backupInstance.protectionState}${existing ? ` (${change})` : ""}`, wrote: true } : unchanged(`${existing!.name} is ${existing!.protectionState}`);
}

/**
 * Starts an on-demand backup unless the instance already has a recovery point or a backup job
 * running (a rerun after an interruption must not start a second one). Does not wait for it.
 */
async function firstBackup(services: ServiceCache, facts: SetupFacts, ctx: StepContext): Promise<StepOutcome> {
  const bi = facts.backupInstance!;
  const backup = services.backup(bi.vaultId.split("/")[2]!);
  const o = { abortSignal: ctx.abortSignal };
  for await (const point of backup.listRecoveryPoints(bi.id, o)) return unchanged(`recovery point ${point.id.split("/").at(-1)!} exists`);
  for await (const job of backup.listJobs(bi.vaultId, { ...o, backupInstanceId: bi.id, operation: "backup", status: "InProgress" })) {
    facts.firstBackupJobId = job.id;
    return unchanged(`backup job ${job.name} is already running`);
  }
  const job = await backup.backupNow(bi.id, o);
  facts.firstBackupJobId = job.id;
  return { action: "started", detail: `backup job ${job.name} started`, wrote: true };
}

import { backupPolicyIn, checkName, parseBackupPolicyId, parseBackupVaultId, parseClusterId, parseResourceGroupId, parseStorageAccountId, type BackupPolicyRef, type BackupVaultRef, type ClusterRef, type ResourceGroupRef, type StorageAccountRef } from "../common/references.js";
import { InputValidationError } from "../errors.js";
import { resolvePreset } from "../backup/policyPresets.js";
import { defaultBackupInstanceName, requirePolicyInVault, validateBackupConfiguration } from "../backup/requestBuilders.js";
import type { AksPolicyPreset, AksPolicyPresetName } from "../backup/models.js";
import { validateBlobContainer, validateResources } from "../extension/settings.js";
import type { EnableBackupRequest, PreflightProblem } from "./models.js";

/** The default policy name in the vault. */
export const defaultPolicyName = "aks-backup-policy";

/** A request with its ids parsed and its defaults applied. */
export interface ResolvedRequest {
  /** The request as given. */
  request: EnableBackupRequest;
  /** Parsed cluster id. */
  cluster: ClusterRef;
  /** Parsed vault id. */
  vault: BackupVaultRef;
  /** Parsed storage account id. */
  storage: StorageAccountRef;
  /** Parsed snapshot resource group id. */
  snapshotResourceGroup: ResourceGroupRef;
  /** Parsed policy id (the default one when the request gives none). */
  policy: BackupPolicyRef;
  /** Preset for a missing policy. */
  policyPreset: AksPolicyPreset | AksPolicyPresetName;
  /** Backup instance name. */
  backupInstanceName: string;
}

/** Turns an input error into a preflight problem; rethrows anything else. */
function collect(problems: PreflightProblem[], check: () => void): void {
  try {
    check();
  } catch (e) {
    if (!(e instanceof InputValidationError)) throw e;
    problems.push({ subject: e.parameter, problem: e.problem, fix: e.fix });
  }
}

/**
 * Checks every field of the request without a request to Azure, collecting all problems
 * (not only the first), and applies the defaults.
 */
export function resolveRequest(request: EnableBackupRequest): { resolved: ResolvedRequest | undefined; problems: PreflightProblem[] } {
  const problems: PreflightProblem[] = [];
  if (request === null || typeof request !== "object") {
    return { resolved: undefined, problems: [{ subject: "request", problem: "it is missing", fix: "pass { clusterId, vaultId, storageAccountId, blobContainer, snapshotResourceGroupId }" }] };
  }
  const ids: { cluster?: ClusterRef; vault?: BackupVaultRef; storage?: StorageAccountRef; snapshotResourceGroup?: ResourceGroupRef; policy?: BackupPolicyRef } = {};
  collect(problems, () => (ids.cluster = parseClusterId(request.clusterId, "clusterId")));
  collect(problems, () => (ids.vault = parseBackupVaultId(request.vaultId, "vaultId")));
  collect(problems, () => (ids.storage = parseStorageAccountId(request.storageAccountId, "storageAccountId")));
  collect(problems, () => (ids.snapshotResourceGroup = parseResourceGroupId(request.snapshotResourceGroupId, "snapshotResourceGroupId")));
  collect(problems, () => validateBlobContainer(request.blobContainer));
  if (ids.vault) {
    const vault = ids.vault;
    collect(problems, () => {
      ids.policy = request.policyId === undefined ? backupPolicyIn(vault, defaultPolicyName, "policyId") : parseBackupPolicyId(request.policyId, "policyId");
      requirePolicyInVault(ids.policy, vault, "policyId");
    });
  }
  const policyPreset = request.policyPreset ?? "every4Hours";
  collect(problems, () => resolvePreset(policyPreset, "policyPreset"));
  if (request.backupConfiguration !== undefined) collect(problems, () => validateBackupConfiguration(request.backupConfiguration!, "backupConfiguration"));
  collect(problems, () => validateResources(request.extensionResources));
  let backupInstanceName = request.backupInstanceName;
  if (ids.cluster) backupInstanceName ??= defaultBackupInstanceName(ids.cluster);
  if (backupInstanceName !== undefined) collect(problems, () => checkName("backupInstance", backupInstanceName, "backupInstanceName"));
  if (problems.length > 0 || !ids.cluster || !ids.vault || !ids.storage || !ids.snapshotResourceGroup || !ids.policy || !backupInstanceName) {
    return { resolved: undefined, problems };
  }
  return {
    resolved: {
      request,
      cluster: ids.cluster,
      vault: ids.vault,
      storage: ids.storage,
      snapshotResourceGroup: ids.snapshotResourceGroup,
      policy: ids.policy,
      policyPreset,
      backupInstanceName,
    },
    problems,
  };
}

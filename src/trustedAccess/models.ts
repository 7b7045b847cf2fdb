import type { OperationOptions, WaitOptions } from "../common/options.js";
import type { WaitState } from "../common/poller.js";

/** The Trusted Access role a Backup vault needs on a cluster. */
export const backupOperatorRole = "Microsoft.DataProtection/backupVaults/backup-operator";

/** A Trusted Access role binding on a managed cluster. */
export interface TrustedAccessBindingInfo {
  /** `{clusterId}/trustedAccessRoleBindings/{name}`. */
  id: string;
  /** The binding's name (1-24 letters, digits and dashes). */
  name: string;
  /** The cluster it is on. */
  clusterId: string;
  /** ARM id of the resource granted access, e.g. a Backup vault. */
  sourceResourceId: string;
  /** Roles granted, e.g. "Microsoft.DataProtection/backupVaults/backup-operator". */
  roles: string[];
  /** "Updating", "Succeeded", "Failed", "Canceled" or "Deleting". */
  provisioningState: string;
}

/** What {@link TrustedAccessBinder.bind} did. */
export interface BindResult {
  /** Id of the binding that gives the vault access. */
  id: string;
  /** Its name. */
  name: string;
  /** Whether this call created it (false when an existing binding of the vault was reused). */
  created: boolean;
}

/** Options of {@link TrustedAccessBinder.bind} and {@link TrustedAccessBinder.beginBind}. Default `timeoutInMs`: 10 minutes. */
export interface BindOptions extends WaitOptions<WaitState<BindResult>> {
  /**
   * Name of a new binding. Default: derived from the vault id ("tarb-" and 16 hex digits), so
   * that every run picks the same name. An existing binding of the vault is reused whatever its name.
   */
  name?: string;
}

/** Options of {@link TrustedAccessBinder.unbind}. Default `timeoutInMs`: 10 minutes. */
export interface UnbindOptions extends WaitOptions<WaitState<void>> {
  /** The binding's name: unbinding removes the vault's access to the cluster (its backups fail). */
  confirm: string;
}

/** Options of {@link TrustedAccessBinder.get} and {@link TrustedAccessBinder.list}. */
export type GetBindingOptions = OperationOptions;

/** Options of {@link TrustedAccessBinder.list}. */
export type ListBindingsOptions = OperationOptions;
/** Options of {@link TrustedAccessBinder.isRoleAvailable}. */
export interface IsRoleAvailableOptions extends OperationOptions {
  /** The subscription whose Trusted Access roles are read. Default: the binder's. */
  subscriptionId?: string;
}

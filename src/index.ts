/**
 * `aks-backup`: set up and manage Azure Backup for AKS clusters, as typed, idempotent calls on
 * the Azure SDK.
 *
 * @packageDocumentation
 */
export { parseArmId, isGuid, resourceTypes, type ArmResourceId } from "./common/armId.js";
export {
  AksBackupError,
  AzureRequestError,
  InputValidationError,
  OperationFailedError,
  WaitTimeoutError,
  errorNames,
  type ServiceErrorDetail,
} from "./common/errors.js";
export type { AksBackupClientOptions, OperationOptions, WaitOptions } from "./common/options.js";
export type { WaitState } from "./common/poller.js";
export { isKubernetesQuantity, parseQuantity } from "./common/quantity.js";
export { ProviderRegistrar, validateNamespace } from "./providers/providerRegistrar.js";
export {
  defaultProviderNamespaces,
  type EnsureRegisteredOptions,
  type GetProviderOptions,
  type ProviderRegistration,
  type RegisterProviderOptions,
} from "./providers/models.js";

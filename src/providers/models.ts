import type { WaitOptions, OperationOptions } from "../common/options.js";
import type { WaitState } from "../common/poller.js";

/** Registration state of a resource provider namespace in a subscription. */
export interface ProviderRegistration {
  /** The namespace as Azure spells it, e.g. "Microsoft.DataProtection". */
  namespace: string;
  /** "NotRegistered", "Registering", "Registered", "Unregistering" or "Unregistered". */
  registrationState: string;
}

/** The namespaces AKS backup needs registered. */
export const defaultProviderNamespaces: readonly string[] = [
  "Microsoft.KubernetesConfiguration",
  "Microsoft.DataProtection",
  "Microsoft.ContainerService",
];

/** Options of {@link ProviderRegistrar.get}. */
export type GetProviderOptions = OperationOptions;

/** Options of {@link ProviderRegistrar.beginRegister}. Default `timeoutInMs`: 15 minutes. */
export type RegisterProviderOptions = WaitOptions<WaitState<ProviderRegistration>>;

/** Options of {@link ProviderRegistrar.ensureRegistered}. Default `timeoutInMs`: 15 minutes. */
export interface EnsureRegisteredOptions extends OperationOptions {
  /** Called whenever one namespace's state changes. */
  onProgress?: (registration: ProviderRegistration) => void;
  /** Interval between polls. Default: the client's `pollIntervalInMs`. */
  pollIntervalInMs?: number;
  /** Gives up waiting for one namespace after this long. Default: 15 minutes. */
  timeoutInMs?: number;
}

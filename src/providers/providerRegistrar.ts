import type { TokenCredential } from "@azure/core-auth";
import type { PollerLike } from "@azure/core-lro";
import type { ResourceManagementClient } from "@azure/arm-resources";
import { clientsFor } from "../clients/clientCache.js";
import { isRestError } from "@azure/core-rest-pipeline";
import { AzureRequestError, InputValidationError } from "../errors.js";
import { logger } from "../common/logger.js";
import {
  defaultPollIntervalInMs,
  validateDurationInMs,
  type AksBackupClientOptions,
  validateClientArguments,
} from "../common/options.js";
import { createWaitPoller, type WaitState } from "../common/poller.js";
import { validateInputs } from "../common/schemas/validate.js";
import * as schemas from "../common/schemas/providers.js";
import {
  defaultProviderNamespaces,
  type EnsureRegisteredOptions,
  type GetProviderOptions,
  type ProviderRegistration,
  type RegisterProviderOptions,
} from "./models.js";

const namespacePattern = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;
const defaultTimeoutInMs = 15 * 60_000;

/** Checks a namespace's form ("Microsoft.DataProtection"); throws naming `parameter`. */
export function validateNamespace(namespace: unknown, parameter: string): string {
  if (typeof namespace !== "string" || namespace.trim() === "") {
    throw new InputValidationError(parameter, "the namespace is empty", 'pass a resource provider namespace such as "Microsoft.DataProtection"');
  }
  if (!namespacePattern.test(namespace)) {
    throw new InputValidationError(parameter, `'${namespace}' is not a resource provider namespace`, 'use the form "Company.Service", e.g. "Microsoft.KubernetesConfiguration"');
  }
  return namespace;
}

/**
 * Registers the resource providers AKS backup needs and waits until they are `Registered`.
 * Registration is a subscription-level write; namespaces already registered get none.
 */
export class ProviderRegistrar {
  /** The Resources client of the subscription, loaded on first use. */
  readonly #client: () => Promise<ResourceManagementClient>;
  readonly #pollIntervalInMs: number;

  /**
   * @param credential - identity with `Microsoft.Resources/subscriptions/providers/register/action`
   *   (Contributor on the subscription).
   * @param subscriptionId - the subscription's GUID.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupClientOptions = {}) {
    validateClientArguments(subscriptionId, options, credential);
    // Starts loading the client now (in the background), so the first call does not wait for it.
    const client = clientsFor(credential, options).resources(subscriptionId);
    client.catch(() => undefined); // a failure surfaces at the first call, not as an unhandled rejection
    this.#client = () => client;
    this.#pollIntervalInMs = options.pollIntervalInMs ?? defaultPollIntervalInMs;
  }

  /** The registration state of a namespace. */
  async get(namespace: string, options: GetProviderOptions = {}): Promise<ProviderRegistration> {
    validateInputs([schemas.providerNamespace, namespace, "namespace"], [schemas.getProviderOptions, options, "(options)"]);
    validateNamespace(namespace, "namespace");
    try {
      const p = await (await this.#client()).providers.get(namespace, { abortSignal: options.abortSignal });
      return { namespace: p.namespace ?? namespace, registrationState: p.registrationState ?? "Unknown" };
    } catch (e) {
      if (isRestError(e) && e.code === "InvalidResourceNamespace") {
        throw new InputValidationError("namespace", `'${namespace}' is not a resource provider namespace Azure knows`, "check the spelling (e.g. Microsoft.KubernetesConfiguration)");
      }
      if (isRestError(e)) throw new AzureRequestError(`Reading the registration of ${namespace}`, e);
      throw e;
    }
  }

  /**
   * Registers a namespace and waits until it is `Registered` (polling GET; Azure gives no
   * long-running operation for this). Makes no write if it is already registered.
   */
  beginRegister(namespace: string, options: RegisterProviderOptions = {}): PollerLike<WaitState<ProviderRegistration>, ProviderRegistration> {
    validateInputs([schemas.providerNamespace, namespace, "namespace"], [schemas.registerProviderOptions, options, "(options)"]);
    return this.registerPoller(namespace, options, undefined);
  }

  /** {@link ProviderRegistrar.beginRegister}, starting from a state already read (`known`) instead of reading it again. */
  private registerPoller(namespace: string, options: RegisterProviderOptions, known: ProviderRegistration | undefined): PollerLike<WaitState<ProviderRegistration>, ProviderRegistration> {
    validateNamespace(namespace, "namespace");
    validateDurationInMs(options.pollIntervalInMs, "pollIntervalInMs");
    validateDurationInMs(options.timeoutInMs, "timeoutInMs");
    const { abortSignal } = options;
    return createWaitPoller<ProviderRegistration>({
      description: `${namespace} to be Registered`,
      operation: "providerRegistration",
      abortSignal,
      intervalInMs: options.pollIntervalInMs ?? this.#pollIntervalInMs,
      timeoutInMs: options.timeoutInMs ?? defaultTimeoutInMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.restoreFrom !== undefined ? { restoreFrom: options.restoreFrom } : {}),
      start: async (signal) => {
        const current = known ?? await this.get(namespace, { abortSignal: signal });
        if (current.registrationState === "Registered" || current.registrationState === "Registering") return;
        logger.info(`Registering resource provider ${namespace} (was ${current.registrationState})`);
        try {
          await (await this.#client()).providers.register(namespace, { abortSignal: signal });
        } catch (e) {
          if (isRestError(e)) {
            throw new AzureRequestError(`Registering ${namespace}`, e, e.code === "AuthorizationFailed"
              ? "registering a provider needs Contributor (or the register/action permission) on the subscription."
              : undefined);
          }
          throw e;
        }
      },
      check: async (signal) => {
        const r = await this.get(namespace, { abortSignal: signal });
        return r.registrationState === "Registered"
          ? { done: true, status: r.registrationState, result: r }
          : { done: false, status: r.registrationState };
      },
    });
  }

  /** Registers a namespace and resolves once it is `Registered`. */
  async register(namespace: string, options: RegisterProviderOptions = {}): Promise<ProviderRegistration> {
    return this.beginRegister(namespace, options).pollUntilDone();
  }

  /**
   * Converges several namespaces to `Registered` at the same time. Every name is checked
   * before any request, and every state is read before any write, so an unknown namespace
   * fails the call with nothing registered.
   * @param namespaces - default: Microsoft.KubernetesConfiguration, Microsoft.DataProtection,
   *   Microsoft.ContainerService.
   */
  async ensureRegistered(namespaces: readonly string[] = defaultProviderNamespaces, options: EnsureRegisteredOptions = {}): Promise<ProviderRegistration[]> {
    validateInputs([schemas.providerNamespaces, namespaces, "namespaces"], [schemas.ensureRegisteredOptions, options, "(options)"]);
    const list: unknown = namespaces;
    if (!Array.isArray(list) || list.length === 0) {
      throw new InputValidationError("namespaces", "the list is empty", "pass at least one namespace, or omit it for the defaults");
    }
    namespaces.forEach((ns, i) => validateNamespace(ns, `namespaces[${i}]`));
    const unique = [...new Map(namespaces.map((n) => [n.toLowerCase(), n])).values()];
    const { abortSignal, onProgress } = options;
    const current = await Promise.all(unique.map((ns) => this.get(ns, { abortSignal })));
    return Promise.all(
      current.map(async (state) => {
        onProgress?.(state);
        if (state.registrationState === "Registered") return state;
        let last = state.registrationState;
        return this.registerPoller(state.namespace, {
          abortSignal,
          ...(options.pollIntervalInMs !== undefined ? { pollIntervalInMs: options.pollIntervalInMs } : {}),
          ...(options.timeoutInMs !== undefined ? { timeoutInMs: options.timeoutInMs } : {}),
          onProgress: (s) => {
            if (s.lastStatus !== undefined && s.lastStatus !== last) {
              last = s.lastStatus;
              onProgress?.({ namespace: state.namespace, registrationState: s.lastStatus });
            }
          },
        }, state).pollUntilDone();
      }),
    );
  }
}

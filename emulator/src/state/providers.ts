import { regionDisplayNames, regionNames } from "../data/regions.js";
import { apiVersions } from "../rp/apiVersions.js";

/** Registration states a resource provider reports. */
export type RegistrationState = "NotRegistered" | "Registering" | "Registered" | "Unregistering" | "Unregistered";

/** A resource type a provider serves, as `GET /providers/{ns}` lists it. */
export interface ProviderResourceType {
  resourceType: string;
  locations: string[];
  apiVersions: string[];
  capabilities?: string;
}

/** A namespace the emulator knows. */
export interface ProviderCatalogEntry {
  namespace: string;
  resourceTypes: ProviderResourceType[];
  /** `RegistrationFree` namespaces are always registered and cannot be unregistered. */
  registrationPolicy: "RegistrationRequired" | "RegistrationFree";
  /** First-party applications the provider authorizes, as `GET /providers/{ns}` lists them. */
  authorizations?: Array<{ applicationId: string; roleDefinitionId: string }>;
}

/** Regions the emulator accepts for resources: every public Azure region (data/regions.ts). */
export const knownLocations: readonly string[] = regionNames;

function types(apiVersions: readonly string[], ...names: Array<string | [string, string]>): ProviderResourceType[] {
  return names.map((n) => {
    const [resourceType, capabilities] = Array.isArray(n) ? n : [n, undefined];
    return { resourceType, locations: [...regionDisplayNames], apiVersions: [...apiVersions], ...(capabilities ? { capabilities } : {}) };
  });
}

/** The namespaces the emulator serves or knows, with their resource types. */
export const providerCatalog: ProviderCatalogEntry[] = [
  {
    namespace: "Microsoft.KubernetesConfiguration",
    registrationPolicy: "RegistrationRequired",
    // As recorded (test_k8s_extension).
    authorizations: [
      { applicationId: "c699bf69-fb1d-4eaf-999b-99e6b2ae4d85", roleDefinitionId: "90155430-a360-410f-af5d-89dc284d85c6" },
      { applicationId: "03db181c-e9d3-4868-9097-f0b728327182", roleDefinitionId: "DE2ADB97-42D8-49C8-8FCF-DBB53EF936AC" },
      { applicationId: "a0f92522-89de-4c5e-9a75-0044ccf66efd", roleDefinitionId: "b3429810-7d5c-420e-8605-cf280f3099f2" },
      { applicationId: "bd9b7cd5-dac1-495f-b013-ac871e98fa5f", roleDefinitionId: "0d44c8f0-08b9-44d4-9f59-e51c83f95200" },
      { applicationId: "585fc3c3-9a59-4720-8319-53cce041a605", roleDefinitionId: "4a9ce2ee-6de2-43ba-a7bd-8f316de763a7" },
    ],
    resourceTypes: types(
      apiVersions.kubernetesConfiguration,
      ["extensions", "SystemAssignedResourceIdentity, SupportsExtension"],
      "sourceControlConfigurations",
      "fluxConfigurations",
      "operations",
    ),
  },
  {
    namespace: "Microsoft.DataProtection",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: types(
      apiVersions.dataProtection,
      ["BackupVaults", "SupportsTags, SupportsLocation"],
      "ResourceGuards",
      "locations/operationStatus",
      "locations/operationResults",
      "operations",
    ),
  },
  {
    namespace: "Microsoft.ContainerService",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: types(apiVersions.containerService, "managedClusters", "locations/trustedAccessRoles", "locations/operations"),
  },
  {
    namespace: "Microsoft.Storage",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: types(apiVersions.storage, "storageAccounts", "storageAccounts/blobServices/containers"),
  },
  {
    namespace: "Microsoft.Kubernetes",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: types(apiVersions.connectedClusters, "connectedClusters"),
  },
  {
    namespace: "Microsoft.Authorization",
    registrationPolicy: "RegistrationFree",
    resourceTypes: types(apiVersions.authorization, "roleAssignments", "roleDefinitions"),
  },
  {
    namespace: "Microsoft.Resources",
    registrationPolicy: "RegistrationFree",
    resourceTypes: types(apiVersions.resources, "resourceGroups", "subscriptions"),
  },
];

/** Catalog entry for a namespace (case-insensitive), or undefined. */
export function catalogEntry(namespace: string): ProviderCatalogEntry | undefined {
  const ns = namespace.toLowerCase();
  return providerCatalog.find((p) => p.namespace.toLowerCase() === ns);
}

/** Registration state of every known namespace, per subscription. */
export class ProviderRegistry {
  private readonly states = new Map<string, Map<string, RegistrationState>>();

  constructor(private readonly initiallyRegistered: string[]) {}

  private forSubscription(subscriptionId: string): Map<string, RegistrationState> {
    const key = subscriptionId.toLowerCase();
    let m = this.states.get(key);
    if (!m) {
      m = new Map();
      for (const p of providerCatalog) {
        const on = p.registrationPolicy === "RegistrationFree" ||
          this.initiallyRegistered.some((n) => n.toLowerCase() === p.namespace.toLowerCase());
        m.set(p.namespace.toLowerCase(), on ? "Registered" : "NotRegistered");
      }
      this.states.set(key, m);
    }
    return m;
  }

  /** State of a namespace; undefined for an unknown namespace. */
  get(subscriptionId: string, namespace: string): RegistrationState | undefined {
    return this.forSubscription(subscriptionId).get(namespace.toLowerCase());
  }

  /** Sets the state of a known namespace. */
  set(subscriptionId: string, namespace: string, state: RegistrationState): void {
    this.forSubscription(subscriptionId).set(namespace.toLowerCase(), state);
  }

  /** Whether writes to this namespace are allowed (unknown namespaces are not checked). */
  isRegistered(subscriptionId: string, namespace: string): boolean {
    const s = this.get(subscriptionId, namespace);
    return s === undefined || s === "Registered";
  }
}

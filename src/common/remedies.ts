/**
 * What to do about common ARM error codes, in one place so every message says the same.
 * Used when the caller has no more specific advice.
 */
const remedies: Record<string, string> = {
  MissingSubscriptionRegistration:
    "register the resource provider first: `aks.providers.ensureRegistered()` (or `az provider register --namespace <ns>`).",
  AuthorizationFailed:
    "the identity running this code lacks permission at that scope; grant it Contributor (or a role with that action), and Owner or User Access Administrator for role assignments.",
  LinkedAuthorizationFailed:
    "the identity running this code may perform the action, but not on a resource the request names (the linked scope in the message; e.g. read on the source cluster for a restore into another cluster); grant it Reader (or a role with the action named) on that scope and retry.",
  ResourceGroupNotFound: "create the resource group, or correct the resource group name in the id.",
  ResourceNotFound: "check the resource id (subscription, resource group, name); the resource does not exist.",
  SubscriptionNotFound: "check the subscription id and that the credential's tenant has access to it.",
  InvalidAuthenticationToken: "check the credential: the token was rejected (expired, wrong tenant or wrong audience).",
  AuthenticationFailed: "check the credential: no valid token was sent.",
  NoRegisteredProviderFound: "the service does not support this api-version in this region; upgrade aks-backup.",
  InvalidApiVersionParameter: "the service does not support this api-version; upgrade aks-backup.",
  PrincipalNotFound:
    "the identity is not yet visible to Microsoft Entra ID; wait a minute and retry (aks-backup retries this for you up to its propagation timeout).",
  RoleAssignmentExists: "none needed: the role is already assigned.",
  DppUserErrorVaultTierPolicyNotSupported:
    "the vault's region has no vault tier for AKS backups (Israel Central, Poland Central, Spain Central, sovereign clouds); use an operational-tier policy (preset \"daily\", \"every4Hours\"...) or a vault in a region with the vault tier.",
};

/** Advice for an ARM error code or HTTP status, or undefined when there is nothing general to say. */
export function remedyFor(code: string, statusCode: number | undefined): string | undefined {
  const known = remedies[code];
  if (known) return known;
  if (statusCode === 429) return "ARM throttled the subscription; retry later or lower the concurrency.";
  if (statusCode !== undefined && statusCode >= 500) return "a transient Azure error; retry the call (it is idempotent).";
  return undefined;
}

import { badRequest } from "../../http/armError.js";
import type { EmulatorState } from "../../state/state.js";
import { userAssignedIdentities } from "../managedIdentity.js";
import { isObject, type Json } from "./common.js";

const identityTypes = new Map(["SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned", "None"].map((t) => [t.replace(/\s+/g, "").toLowerCase(), t]));

/**
 * A user-assigned identity of a vault, resolved against the identity resource (its principalId
 * and clientId). An id the directory knows without a resource (an identity seeded with a
 * cluster) is still accepted. Guess: the code and wording for an identity that does not exist
 * (ARM's managed identity layer answers `FailedIdentityOperation` for VMs; not recorded for vaults).
 */
function resolveUserAssigned(state: EmulatorState, uami: string): Json {
  const resource = userAssignedIdentities(state).get(uami);
  if (resource) return { principalId: resource.principalId, clientId: resource.clientId };
  const known = state.directory.ownedBy(uami).find((p) => p.kind === "userAssigned");
  if (known) return { principalId: known.principalId, clientId: known.principalId };
  throw badRequest(`Identity operation for resource failed: the user-assigned identity '${uami}' was not found.`, "FailedIdentityOperation", "identity.userAssignedIdentities");
}

/**
 * The vault's `identity` block. A system-assigned identity gets a principal in the emulated
 * directory (kept across PUTs, so role assignments made for it stay valid).
 */
export function vaultIdentity(state: EmulatorState, vaultId: string, requested: unknown, previous: unknown): Json {
  if (requested === undefined || requested === null) return isObject(previous) ? previous : { type: "None" };
  if (!isObject(requested) || typeof requested["type"] !== "string") {
    throw badRequest("'identity.type' is required: SystemAssigned, UserAssigned, 'SystemAssigned,UserAssigned' or None.", "InvalidRequestContent", "identity.type");
  }
  const type = identityTypes.get(requested["type"].replace(/\s+/g, "").toLowerCase());
  if (!type) {
    // Guess: the service's code for an unknown identity type.
    throw badRequest(`The identity type '${requested["type"]}' is not supported.`, "InvalidIdentityType", "identity.type");
  }
  const out: Json = { type };
  if (type.includes("SystemAssigned")) {
    const prev = isObject(previous) && typeof previous["principalId"] === "string" ? previous : undefined;
    const principal = prev ? { principalId: prev["principalId"] as string, tenantId: prev["tenantId"] as string } : state.directory.create("vault", vaultId);
    out["principalId"] = principal.principalId;
    out["tenantId"] = principal.tenantId;
  }
  if (type.includes("UserAssigned")) {
    const ids = isObject(requested["userAssignedIdentities"]) ? Object.keys(requested["userAssignedIdentities"]) : [];
    if (ids.length === 0) throw badRequest("'identity.userAssignedIdentities' needs at least one identity id.", "InvalidRequestContent", "identity.userAssignedIdentities");
    const uamis: Json = {};
    for (const uami of ids) uamis[uami] = resolveUserAssigned(state, uami);
    out["userAssignedIdentities"] = uamis;
  }
  return out;
}

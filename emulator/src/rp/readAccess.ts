import { ArmError } from "../http/armError.js";
import type { HttpMethod } from "../http/router.js";
import type { EmulatorState } from "../state/state.js";
import { authorizationFailed, callerMayRead, callerPrincipal } from "./authorization.js";

/**
 * The caller's read access (`ArmEmulator.setCallerCanRead`): ARM authorizes every request before
 * the resource provider sees it, so a read under a scope the caller cannot read is refused with
 * 403 `AuthorizationFailed` whatever the resource type. The emulator has one caller (the identity
 * behind `ArmEmulator.credential`), so every request is the caller's.
 */

const permissionsPath = /\/providers\/Microsoft\.Authorization\/permissions$/i;

/**
 * The read action ARM checks for a path: `{namespace}/{type}[/{childType}...]/read` of the last
 * provider in it (a collection path names its type too); `Microsoft.Resources/...` for
 * subscriptions and resource groups.
 */
export function readActionOf(path: string): string {
  const parts = path.split("/").filter((p) => p !== "");
  const at = parts.map((p) => p.toLowerCase()).lastIndexOf("providers");
  if (at < 0 || parts[at + 1] === undefined) {
    return parts.length > 2 ? "Microsoft.Resources/subscriptions/resourceGroups/read" : "Microsoft.Resources/subscriptions/read";
  }
  const types = parts.slice(at + 2).filter((_, i) => i % 2 === 0);
  return [parts[at + 1]!, ...types, "read"].join("/");
}

/**
 * Refuses a GET or HEAD under a scope the caller cannot read (403 `AuthorizationFailed`).
 * Guess: the caller's own permissions (`.../providers/Microsoft.Authorization/permissions`) can
 * be listed anywhere; they then show no read (see permissions.ts).
 */
export function requireCallerRead(state: EmulatorState, method: HttpMethod, path: string): void {
  if ((method !== "GET" && method !== "HEAD") || state.readAccess.size === 0 || permissionsPath.test(path)) return;
  if (!callerMayRead(state, path)) throw authorizationFailed(state, readActionOf(path), path);
}

/**
 * 403 `LinkedAuthorizationFailed`: the caller may perform `action` on `scope`, but the request
 * names a `linkedScope` on which it lacks `linkedAction`. The wording is ARM's for a failed
 * linked access check (as reported from AKS and VM scale set updates).
 */
export function linkedAuthorizationFailed(state: EmulatorState, action: string, scope: string, linkedAction: string, linkedScope: string): ArmError {
  const caller = callerPrincipal(state).principalId;
  return new ArmError(403, "LinkedAuthorizationFailed",
    `The client '${caller}' with object id '${caller}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action '${linkedAction}' on the linked scope(s) '${linkedScope}' or the linked scope(s) are invalid.`);
}

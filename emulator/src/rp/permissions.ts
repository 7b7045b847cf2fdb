import type { Route, RouteContext } from "../http/router.js";
import type { EmulatorState } from "../state/state.js";
import { apiVersions } from "./apiVersions.js";
import { callerMayAssign, callerMayRead } from "./authorization.js";

const versions = apiVersions.authorization;

/**
 * The caller's effective permissions at a scope (`Permissions_ListForResourceGroup` /
 * `ListForResource`), derived from the emulator's caller-rights switches: Owner-like (`*`)
 * where the caller may assign roles, Contributor-like (no `Microsoft.Authorization/*` writes)
 * elsewhere. Where the caller cannot read (`setCallerCanRead`), it holds no role at or above the
 * scope that reads: no entry at all, or, where it may still assign roles, one entry of
 * `Microsoft.Authorization/*` only (a role-assigning role with no resource read).
 * Guess: the real answer lists every role's actions; one merged entry has the same meaning for a
 * client that evaluates actions against notActions. Guess: a caller without a role at the scope
 * gets 200 with an empty `value`, not a 403 (every caller may list its own permissions).
 */
function permissions(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const scope = ctx.path.replace(/\/providers\/Microsoft\.Authorization\/permissions$/i, "");
  const owner = callerMayAssign(state, scope);
  const none = { dataActions: [], notDataActions: [] };
  if (!callerMayRead(state, scope)) return { status: 200, body: { value: owner ? [{ actions: ["Microsoft.Authorization/*"], notActions: [], ...none }] : [] } };
  const entry = owner
    ? { actions: ["*"], notActions: [], ...none }
    : { actions: ["*"], notActions: ["Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"], ...none };
  return { status: 200, body: { value: [entry] } };
}

/** Routes of `Microsoft.Authorization/permissions` at resource group and resource scope. */
export function permissionRoutes(state: EmulatorState): Route[] {
  const base = { method: "GET", apiVersions: versions, namespace: "Microsoft.Authorization", handler: (ctx: RouteContext) => permissions(state, ctx) } as const;
  return [
    { ...base, template: "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/providers/Microsoft.Authorization/permissions" },
    { ...base, template: "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/providers/{ns}/{*resource}/providers/Microsoft.Authorization/permissions" },
  ];
}

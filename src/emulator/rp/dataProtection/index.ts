import type { Route } from "../../http/router.js";
import type { EmulatorState } from "../../state/state.js";
import { instanceRoutes } from "./backupInstances.js";
import { actionRoutes } from "./instanceActions.js";
import { operationRoutes } from "./operations.js";
import { policyRoutes } from "./policies.js";
import { vaultRoutes } from "./vaults.js";

/** Routes of Microsoft.DataProtection: vaults, policies, backup instances, their actions and operation monitors. */
export function dataProtectionRoutes(state: EmulatorState): Route[] {
  // Specific routes first: the per-datasource backup instance list has a catch-all scope.
  return [...operationRoutes(state), ...vaultRoutes(state), ...policyRoutes(state), ...actionRoutes(state), ...instanceRoutes(state)];
}

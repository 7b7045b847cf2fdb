import type { Route } from "../../http/router.js";
import type { EmulatorState } from "../../state/state.js";
import { instanceRoutes } from "./backupInstances.js";
import { crossRegionRestoreRoutes } from "./crossRegionRestore.js";
import { backupRoutes } from "./backupRun.js";
import { actionRoutes } from "./instanceActions.js";
import { jobRoutes } from "./jobs.js";
import { operationRoutes } from "./operations.js";
import { policyRoutes } from "./policies.js";
import { recoveryPointRoutes } from "./recoveryPoints.js";
import { resourceGuardRoutes } from "./resourceGuards.js";
import { modifyValidationRoutes } from "./modifyValidation.js";
import { softDeleteRoutes } from "./softDelete.js";
import { restoreRoutes } from "./restore.js";
import { vaultRoutes } from "./vaults.js";

/** Routes of Microsoft.DataProtection: vaults, policies, backup instances, their actions, jobs, recovery points, resource guards and operation monitors. */
export function dataProtectionRoutes(state: EmulatorState): Route[] {
  // Specific routes first: the per-datasource backup instance list has a catch-all scope.
  return [...operationRoutes(state), ...vaultRoutes(state), ...policyRoutes(state), ...actionRoutes(state), ...modifyValidationRoutes(state),
    ...backupRoutes(state), ...restoreRoutes(state), ...recoveryPointRoutes(state), ...jobRoutes(state), ...resourceGuardRoutes(state), ...softDeleteRoutes(state), ...crossRegionRestoreRoutes(state), ...instanceRoutes(state)];
}

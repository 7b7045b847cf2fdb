import { hasRoleAssignment, isAtOrAbove } from "../authorization.js";
import type { EmulatorState } from "../../state/state.js";

/** Built-in role GUIDs the AKS backup permission set uses (CONTRACTS 3). */
export const roles = {
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  diskSnapshotContributor: "7efff54f-a5b4-42b5-a1c5-5411624893ce",
} as const;

/** Whether `principalId` holds the role at `scope`, directly or inherited from a parent scope. */
export function hasRole(state: EmulatorState, principalId: string, roleGuid: string, scope: string): boolean {
  return hasRoleAssignment(state, principalId, roleGuid, scope);
}

/** Whether `principalId` holds any role at `scope` or above it. */
export function hasRoleAssignmentAbove(state: EmulatorState, principalId: string, scope: string): boolean {
  return state.roleAssignments.lookup("principal", principalId.toLowerCase()).some((r) => isAtOrAbove(r.scope, scope));
}

import { describe, expect, it } from "vitest";
import { roleAssignmentBody } from "../src/rp/authorization.js";
import { replayRecording } from "./support/replay.js";
import { specValidator } from "./support/specs.js";
import { useEmulator } from "./support/emulator.js";

// The recording's ids as cleaned by the recorder; the identity's principal id was kept as recorded.
const emu = useEmulator({ subscriptionId: "00000000-0000-0000-0000-000000000000" });
const principalId = "88c53162-584e-4c98-984b-62149c2e9bca";

describe("replay of test_role_assignment_at_scope (az role assignment create/list)", () => {
  it("matches the recorded status codes and body shapes", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "cli_role_assign000001", location: "westus" });
    // The recorded flow makes the identity first (Microsoft.ManagedIdentity, not emulated); seed its principal.
    e.addServicePrincipal({ principalId, visibleNow: true });
    const report = await replayRecording(e, {
      recording: "test_role_assignment_at_scope.json",
      skip: (i) => (/Microsoft\.ManagedIdentity/i.test(i.path) ? "Microsoft.ManagedIdentity is not emulated; its principal is seeded instead" : undefined),
    });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.map((s) => `${s.outcome} ${s.status ?? "-"}`)).toEqual(["skipped -", "sent 201", "sent 200", "sent 200"]);
  });

  it("answers role assignments that satisfy the saved 2022-04-01 spec", () => {
    const e = emu.current;
    const validate = specValidator("Microsoft.Authorization/2022-04-01/authorization-RoleAssignmentsCalls.json", "RoleAssignment");
    const stored = e.state.roleAssignments.all();
    expect(stored.length).toBeGreaterThan(0);
    for (const r of stored) {
      expect(validate(roleAssignmentBody(e.state, r))).toEqual([]);
      expect(validate(roleAssignmentBody(e.state, r, true))).toEqual([]);
    }
    expect(validate({ properties: { principalId: 5 } }).length).toBeGreaterThan(0);
  });
});

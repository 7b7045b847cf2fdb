import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { loadRecording } from "./support/replay.js";
import { specValidator, specsDir } from "./support/specs.js";

const ext = "Microsoft.KubernetesConfiguration/2025-03-01/extensions.json";

describe("spec validator (test support)", () => {
  it("accepts a recorded extension body, with its nulls", () => {
    const validate = specValidator(ext, "Extension");
    const body = {
      id: "/x", name: "dapr", type: "Microsoft.KubernetesConfiguration/extensions",
      properties: { extensionType: "microsoft.dapr", version: "1.6.0", currentVersion: null, provisioningState: "Creating", statuses: [], aksAssignedIdentity: null, errorInfo: null },
    };
    expect(validate(body)).toEqual([]);
  });

  it("reports a wrong enum value and a wrong type, with their paths", () => {
    const errors = specValidator(ext, "Extension")({ properties: { provisioningState: "Installing", autoUpgradeMinorVersion: "yes" } });
    expect(errors.join("\n")).toMatch(/\/properties\/provisioningState must be equal to one of the allowed values/);
    expect(errors.join("\n")).toMatch(/\/properties\/autoUpgradeMinorVersion must be boolean/);
  });

  it("rejects null for a required field and resolves refs across files", () => {
    const validate = specValidator(ext, "Extension");
    expect(validate({ properties: { errorInfo: { code: 5 } } }).join("\n")).toMatch(/errorInfo\/code must be string/);
    const status = specValidator("Microsoft.KubernetesConfiguration/common/2022-03-01/definitions.json", "OperationStatusResult");
    expect(status({ status: null }).join("\n")).toMatch(/\/status must be string/);
    expect(status({ id: "a" }).join("\n")).toMatch(/must have required property 'status'/);
  });

  it("dispatches on a discriminator (DataProtection)", () => {
    const validate = specValidator("Microsoft.DataProtection/2025-07-01/dataprotection.json", "BaseBackupPolicy");
    expect(validate({ objectType: "BackupPolicy", datasourceTypes: ["x"], policyRules: "nope" }).join("\n")).toMatch(/policyRules must be array/);
  });

  it("throws for an unknown definition", () => {
    expect(() => specValidator(ext, "NoSuchThing")).toThrow(/no definition 'NoSuchThing'/);
  });

  it("compiles every definition of every saved spec file (all $refs resolve)", () => {
    const files = readdirSync(specsDir(), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json")).map((f) => f.split(path.sep).join("/"));
    expect(files.length).toBeGreaterThanOrEqual(9);
    let count = 0;
    for (const file of files) {
      const doc = JSON.parse(readFileSync(path.join(specsDir(), file), "utf8")) as { definitions?: Record<string, unknown> };
      for (const name of Object.keys(doc.definitions ?? {})) {
        expect(() => specValidator(file, name), `${file}#${name}`).not.toThrow();
        count++;
      }
    }
    expect(count).toBeGreaterThan(200);
  });

  it("accepts the real bodies of the recordings (their nulls included) and rejects a broken one", () => {
    const dp = "Microsoft.DataProtection/2025-07-01/dataprotection.json";
    const ra = "Microsoft.Authorization/2022-04-01/authorization-RoleAssignmentsCalls.json";
    const checks: Array<[string, RegExp, string, string]> = [
      ["test_dataprotection_backup_vault_create_and_delete.json", /backupVaults\/[^/]+$/, dp, "BackupVaultResource"],
      ["test_dataprotection_backup_and_restore_aks.json", /backupInstances\/[^/]+$/, dp, "BackupInstanceResource"],
      ["test_dataprotection_backup_and_restore_aks.json", /backupJobs\/[^/]+$/, dp, "AzureBackupJobResource"],
      ["test_dataprotection_job_list_and_show.json", /backupJobs$/, dp, "AzureBackupJobResourceList"],
      ["test_dataprotection_backup_policy_create_and_delete.json", /backupPolicies\/[^/]+$/, dp, "BaseBackupPolicyResource"],
      ["test_role_assignment_at_scope.json", /roleAssignments\/[^/]+$/, ra, "RoleAssignment"],
    ];
    let validated = 0;
    for (const [file, pathPattern, spec, definition] of checks) {
      const validate = specValidator(spec, definition);
      for (const it of loadRecording(file).interactions) {
        if (!pathPattern.test(it.path) || it.status >= 300 || it.responseBody === null) continue;
        expect(validate(it.responseBody), `${file} ${it.method} ${it.path}`).toEqual([]);
        validated++;
      }
    }
    expect(validated).toBeGreaterThanOrEqual(40);
    const job = loadRecording("test_dataprotection_backup_and_restore_aks.json").interactions.find((i) => /backupJobs\/[^/]+$/.test(i.path))!;
    const broken = structuredClone(job.responseBody) as { properties: Record<string, unknown> };
    broken.properties["operationCategory"] = 7;
    broken.properties["isUserTriggered"] = null; // required, not x-nullable
    const errors = specValidator(dp, "AzureBackupJobResource")(broken).join("\n");
    expect(errors).toMatch(/\/properties\/operationCategory must be string/);
    expect(errors).toMatch(/\/properties\/isUserTriggered must be boolean; got null/);
  });
});

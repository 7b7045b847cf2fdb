/**
 * Id and name schemas: the one place the schemas call the reference parsers of
 * `../references.ts` (each refuses traversal, encodings, `?`, `#`, control characters and names
 * outside the type's ARM naming rule). A value may be an id string or a reference made earlier.
 */
import { z } from "zod";
import { InputValidationError } from "../../errors.js";
import { checkName, type NameKind } from "../referenceNames.js";
import {
  parseBackupInstanceId,
  parseBackupPolicyId,
  parseBackupVaultId,
  parseClusterId,
  parseJobId,
  parseResourceGroupId,
  parseRoleAssignmentId,
  parseRoleAssignmentScope,
  parseStorageAccountId,
  parseTrustedAccessBindingId,
  parseUserAssignedIdentityId,
} from "../references.js";

/** A schema that runs a parser throwing {@link InputValidationError} and reports its problem and fix. */
function parsedBy(parse: (value: unknown, parameter: string) => unknown): z.ZodType<unknown> {
  return z.unknown().superRefine((value, ctx) => {
    try {
      parse(value, "value");
    } catch (e) {
      if (!(e instanceof InputValidationError)) throw e;
      ctx.addIssue({ code: "custom", message: e.problem, params: { fix: e.fix } });
    }
  });
}

/** An AKS cluster id. */
export const clusterId = parsedBy(parseClusterId);
/** A Backup vault id. */
export const vaultId = parsedBy(parseBackupVaultId);
/** A backup policy id. */
export const policyId = parsedBy(parseBackupPolicyId);
/** A backup instance id. */
export const backupInstanceId = parsedBy(parseBackupInstanceId);
/** A backup job id. */
export const jobId = parsedBy(parseJobId);
/** A storage account id. */
export const storageAccountId = parsedBy(parseStorageAccountId);
/** A resource group id. */
export const resourceGroupId = parsedBy(parseResourceGroupId);
/** A user-assigned managed identity id. */
export const userAssignedIdentityId = parsedBy(parseUserAssignedIdentityId);
/** A Trusted Access role binding id. */
export const trustedAccessBindingId = parsedBy(parseTrustedAccessBindingId);
/** A role assignment id. */
export const roleAssignmentId = parsedBy(parseRoleAssignmentId);
/** A role assignment scope (subscription scope refused). */
export const roleAssignmentScope = parsedBy((v, p) => parseRoleAssignmentScope(v, p));
/** A role assignment scope where a subscription is allowed (reads only, e.g. `list`). */
export const anyScope = parsedBy((v, p) => parseRoleAssignmentScope(v, p, { allowSubscriptionScope: true }));

/** A resource name of `kind`, by its ARM naming rule. */
export function nameOf(kind: NameKind): z.ZodType<unknown> {
  return parsedBy((v, p) => checkName(kind, v, p));
}

import { InputValidationError } from "../errors.js";
import { isGuid } from "./armId.js";
import { printable, segmentProblem } from "./referenceSegments.js";

/** One naming rule: a test and the words that explain it. */
export interface NameRule {
  /** What the name is, e.g. "backup vault". */
  readonly what: string;
  /** Whether the name follows the rule. */
  readonly test: (name: string) => boolean;
  /** The rule in words, used as the fix in errors. */
  readonly rule: string;
}

function pattern(re: RegExp, min: number, max: number): (name: string) => boolean {
  return (name) => name.length >= min && name.length <= max && re.test(name);
}

/** The kinds of names {@link nameRules} knows. */
export type NameKind =
  | "resourceGroup" | "cluster" | "storageAccount" | "blobContainer" | "userAssignedIdentity" | "backupVault" | "backupPolicy"
  | "backupInstance" | "job" | "recoveryPoint" | "extension" | "trustedAccessBinding" | "roleAssignment" | "subscription";

/**
 * ARM naming rules of every resource the library addresses. Sources: the `pattern` /
 * `maxLength` of the path parameters in the specs (vault: `^[A-Za-z][-A-Za-z0-9]*[A-Za-z0-9]$`,
 * 2-50; job: a GUID; resource group: `^[-\w._()]+$`, 1-90), the AKS, Storage, Managed Identity
 * and Kubernetes Configuration RPs' documented rules, and the names the services accept in the
 * recordings (policy, backup instance, recovery point, where the spec gives no pattern).
 */
export const nameRules: Readonly<Record<NameKind, NameRule>> = {
  /** Resource group: 1-90 letters, digits, `_`, `(`, `)`, `-`, `.`; not ending in `.`. */
  resourceGroup: { what: "resource group", test: (n: string) => pattern(/^[-\p{L}\p{N}_.()]+$/u, 1, 90)(n) && !n.endsWith("."), rule: "use 1-90 letters, digits, '_', '(', ')', '-' and '.', not ending in '.'" },
  /** AKS cluster: 1-63 letters, digits, `_`, `-`, starting and ending with a letter or digit. */
  cluster: { what: "AKS cluster", test: pattern(/^[A-Za-z0-9](?:[-_A-Za-z0-9]*[A-Za-z0-9])?$/, 1, 63), rule: "use 1-63 letters, digits, '_' and '-', starting and ending with a letter or digit" },
  /** Storage account: 3-24 lowercase letters and digits. */
  storageAccount: { what: "storage account", test: pattern(/^[a-z0-9]+$/, 3, 24), rule: "use 3-24 lowercase letters and digits" },
  /** Blob container: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit. */
  blobContainer: { what: "blob container", test: pattern(/^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/, 3, 63), rule: "use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit" },
  /** User-assigned identity: 3-128 letters, digits, `-`, `_`, starting with a letter or digit. */
  userAssignedIdentity: { what: "user-assigned identity", test: pattern(/^[A-Za-z0-9][-_A-Za-z0-9]*$/, 3, 128), rule: "use 3-128 letters, digits, '-' and '_', starting with a letter or digit" },
  /** Backup vault (spec): 2-50 letters, digits, `-`, starting with a letter, ending with a letter or digit. */
  backupVault: { what: "backup vault", test: pattern(/^[A-Za-z][-A-Za-z0-9]*[A-Za-z0-9]$/, 2, 50), rule: "use 2-50 letters, digits and '-', starting with a letter and ending with a letter or digit" },
  /** Backup policy: 2-150 letters, digits and `-`, starting with a letter or digit. */
  backupPolicy: { what: "backup policy", test: pattern(/^[A-Za-z0-9][-A-Za-z0-9]*$/, 2, 150), rule: "use 2-150 letters, digits and '-', starting with a letter or digit" },
  /** Backup instance: 2-128 letters, digits, `-`, `_`, `.`, starting with a letter or digit, ending with a letter, digit or `_`. */
  backupInstance: { what: "backup instance", test: pattern(/^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9_]$/, 2, 128), rule: "use 2-128 letters, digits, '-', '_' and '.', starting with a letter or digit and ending with a letter, digit or '_'" },
  /** Job (spec): a GUID. */
  job: { what: "job", test: isGuid, rule: "use the job's GUID, as the job list shows it" },
  /** Recovery point: 1-128 letters, digits and `-` (the service uses 32 hex digits). */
  recoveryPoint: { what: "recovery point", test: pattern(/^[A-Za-z0-9][-A-Za-z0-9]*$/, 1, 128), rule: "use the recovery point's name, as listRecoveryPoints shows it" },
  /** Cluster extension: 1-253 lowercase letters, digits and `-`, starting and ending with a letter or digit. */
  extension: { what: "extension", test: pattern(/^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/, 1, 253), rule: "use 1-253 lowercase letters, digits and '-', starting and ending with a letter or digit" },
  /** Trusted Access role binding: 1-24 letters, digits and `-`. */
  trustedAccessBinding: { what: "Trusted Access role binding", test: pattern(/^[A-Za-z0-9-]+$/, 1, 24), rule: "use 1-24 letters, digits and '-'" },
  /** Role assignment: a GUID. */
  roleAssignment: { what: "role assignment", test: isGuid, rule: "use a GUID" },
  /** Subscription: a GUID. */
  subscription: { what: "subscription", test: isGuid, rule: "use the subscription's GUID" },
};

/**
 * Throws {@link InputValidationError} naming `parameter` unless `name` is a safe path segment
 * and follows the naming rule of `kind`. Returns the name.
 */
export function checkName(kind: NameKind, name: unknown, parameter: string): string {
  const rule: NameRule = nameRules[kind];
  if (typeof name !== "string" || name === "") throw new InputValidationError(parameter, `the ${rule.what} name is missing`, rule.rule);
  const problem = segmentProblem(name);
  if (problem !== undefined) throw new InputValidationError(parameter, `the ${rule.what} name is unsafe: ${problem}`, rule.rule);
  if (!rule.test(name)) throw new InputValidationError(parameter, `'${printable(name)}' is not a valid ${rule.what} name`, rule.rule);
  return name;
}

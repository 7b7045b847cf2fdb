import { badRequest } from "../http/armError.js";

/** What a role assignment list `$filter` asks for. */
export interface RoleAssignmentFilter {
  /** `atScope()`: only assignments at or above the scope. */
  atScope: boolean;
  /** `principalId eq '{id}'` or `assignedTo('{id}')`, lowercased. */
  principalId: string | undefined;
}

const clauses: Array<[RegExp, (m: RegExpExecArray, f: RoleAssignmentFilter) => void]> = [
  [/^atScope\(\)$/i, (_m, f) => { f.atScope = true; }],
  [/^principalId\s+eq\s+'([^']*)'$/i, (m, f) => { f.principalId = m[1]!.toLowerCase(); }],
  // Guess: assignedTo() also counts group memberships in Azure; the emulator has no groups.
  [/^assignedTo\('([^']*)'\)$/i, (m, f) => { f.principalId = m[1]!.toLowerCase(); }],
];

/**
 * Parses the `$filter` of a role assignment list: `atScope()`, `principalId eq '{id}'`,
 * `assignedTo('{id}')`, or `atScope()` joined to one of the others with `and`. No filter lists
 * the assignments at, above and below the scope.
 */
export function roleAssignmentFilter(filter: string | null): RoleAssignmentFilter {
  const f: RoleAssignmentFilter = { atScope: false, principalId: undefined };
  if (filter === null || filter.trim() === "") return f;
  for (const part of filter.trim().split(/\s+and\s+/i)) {
    const clause = clauses.map(([re, apply]) => [re.exec(part.trim()), apply] as const).find(([m]) => m !== null);
    if (!clause) {
      // Guess: code and message of an unsupported filter.
      throw badRequest(`The filter '${filter}' is not supported. Supported filters are atScope(), principalId eq '{id}' and assignedTo('{id}').`, "UnsupportedFilter");
    }
    clause[1](clause[0]!, f);
  }
  return f;
}

/** A role assignment, flattened as `@azure/arm-authorization` 9 shapes it (`properties.*` at the top). */
export interface RoleAssignment {
  /** The assignment's ARM id. */
  readonly id?: string;
  /** Its name (a GUID). */
  readonly name?: string;
  /** `Microsoft.Authorization/roleAssignments`. */
  readonly type?: string;
  /** The scope it applies to. */
  readonly scope?: string;
  /** The role definition's id. */
  roleDefinitionId?: string;
  /** The principal's object id. */
  principalId?: string;
  /** User, Group, ServicePrincipal, ForeignGroup or Device. */
  principalType?: string;
  /** When it was created. */
  readonly createdOn?: Date;
  /** A description. */
  description?: string;
}

/** The body of a role assignment PUT. */
export interface RoleAssignmentCreateParameters {
  /** The role definition's id. */
  roleDefinitionId: string;
  /** The principal's object id. */
  principalId: string;
  /** The principal's type (lets ARM skip the directory lookup of a new identity). */
  principalType?: string;
  /** A description. */
  description?: string;
}

/** Actions a role allows and denies. */
export interface Permission {
  /** Allowed actions (wildcards allowed). */
  actions?: string[];
  /** Denied actions. */
  notActions?: string[];
  /** Allowed data actions. */
  dataActions?: string[];
  /** Denied data actions. */
  notDataActions?: string[];
}

/** A role definition, flattened as `@azure/arm-authorization` 9 shapes it. */
export interface RoleDefinition {
  /** The definition's ARM id. */
  readonly id?: string;
  /** Its name (a GUID). */
  readonly name?: string;
  /** `Microsoft.Authorization/roleDefinitions`. */
  readonly type?: string;
  /** The role's display name, e.g. "Reader". */
  roleName?: string;
  /** A description. */
  description?: string;
  /** "BuiltInRole" or "CustomRole". */
  roleType?: string;
  /** What it allows. */
  permissions?: Permission[];
  /** Where it can be assigned. */
  assignableScopes?: string[];
}

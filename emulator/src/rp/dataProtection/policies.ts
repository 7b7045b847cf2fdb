import { resourceNotFound } from "../../http/armError.js";
import { pageOf } from "../../http/paging.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { EmulatorState } from "../../state/state.js";
import { aksDatasourceType, dppUserError, isObject, requireVault, routeBase, sameId, userError, vaultTemplate, type Json } from "./common.js";
import { supportsAksVaultTier } from "../../data/regions.js";
import { validatePolicy } from "./policyRules.js";

const policyType = "Microsoft.DataProtection/backupVaults/backupPolicies";
const listTemplate = `${vaultTemplate}/backupPolicies`;
const itemTemplate = `${listTemplate}/{backupPolicyName}`;

function policyId(state: EmulatorState, ctx: RouteContext): string {
  return `${requireVault(state, ctx).id}/backupPolicies/${ctx.params["backupPolicyName"]!}`;
}


/** Whether a policy keeps data in the VaultStore (a retention lifecycle of it, or a copy to it). */
function hasVaultTier(properties: Json): boolean {
  const rules = Array.isArray(properties["policyRules"]) ? (properties["policyRules"] as unknown[]).filter(isObject) : [];
  return rules.some((r) => Array.isArray(r["lifecycles"]) && (r["lifecycles"] as unknown[]).filter(isObject).some((l) =>
    (isObject(l["sourceDataStore"]) && l["sourceDataStore"]["dataStoreType"] === "VaultStore") ||
    (Array.isArray(l["targetDataStoreCopySettings"]) && (l["targetDataStoreCopySettings"] as unknown[]).some((c) => isObject(c) && isObject(c["dataStore"]) && c["dataStore"]["dataStoreType"] === "VaultStore"))));
}

function put(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = requireVault(state, ctx);
  const name = ctx.params["backupPolicyName"]!;
  const properties = validatePolicy(isObject(ctx.body) ? ctx.body["properties"] : undefined);
  if (hasVaultTier(properties) && (properties["datasourceTypes"] as string[]).some((t) => t.toLowerCase() === aksDatasourceType) && !supportsAksVaultTier(vault.location)) {
    // Guess: the wording (the code is the one Azure documents for this case).
    throw dppUserError("DppUserErrorVaultTierPolicyNotSupported", `Vault tier is not supported for Kubernetes cluster backups in the region '${vault.location}'.`,
      ["Use a policy that keeps backups in the operational tier only, or a Backup vault in a region that supports the vault tier."]);
  }
  const id = `${vault.id}/backupPolicies/${name}`;
  const record = state.backupPolicies.set({ id: state.backupPolicies.get(id)?.id ?? id, vaultId: vault.id, body: { properties, id, name, type: policyType } });
  // As recorded and in the spec: synchronous, 200 for create and update alike.
  return { status: 200, body: record.body };
}

function remove(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const id = policyId(state, ctx);
  const policy = state.backupPolicies.get(id);
  // Guess: 204 for a policy that is not there (the spec allows 200 and 204).
  if (!policy) return { status: 204 };
  const user = state.backupInstances.all().find((bi) => {
    const info = bi.body.properties["policyInfo"];
    return isObject(info) && sameId(info["policyId"] as string, policy.id);
  });
  if (user) {
    // Guess: code and wording for deleting a policy that backup instances still use.
    throw userError(400, "UserErrorBackupPolicyInUse", `The backup policy '${ctx.params["backupPolicyName"]!}' is in use by backup instance '${user.name}' and cannot be deleted.`, [
      "Move the backup instances to another policy or delete them, then delete the policy again.",
    ]);
  }
  state.backupPolicies.delete(id);
  // As recorded: 200 with an empty body.
  return { status: 200 };
}

/** Routes of backup policies (CONTRACTS 5.4). */
export function policyRoutes(state: EmulatorState): Route[] {
  return [
    {
      ...routeBase, method: "GET", template: listTemplate,
      handler: (ctx) => {
        const vault = requireVault(state, ctx);
        const items = state.backupPolicies.under(`${vault.id}/backupPolicies`).map((p) => p.body);
        return { status: 200, body: pageOf(ctx, items, state.options.pageSize) };
      },
    },
    {
      ...routeBase, method: "GET", template: itemTemplate,
      handler: (ctx) => {
        const policy = state.backupPolicies.get(policyId(state, ctx));
        if (!policy) throw resourceNotFound(policyType, ctx.params["backupPolicyName"]!, ctx.params["resourceGroupName"]);
        return { status: 200, body: policy.body };
      },
    },
    { ...routeBase, method: "PUT", template: itemTemplate, handler: (ctx) => put(state, ctx) },
    { ...routeBase, method: "DELETE", template: itemTemplate, handler: (ctx) => remove(state, ctx) },
  ];
}

import { badRequest } from "../../http/armError.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { EmulatorState } from "../../state/state.js";
import { requireInstance } from "./backupInstances.js";
import { accepted, instanceTemplate, isObject, requireVault, routeBase, sameId, startDppOperation, userError, type Json } from "./common.js";
import { normaliseInstance } from "./instanceBody.js";
import { checkNotBusy, userProperties } from "./instanceState.js";
import { checkAksPrerequisites } from "./prerequisites.js";

function firstOf(properties: Json, list: "dataStoreParametersList" | "backupDatasourceParametersList"): Json | undefined {
  const info = properties["policyInfo"];
  const params = isObject(info) ? info["policyParameters"] : undefined;
  const items = isObject(params) ? params[list] : undefined;
  return Array.isArray(items) && isObject(items[0]) ? items[0] : undefined;
}

function hasAzureFiles(properties: Json): boolean {
  const types = firstOf(properties, "backupDatasourceParametersList")?.["includedVolumeTypes"];
  return Array.isArray(types) && types.some((t) => typeof t === "string" && t.toLowerCase() === "azurefilesharesmb");
}

/**
 * What a change of an existing AKS backup instance may not do, from the reading of the
 * service (CLI 1.8.0, PowerShell 2.7.0): move its snapshot resource group, or add Azure Files
 * (SMB) volumes (a new instance is needed for that). Guess: the codes and wording; PUT and
 * validateForModifyBackup refuse the same things.
 */
export function modifyProblem(before: Json, after: Json): { code: string; message: string; action: string } | undefined {
  const rgBefore = firstOf(before, "dataStoreParametersList")?.["resourceGroupId"];
  const rgAfter = firstOf(after, "dataStoreParametersList")?.["resourceGroupId"];
  if (typeof rgBefore === "string" && typeof rgAfter === "string" && !sameId(rgBefore, rgAfter)) {
    return { code: "UserErrorSnapshotResourceGroupCannotBeModified", message: `The snapshot resource group of a backup instance cannot change (it is '${rgBefore}', the request names '${rgAfter}').`,
      action: "Keep the snapshot resource group, or protect the cluster in a new backup instance." };
  }
  if (hasAzureFiles(after) && !hasAzureFiles(before)) {
    return { code: "UserErrorAzureFileShareNotSupportedForExistingBackupInstance", message: "Azure File Share (SMB) volumes cannot be added to an existing backup instance.",
      action: "Configure a new backup instance with includedVolumeTypes including AzureFileShareSMB." };
  }
  return undefined;
}

/**
 * `POST BI/validateForModifyBackup` with `{backupInstance}`: 202 only (spec), with the vault
 * monitor and location result headers as the other DataProtection validations answer. Guess: a
 * malformed body or a change the instance does not allow is refused at once with 400; the AKS
 * prerequisites of the changed instance are checked while the operation runs (as validateForBackup).
 */
function validateForModifyBackup(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = requireVault(state, ctx);
  const bi = requireInstance(state, ctx);
  checkNotBusy(state, bi);
  const inner = isObject(ctx.body) ? ctx.body["backupInstance"] : undefined;
  if (!isObject(inner)) throw badRequest("The request body must be {\"backupInstance\": <BackupInstance>}.", "InvalidRequestContent", "backupInstance");
  const n = normaliseInstance(state, vault, inner, bi.body.properties);
  if (!sameId(n.datasourceId, bi.datasourceId)) {
    // Guess: as the PUT of an instance with another datasource.
    throw userError(400, "UserErrorDatasourceCannotBeChanged", `The backup instance '${bi.name}' protects '${bi.datasourceId}'; its datasource cannot change.`, ["Create a new backup instance for the other datasource."]);
  }
  const problem = modifyProblem(userProperties(bi), n.properties);
  if (problem) throw userError(400, problem.code, problem.message, [problem.action]);
  const op = startDppOperation(state, vault, state.options.durations.backupValidate, () => {
    const current = state.backupVaults.get(vault.id);
    if (n.aks && current) checkAksPrerequisites(state, current, n.aks);
  });
  return accepted(state, ctx, vault, op);
}

/** The route of `validateForModifyBackup`. */
export function modifyValidationRoutes(state: EmulatorState): Route[] {
  return [{ ...routeBase, method: "POST", template: `${instanceTemplate}/validateForModifyBackup`, handler: (ctx) => validateForModifyBackup(state, ctx) }];
}

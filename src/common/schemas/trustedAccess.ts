/** Schemas of `TrustedAccessBinder`'s options. */
import { z } from "zod";
import { nameOf } from "./ids.js";
import { guid, nonEmptyText, operationOptionsShape, strictObject, waitOptionsShape, readOperationOptions } from "./primitives.js";

/** `BindOptions`. */
export const bindOptions = strictObject({ ...waitOptionsShape, name: nameOf("trustedAccessBinding").optional() }).optional();

/** `UnbindOptions`: wait options and `confirm` (the binding's name). */
export const unbindOptions = strictObject({ ...waitOptionsShape, confirm: z.string().optional() }).optional();

/** `GetBindingOptions`. */
export const getBindingOptions = readOperationOptions;

/** Options of `isRoleAvailable`. */
export const roleAvailabilityOptions = strictObject({ ...operationOptionsShape, subscriptionId: guid.optional() }).optional();

/** A region name. */
export const location = nonEmptyText.refine((s) => /^[A-Za-z0-9 ]{2,64}$/.test(s), { error: "it is not a region name", params: { fix: 'pass e.g. "westeurope"' } });

/** A Trusted Access role name, e.g. "Microsoft.DataProtection/backupVaults/backup-operator". */
export const trustedAccessRole = nonEmptyText.refine((s) => /^[A-Za-z0-9.]+\/[A-Za-z0-9]+\/[-A-Za-z0-9]+$/.test(s), { error: "it is not a Trusted Access role name", params: { fix: 'pass e.g. "Microsoft.DataProtection/backupVaults/backup-operator"' } });

/** Schemas of the resource guard (multi-user authorization) requests and options. */
import { z } from "zod";
import { parseArmId } from "../armId.js";
import { InputValidationError } from "../../errors.js";
import { operationOptionsShape, strictObject, tokenCredential } from "./primitives.js";

/** The option of every critical operation: a credential of the guard's tenant. */
export const resourceGuardShape = { resourceGuardCredential: tokenCredential.optional() };

/** A `Microsoft.DataProtection/resourceGuards` id (any subscription). */
export const resourceGuardId = z.unknown().superRefine((value, ctx) => {
  try {
    parseResourceGuardId(value, "resourceGuardId");
  } catch (e) {
    if (!(e instanceof InputValidationError)) throw e;
    ctx.addIssue({ code: "custom", message: e.problem, params: { fix: e.fix } });
  }
});

/** Parses a resource guard id; throws {@link InputValidationError} for anything else. */
export function parseResourceGuardId(value: unknown, parameter: string): string {
  return parseArmId(value, parameter, "Microsoft.DataProtection/resourceGuards").id;
}

/** `AttachResourceGuardOptions`. */
export const attachResourceGuardOptions = strictObject({ ...operationOptionsShape, ...resourceGuardShape }).optional();

/** `DetachResourceGuardOptions`: `confirm` (the vault's name). */
export const detachResourceGuardOptions = strictObject({ ...operationOptionsShape, ...resourceGuardShape, confirm: z.string().optional() });

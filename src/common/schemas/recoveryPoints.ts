/** Schemas of recovery point listings. */
import { z } from "zod";
import { operationOptionsShape, realBoolean, strictObject } from "./primitives.js";

/** `ListRecoveryPointsOptions`. */
export const listRecoveryPointsOptions = strictObject({
  ...operationOptionsShape,
  source: z.enum(["operational", "vault"]).optional(),
  fromSecondaryRegion: realBoolean.optional(),
}).optional();

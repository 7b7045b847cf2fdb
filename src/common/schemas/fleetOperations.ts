/** Schemas of the fleet operations `discover` and `doctor`. */
import { z } from "zod";
import { vaultId } from "./ids.js";
import { guid, operationOptionsShape, rule, strictObject } from "./primitives.js";

/** `DiscoverOptions`. */
export const discoverOptions = strictObject({
  ...operationOptionsShape,
  subscriptionIds: z.array(guid).min(1, rule("it is empty", "pass at least one subscription id, or omit subscriptionIds")).optional(),
}).optional();

/** `DoctorOptions`. */
export const doctorOptions = strictObject({
  ...operationOptionsShape,
  vaultId: vaultId.optional(),
  resourceCount: z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, rule("it is not a count of objects", "pass a whole number >= 0")).optional(),
}).optional();

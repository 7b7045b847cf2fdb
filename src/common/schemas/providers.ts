/** Schemas of `ProviderRegistrar`'s arguments and options. */
import { z } from "zod";
import { callback, durationInMs, operationOptionsShape, rule, strictObject, waitOptionsShape, readOperationOptions } from "./primitives.js";

/** A resource provider namespace, e.g. "Microsoft.DataProtection". */
export const providerNamespace = z.string().refine((s) => /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/.test(s) && s.length <= 128,
  rule("it is not a resource provider namespace", 'pass e.g. "Microsoft.DataProtection"'));

/** The namespaces of `ensureRegistered`. */
export const providerNamespaces = z.array(providerNamespace).optional();

/** `GetProviderOptions`. */
export const getProviderOptions = readOperationOptions;

/** `RegisterProviderOptions`. */
export const registerProviderOptions = strictObject(waitOptionsShape).optional();

/** `EnsureRegisteredOptions`. */
export const ensureRegisteredOptions = strictObject({
  ...operationOptionsShape,
  onProgress: callback.optional(),
  pollIntervalInMs: durationInMs.optional(),
  timeoutInMs: durationInMs.optional(),
}).optional();

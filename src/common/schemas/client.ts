/** Schema of what every client constructor takes: credential, subscription, client options. */
import { z } from "zod";
import { abortSignalLike, durationInMs, guid, httpsUrl, nonEmptyText, strictObject, tokenCredential } from "./primitives.js";

const object = z.custom<object>((v) => typeof v === "object" && v !== null, { error: "it is not an object", params: { fix: "pass an object, or omit it" } });

/** `AksBackupClientOptions`: the Azure SDK client options and this library's own. */
export const clientOptions = strictObject({
  endpoint: httpsUrl.optional(),
  credentialScopes: z.array(nonEmptyText).optional(),
  pollIntervalInMs: durationInMs.optional(),
  httpClient: object.optional(),
  allowInsecureConnection: z.boolean().optional(),
  additionalPolicies: z.array(object).optional(),
  retryOptions: object.optional(),
  proxyOptions: object.optional(),
  agent: object.optional(),
  tlsOptions: object.optional(),
  redirectOptions: object.optional(),
  userAgentOptions: object.optional(),
  telemetryOptions: object.optional(),
  loggingOptions: object.optional(),
  requestContentType: z.string().optional(),
  clientRequestIdHeaderName: z.string().optional(),
  abortSignal: abortSignalLike.optional(),
  resourceGuardCredential: tokenCredential.optional(),
}).optional();

/** The subscription GUID of a constructor. */
export const subscriptionGuid = guid;

/** The credential of a constructor. */
export const credential = tokenCredential;

/** The body of an ARM error response: `{ "error": { code, message, target?, details?, additionalInfo? } }`. */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string | null;
  details?: ArmErrorDetail[] | null;
  additionalInfo?: Array<{ type: string; info: unknown }> | null;
}

/**
 * Thrown by route handlers to answer with an ARM error. `body` overrides the standard
 * `{error:{...}}` envelope for the few services that answer otherwise (AKS trusted access
 * answers a bare `{code,message,subcode}`).
 */
export class ArmError extends Error {
  override readonly name = "ArmError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Omit<ArmErrorDetail, "code" | "message"> = {},
    readonly headers: Record<string, string> = {},
    readonly body?: unknown,
  ) {
    super(message);
  }

  /** The `error` object of the ARM envelope. */
  get detail(): ArmErrorDetail {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

/** 404 `ResourceNotFound`, worded as ARM words it. */
export function resourceNotFound(type: string, name: string, resourceGroup?: string): ArmError {
  const where = resourceGroup ? ` under resource group '${resourceGroup}'` : "";
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** 400 `InvalidRequestContent` / `BadRequest` for a body that breaks the contract. */
export function badRequest(message: string, code = "InvalidRequestContent", target?: string): ArmError {
  return new ArmError(400, code, message, target ? { target } : {});
}

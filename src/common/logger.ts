import { createClientLogger } from "@azure/logger";

/**
 * The library's logger (`AZURE_LOG_LEVEL=info` shows poll status; `verbose` adds payloads).
 * Never log a token, key or protected setting.
 */
export const logger = createClientLogger("aks-backup");

import type { OperationResource } from "./models.js";
import type { DataProtectionOperationOptions } from "./options.js";
import type { DataProtectionContext } from "./transport.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** Operation status monitors (`OperationStatus_Get` and its vault and resource group variants). */
export class OperationStatus {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  private async read(path: string, options: DataProtectionOperationOptions): Promise<OperationResource> {
    return (await this.ctx.send<OperationResource>("GET", this.ctx.url(path), options)).flatResponse;
  }

  /** Status of an operation by region (`/subscriptions/{s}/providers/Microsoft.DataProtection/locations/{location}/operationStatus/{id}`). */
  get(location: string, operationId: string, options: DataProtectionOperationOptions = {}): Promise<OperationResource> {
    return this.read(`${this.ctx.subscriptionPath()}/providers/Microsoft.DataProtection/locations/${encodeSegment(location, "location")}/operationStatus/${encodeSegment(operationId, "operationId")}`, options);
  }

  /** Status of an operation on a vault (`OperationStatusBackupVaultContext_Get`). */
  getInVault(resourceGroupName: string, vaultName: string, operationId: string, options: DataProtectionOperationOptions = {}): Promise<OperationResource> {
    return this.read(`${this.ctx.vaultPath(resourceGroupName, vaultName)}/operationStatus/${encodeSegment(operationId, "operationId")}`, options);
  }

  /** Status of an operation in a resource group (`OperationStatusResourceGroupContext_Get`). */
  getInResourceGroup(resourceGroupName: string, operationId: string, options: DataProtectionOperationOptions = {}): Promise<OperationResource> {
    return this.read(`${this.ctx.resourceGroupPath(resourceGroupName)}/providers/Microsoft.DataProtection/operationStatus/${encodeSegment(operationId, "operationId")}`, options);
  }
}

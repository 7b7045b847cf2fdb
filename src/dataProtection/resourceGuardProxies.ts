import type { ResourceGuardProxyResource, UnlockDeleteRequest, UnlockDeleteResponse } from "./resourceGuardModels.js";
import type { DataProtectionOperationOptions } from "./options.js";
import type { DataProtectionContext } from "./transport.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** A vault's resource guard proxies (`DppResourceGuardProxy_*`): the vault's link to a resource guard. */
export class ResourceGuardProxies {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  private path(resourceGroupName: string, vaultName: string, proxyName: string): string {
    return `${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupResourceGuardProxies/${encodeSegment(proxyName, "resourceGuardProxyName")}`;
  }

  /** Reads a proxy; a missing one throws a `RestError` with status 404. */
  async get(resourceGroupName: string, vaultName: string, proxyName: string, options: DataProtectionOperationOptions = {}): Promise<ResourceGuardProxyResource> {
    return (await this.ctx.send<ResourceGuardProxyResource>("GET", this.ctx.url(this.path(resourceGroupName, vaultName, proxyName)), options)).flatResponse;
  }

  /** Links the vault to a guard (`PUT`, answered at once). */
  async createOrUpdate(resourceGroupName: string, vaultName: string, proxyName: string, parameters: ResourceGuardProxyResource, options: DataProtectionOperationOptions = {}): Promise<ResourceGuardProxyResource> {
    const url = this.ctx.url(this.path(resourceGroupName, vaultName, proxyName));
    return (await this.ctx.send<ResourceGuardProxyResource>("PUT", url, { body: parameters, abortSignal: options.abortSignal, auxiliaryToken: options.auxiliaryToken })).flatResponse;
  }

  /** Asks the guard to allow deleting the proxy for a while (`POST {proxy}/unlockDelete`). */
  async unlockDelete(resourceGroupName: string, vaultName: string, proxyName: string, parameters: UnlockDeleteRequest, options: DataProtectionOperationOptions = {}): Promise<UnlockDeleteResponse> {
    const url = this.ctx.url(`${this.path(resourceGroupName, vaultName, proxyName)}/unlockDelete`);
    return (await this.ctx.send<UnlockDeleteResponse>("POST", url, { body: parameters, abortSignal: options.abortSignal, auxiliaryToken: options.auxiliaryToken })).flatResponse;
  }

  /** Unlinks the vault from its guard (`DELETE`; 200, or 204 when absent). Needs an unlocked delete first. */
  async delete(resourceGroupName: string, vaultName: string, proxyName: string, options: DataProtectionOperationOptions = {}): Promise<void> {
    await this.ctx.send("DELETE", this.ctx.url(this.path(resourceGroupName, vaultName, proxyName)), { abortSignal: options.abortSignal, auxiliaryToken: options.auxiliaryToken });
  }
}

import { request } from "node:https";
import type { ArmEmulator } from "./emulator.js";
import type { WorldBackupExtension } from "./seedWorld.js";

/** A Backup Extension to install on a seeded cluster. */
export interface ExtensionInstall {
  /** The seed file path of the entry, for errors (`clusters[3].backupExtension`). */
  path: string;
  /** ARM id of the cluster. */
  clusterId: string;
  /** ARM id of the storage account. */
  storageAccountId: string;
  /** What the seed file asks for. */
  extension: WorldBackupExtension;
}

const extensionApiVersion = "2023-05-01";
const resourcesApiVersion = "2021-04-01";

/** One request to the emulator, as a client sends it (bearer token, its CA): status and JSON body. */
function send(emu: ArmEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const { endpoint, ca, token } = emu.connection;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}${path}`, {
      method, ca,
      headers: { authorization: `Bearer ${token}`, ...(payload ? { "content-type": "application/json" } : {}) },
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => { text += chunk; });
      res.on("end", () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          // Not JSON: the status says enough.
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

function armMessage(body: Record<string, unknown>): string {
  const error = body["error"] as { code?: string; message?: string } | undefined;
  return error ? `${error.code ?? "Error"}: ${error.message ?? ""}` : JSON.stringify(body);
}

/**
 * Installs Backup Extensions the way a user does, over HTTPS: registers
 * Microsoft.KubernetesConfiguration, PUTs each extension, then moves simulated time past the
 * install. Throws an error naming the seed entry the emulator refused. Returns the extension ids.
 */
export async function installBackupExtensions(emu: ArmEmulator, installs: readonly ExtensionInstall[]): Promise<string[]> {
  if (installs.length === 0) return [];
  const durations = emu.state.options.durations;
  const registered = await send(emu, "POST", `/subscriptions/${emu.subscriptionId}/providers/Microsoft.KubernetesConfiguration/register?api-version=${resourcesApiVersion}`);
  if (registered.status !== 200) throw new Error(`registering Microsoft.KubernetesConfiguration failed (${armMessage(registered.body)})`);
  emu.advanceTime(durations.providerRegistration);
  const ids: string[] = [];
  for (const install of installs) {
    const { extension, storageAccountId } = install;
    const [, subscriptionId, resourceGroup, name] = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)$/i.exec(storageAccountId) ?? [];
    const id = `${install.clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/${extension.name ?? "azure-aks-backup"}`;
    const settings: Record<string, string> = {
      "configuration.backupStorageLocation.bucket": extension.blobContainer,
      "configuration.backupStorageLocation.config.storageAccount": name ?? "",
      "configuration.backupStorageLocation.config.resourceGroup": resourceGroup ?? "",
      "configuration.backupStorageLocation.config.subscriptionId": subscriptionId ?? "",
      "configuration.backupStorageLocation.config.useAAD": String(extension.useAAD ?? true),
      "credentials.tenantId": emu.tenantId,
      ...(extension.memoryLimit ? { "resources.limits.memory": extension.memoryLimit } : {}),
    };
    const answer = await send(emu, "PUT", `${id}?api-version=${extensionApiVersion}`, {
      properties: { extensionType: "microsoft.dataprotection.kubernetes", releaseTrain: "stable", autoUpgradeMinorVersion: true, configurationSettings: settings },
    });
    if (answer.status !== 200 && answer.status !== 201) throw new Error(`${install.path}: the emulator refused the extension (${armMessage(answer.body)})`);
    ids.push(id);
  }
  emu.advanceTime(durations.extensionInstall);
  for (const [i, id] of ids.entries()) {
    const answer = await send(emu, "GET", `${id}?api-version=${extensionApiVersion}`);
    const state = (answer.body["properties"] as { provisioningState?: string } | undefined)?.provisioningState;
    if (state !== "Succeeded") throw new Error(`${installs[i]!.path}: the extension ended ${state ?? `with ${answer.status}`}`);
  }
  return ids;
}

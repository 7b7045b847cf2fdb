/* eslint-disable @typescript-eslint/no-require-imports */
import type { ContainerServiceClient } from "@azure/arm-containerservice";
import type { ResourceManagementClient } from "@azure/arm-resources";
import type { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { StorageManagementClient } from "@azure/arm-storage";
import type { ResourceGraphClient } from "@azure/arm-resourcegraph";

/*
 * The CommonJS build's loader of the modular ARM SDK clients (tshy puts it in place of
 * `lazySdk.ts`): `require` keeps a CommonJS process on the CommonJS copy of Azure core.
 */

/** `ContainerServiceClient` of `@azure/arm-containerservice`. */
export const loadContainerService = async (): Promise<typeof ContainerServiceClient> =>
  (require("@azure/arm-containerservice") as { ContainerServiceClient: typeof ContainerServiceClient }).ContainerServiceClient;
/** `ResourceManagementClient` of `@azure/arm-resources`. */
export const loadResources = async (): Promise<typeof ResourceManagementClient> =>
  (require("@azure/arm-resources") as { ResourceManagementClient: typeof ResourceManagementClient }).ResourceManagementClient;
/** `SubscriptionClient` of `@azure/arm-resources-subscriptions`. */
export const loadSubscriptions = async (): Promise<typeof SubscriptionClient> =>
  (require("@azure/arm-resources-subscriptions") as { SubscriptionClient: typeof SubscriptionClient }).SubscriptionClient;
/** `StorageManagementClient` of `@azure/arm-storage`. */
export const loadStorage = async (): Promise<typeof StorageManagementClient> =>
  (require("@azure/arm-storage") as { StorageManagementClient: typeof StorageManagementClient }).StorageManagementClient;
/** `ResourceGraphClient` of `@azure/arm-resourcegraph`. */
export const loadResourceGraph = async (): Promise<typeof ResourceGraphClient> =>
  (require("@azure/arm-resourcegraph") as { ResourceGraphClient: typeof ResourceGraphClient }).ResourceGraphClient;

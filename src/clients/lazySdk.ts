/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion -- unnecessary in the ES module build, needed when tshy checks the CommonJS build (see below) */
import type { ContainerServiceClient } from "@azure/arm-containerservice";
import type { ResourceManagementClient } from "@azure/arm-resources";
import type { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { StorageManagementClient } from "@azure/arm-storage";
import type { ResourceGraphClient } from "@azure/arm-resourcegraph";

/*
 * The modular ARM SDK clients, loaded on first use so that importing `aks-backup` costs little
 * more than Azure core itself. This is the ES module build's loader; `lazySdk-cjs.cts` replaces
 * it in the CommonJS build (with `require`, so a CommonJS process loads the CommonJS copy of
 * Azure core only). The casts only restate each class's own type: TypeScript types the
 * package's ES module and CommonJS declarations apart while checking the CommonJS build.
 */

/** `ContainerServiceClient` of `@azure/arm-containerservice`. */
export const loadContainerService = async (): Promise<typeof ContainerServiceClient> =>
  (await import("@azure/arm-containerservice")).ContainerServiceClient as unknown as typeof ContainerServiceClient;
/** `ResourceManagementClient` of `@azure/arm-resources`. */
export const loadResources = async (): Promise<typeof ResourceManagementClient> =>
  (await import("@azure/arm-resources")).ResourceManagementClient as unknown as typeof ResourceManagementClient;
/** `SubscriptionClient` of `@azure/arm-resources-subscriptions`. */
export const loadSubscriptions = async (): Promise<typeof SubscriptionClient> =>
  (await import("@azure/arm-resources-subscriptions")).SubscriptionClient as unknown as typeof SubscriptionClient;
/** `StorageManagementClient` of `@azure/arm-storage`. */
export const loadStorage = async (): Promise<typeof StorageManagementClient> =>
  (await import("@azure/arm-storage")).StorageManagementClient as unknown as typeof StorageManagementClient;
/** `ResourceGraphClient` of `@azure/arm-resourcegraph`. */
export const loadResourceGraph = async (): Promise<typeof ResourceGraphClient> =>
  (await import("@azure/arm-resourcegraph")).ResourceGraphClient as unknown as typeof ResourceGraphClient;

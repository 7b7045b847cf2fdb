import * as published from "../data/apiVersions.js";

/**
 * The api-versions each emulated service accepts: every version published in
 * azure-rest-api-specs (see `data/apiVersions.ts`, which names its sources).
 */
export const apiVersions = {
  resources: published.versionsOf(published.resources),
  containerService: published.versionsOf(published.containerService),
  connectedClusters: published.versionsOf(published.connectedClusters),
  storage: published.versionsOf(published.storage),
  kubernetesConfiguration: published.versionsOf(published.kubernetesConfiguration),
  dataProtection: published.versionsOf(published.dataProtection),
  authorization: published.versionsOf(published.authorization),
} as const;

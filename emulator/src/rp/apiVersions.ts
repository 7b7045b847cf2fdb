/**
 * The api-versions each emulated service accepts: the versions the Azure SDK packages of this
 * project send, the versions in ../shared/specs, and the versions seen in the recordings.
 */
export const apiVersions = {
  resources: ["2025-04-01", "2024-11-01", "2024-03-01", "2022-12-01", "2022-09-01", "2021-04-01", "2020-01-01", "2016-06-01"],
  containerService: [
    "2026-06-01", "2026-05-01", "2026-04-01", "2026-03-01", "2026-02-01", "2026-01-01", "2025-10-01", "2025-07-01",
    "2025-05-01", "2025-01-01", "2024-09-01", "2024-05-01", "2023-11-01", "2022-11-02-preview", "2022-11-01",
  ],
  /** ContainerService operation monitors use their own fixed version. */
  containerServiceOperations: ["2016-03-30"],
  connectedClusters: ["2024-01-01", "2022-10-01-preview", "2021-10-01"],
  storage: ["2026-09-01", "2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01", "2023-01-01", "2022-09-01"],
  kubernetesConfiguration: ["2025-03-01", "2024-11-01", "2023-05-01", "2022-11-01"],
} as const;

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "aks-backup-emulator": fileURLToPath(new URL("./emulator/src/index.ts", import.meta.url)),
  "aks-backup": fileURLToPath(new URL("./src/index.ts", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    maxWorkers: 2,
    // Test files of a worker share its module graph: each file no longer re-imports (and
    // re-transforms) the library, the SDK and the emulator, which halves the suite's time.
    // Files restore any process-wide state they change (the Azure logger).
    isolate: false,
    reporters: ["default", "./test/support/summaryReporter.ts"],
    projects: [
      { extends: true, test: { name: "aks-backup", include: ["test/**/*.test.ts"] } },
      { extends: true, test: { name: "aks-backup-emulator", root: "./emulator", include: ["test/**/*.test.ts"] } },
    ],
  },
});

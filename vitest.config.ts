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
    reporters: ["default", "./test/support/summaryReporter.ts"],
    projects: [
      { extends: true, test: { name: "aks-backup", include: ["test/**/*.test.ts"] } },
      { extends: true, test: { name: "aks-backup-emulator", root: "./emulator", include: ["test/**/*.test.ts"] } },
    ],
  },
});

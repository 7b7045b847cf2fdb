import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = path.resolve(packageRoot, "..");

/**
 * The folder holding `specs/` and `recordings/`: `$AKS_BACKUP_SHARED_DIR` if set, else the
 * project's `../shared` beside the repository when present, else the copy in
 * `test/fixtures/shared` (so that a clone alone runs every test).
 */
export function sharedDir(): string {
  const fromEnv = process.env["AKS_BACKUP_SHARED_DIR"];
  if (fromEnv) return fromEnv;
  const beside = path.resolve(repoRoot, "../shared");
  return existsSync(path.join(beside, "specs")) && existsSync(path.join(beside, "recordings"))
    ? beside
    : path.join(packageRoot, "test/fixtures/shared");
}

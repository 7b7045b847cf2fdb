/** Exit codes of the `aks-backup` command, and which error gives which. */
import { CommanderError } from "commander";
import { errorNames } from "../errors.js";

/** What the command's exit code means. */
export const exitCodes = {
  /** Done. */
  ok: 0,
  /** An operation failed (Azure said no, a step or a job failed, a cluster of a fleet failed). */
  failed: 1,
  /** Bad input: unknown flag, invalid request, a preflight problem, missing confirmation. Nothing was written. */
  badInput: 2,
  /** `doctor` or `status` found problems. */
  problemsFound: 3,
  /** Interrupted (Ctrl-C): waits stopped; operations already sent go on in Azure. */
  interrupted: 130,
} as const;

/** An error of the command line itself (a flag, a file, a missing setting): exit code 2, nothing sent. */
export class UsageError extends Error {
  /** What to do about it. */
  readonly remedy: string | undefined;

  constructor(message: string, remedy?: string) {
    super(message);
    this.name = "UsageError";
    this.remedy = remedy;
  }
}

const badInputNames = new Set<string>([
  errorNames.InputValidationError,
  errorNames.ConfirmationRequiredError,
  errorNames.PreflightError,
  "UsageError",
]);

/** The exit code an error ends the command with. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
  if (error instanceof Error && badInputNames.has(error.name)) return exitCodes.badInput;
  if (error instanceof Error && error.name === "AbortError") return exitCodes.interrupted;
  return exitCodes.failed;
}

import { AksBackupError } from "../common/errors.js";
import type { PreflightProblem } from "./models.js";

/** The setup cannot start: every problem found before any write, each with what to do. */
export class PreflightError extends AksBackupError {
  /** Every problem found. */
  readonly problems: readonly PreflightProblem[];

  constructor(problems: readonly PreflightProblem[]) {
    super(`Backup cannot be enabled; nothing was changed. ${problems.length} problem(s):\n` +
      problems.map((p, i) => `  ${i + 1}. ${p.subject}: ${p.problem}. To fix: ${p.fix}`).join("\n"));
    this.name = "PreflightError";
    this.problems = problems;
  }
}

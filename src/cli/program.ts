/** The `aks-backup` command line: commander program with one subcommand per operation. */
import { Command } from "commander";
import { backupCommand } from "./commands/backup.js";
import { disableCommand } from "./commands/disable.js";
import { discoverCommand } from "./commands/discover.js";
import { doctorCommand } from "./commands/doctor.js";
import { enableCommand } from "./commands/enable.js";
import { jobsCommand } from "./commands/jobs.js";
import { planCommand } from "./commands/plan.js";
import { restoreCommand } from "./commands/restore.js";
import { statusCommand } from "./commands/status.js";
import { addCommonFlags, type RunState } from "./options.js";

const exitCodeHelp = `
Exit codes: 0 done, 1 an operation failed, 2 bad input (nothing written), 3 doctor/status found problems, 130 interrupted.
Sign-in: DefaultAzureCredential (@azure/identity), or --emulator <connection-file> for the ARM emulator.`;

/** Builds the program; each action records its exit code in `state`. */
export function buildProgram(state: RunState): Command {
  const program = new Command("aks-backup")
    .description("Set up and manage Azure Backup of AKS clusters")
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .addHelpText("after", exitCodeHelp);
  // The sign-in and output flags are also accepted before the command.
  addCommonFlags(program);
  for (const add of [planCommand, enableCommand, disableCommand, restoreCommand, statusCommand, doctorCommand, discoverCommand, jobsCommand, backupCommand]) add(program, state);
  for (const command of program.commands) command.addHelpText("after", exitCodeHelp);
  return program;
}

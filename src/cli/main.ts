#!/usr/bin/env node
/**
 * Entry point of the `aks-backup` command (the package's `bin`). Checks the Node.js version
 * before loading anything else, then runs the command line and exits with its code.
 */
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`aks-backup needs Node.js 22.12 or later; this is ${process.version}. Run it with a newer node (npx uses the node of node_modules/.bin first).\n`);
  process.exitCode = 2;
} else {
  // A reader that closes the pipe early (`aks-backup jobs ... | head`) ends the output: not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  import("./run.js")
    .then(({ runCli }) => runCli(process.argv.slice(2)))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}

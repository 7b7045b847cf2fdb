#!/usr/bin/env node
// The `aks-backup-emulator` command: runs the compiled server (`npm run build --workspace emulator`).
import("../dist/cli.js").then(
  (cli) => cli.main(process.argv.slice(2)),
  (e) => {
    const built = !(e?.code === "ERR_MODULE_NOT_FOUND" && /dist[\\/]cli\.js/.test(String(e.message)));
    process.stderr.write(built ? `aks-backup-emulator: ${e?.stack ?? e}\n`
      : "aks-backup-emulator: the emulator is not built; run `npm run build --workspace emulator` first.\n");
    process.exitCode = 1;
  },
);

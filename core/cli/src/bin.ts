/**
 * `anju` entry point (run by tsx: `npm start`, `npm run anju -- …`, or bin/anju.js).
 * Exits explicitly once the command is done so a lingering handle (a database pool, a timer
 * in plugin code) cannot keep a finished command alive; stdout is flushed first.
 */
import { runCli } from "./cli.js";

runCli(process.argv.slice(2)).then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (err) => {
    process.stderr.write(`错误 [INTERNAL]: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);

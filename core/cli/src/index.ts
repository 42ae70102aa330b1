/** @anju/cli — the `anju` command line. The bin entry is src/bin.ts (bin/anju.js outside npm scripts). */
export { runCli, COMMANDS, topHelp } from "./cli.js";
export type { Command, CommandInput, GlobalOptions, OptionSpec } from "./command.js";
export { CliErrors, EXIT, exitCodeOf, isUsageError } from "./errors.js";
export type { CliErrorCode } from "./errors.js";
export { Output, asAnjuError, table } from "./output.js";
export { DEMO_JURISDICTIONS, DEMO_ROOT, seedDemo, wantsDemo } from "./demo.js";
export type { DemoReport } from "./demo.js";
export { loadCliConfig, managementConfig, withHost, databaseUrl } from "./context.js";
export { assertPortFree } from "./port.js";

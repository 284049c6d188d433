#!/usr/bin/env node
import { UsageError, describeFailure, runExport } from "./export/exportCommand";

const USAGE = `Usage: pulumi-entra-connected-organizations <command> [options]

Commands:
  export     write a tenant's connected organizations as YAML or TypeScript that adopts them
  emulator   run the offline Microsoft Graph and Entra token service emulator

Run a command with --help for its options.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "export":
      try {
        await runExport(args);
        return 0;
      } catch (error) {
        if (error instanceof UsageError) {
          process.stderr.write(`export: ${error.message}; see --help\n`);
          return 2;
        }
        process.stderr.write(`export: ${describeFailure(error)}\n`);
        return 1;
      }
    case "emulator":
      // The emulator's entry reads its own options from process.argv.
      process.argv.splice(2, 1);
      await import("./emulator");
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then((status) => {
  if (status !== 0) process.exitCode = status;
});

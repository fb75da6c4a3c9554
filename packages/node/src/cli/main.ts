import { parseCommandLine } from './args.js';
import { demoCommand } from './demo-command.js';
import { EXIT } from './exit-codes.js';
import { helpText } from './help.js';
import { OutputError } from './output-error.js';
import { runCommand, type CliIO } from './run-command.js';
import { UsageError } from './usage-error.js';

/** Run the `flotilla` command line; resolves to the process exit code. */
export async function main(argv: readonly string[], io: CliIO, version: string): Promise<number> {
  try {
    const command = parseCommandLine(argv, io.env);
    switch (command.kind) {
      case 'help':
        io.stdout.write(helpText(version));
        return EXIT.ok;
      case 'version':
        io.stdout.write(`${version}\n`);
        return EXIT.ok;
      case 'demo':
        return await demoCommand(io);
      case 'run':
        return await runCommand(command.config, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`flotilla: ${error.message}\nRun "flotilla --help" for the flags and examples.\n`);
      return EXIT.usage;
    }
    if (error instanceof OutputError) {
      io.stderr.write(`flotilla: ${error.message}\n`);
      return EXIT.output;
    }
    io.stderr.write(`flotilla: internal error (exit ${EXIT.internal}), please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}

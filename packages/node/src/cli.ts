#!/usr/bin/env node
/**
 * The `flotilla` executable. All the logic is in ./cli/main.ts; this file
 * only binds it to the real process.
 * @packageDocumentation
 */
import { EXIT } from './cli/exit-codes.js';
import { main } from './cli/main.js';

/** Replaced with the package version at build time (tsup `define`). */
declare const __FLOTILLA_VERSION__: string;
const version = typeof __FLOTILLA_VERSION__ === 'string' ? __FLOTILLA_VERSION__ : '0.0.0-dev';

// A run that never settles would leave Node to exit 13 without a word: say so, with a documented code.
let settled = false;
process.on('exit', () => {
  if (settled) return;
  process.stderr.write(`flotilla: internal error (exit ${EXIT.internal}): the run stopped without finishing (a stream or promise that never settled); please report it\n`);
  process.exitCode = EXIT.internal;
});

const exitCode = await main(
  process.argv.slice(2),
  {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onSignal(handler) {
      const onInt = () => handler('SIGINT');
      const onTerm = () => handler('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
    exit: (code) => process.exit(code),
  },
  version,
);
settled = true;
process.exitCode = exitCode;

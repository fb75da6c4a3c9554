/** The command line is wrong (unknown flag, bad value, missing file); the CLI exits with code 2. */
export class UsageError extends Error {
  /** Stable code, for scripts that wrap the CLI. */
  readonly code = 'usage';

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    this.name = 'UsageError';
  }
}

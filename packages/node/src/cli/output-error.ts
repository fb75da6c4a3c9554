/** The output file cannot be opened or written; the CLI exits with code 3 (`EXIT.output`). */
export class OutputError extends Error {
  /** Stable code, for scripts that wrap the CLI. */
  readonly code = 'output';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutputError';
  }
}

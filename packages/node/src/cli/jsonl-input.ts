import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** One non-blank line of a JSONL input. */
export type JsonlLine =
  | {
      /** The line parsed as JSON. */
      ok: true;
      /** 1-based line number in the input. */
      line: number;
      /** The parsed value. */
      value: unknown;
    }
  | {
      /** The line is not JSON. */
      ok: false;
      /** 1-based line number in the input. */
      line: number;
      /** Why it could not be parsed. */
      reason: string;
    };

/**
 * Read a JSONL stream line by line, in constant memory. Blank lines are
 * skipped; a line that is not JSON is yielded with `ok: false`, its 1-based
 * line number and the parser's reason, so the caller decides whether to stop.
 */
export async function* readJsonl(stream: Readable): AsyncGenerator<JsonlLine> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { ok: true, line, value: JSON.parse(line === 1 ? text.replace(/^\uFEFF/, '') : text) as unknown };
      } catch (error) {
        yield { ok: false, line, reason: (error as Error).message };
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

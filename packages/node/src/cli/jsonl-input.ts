import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** One non-blank line of a JSONL input. */
export type JsonlLine =
  | { ok: true; line: number; value: unknown }
  | { ok: false; line: number; reason: string };

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

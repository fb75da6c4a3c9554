import { createReadStream } from 'node:fs';

const NEWLINE = 0x0a;
const isBlank = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0d;

/**
 * Count the non-blank lines of a file by scanning its bytes, in constant
 * memory; used to show `done/total` while the run reads the same file.
 */
export async function countNonBlankLines(path: string, signal?: AbortSignal): Promise<number> {
  let count = 0;
  let lineHasText = false;
  for await (const chunk of createReadStream(path, signal ? { signal } : {})) {
    for (const byte of chunk as Buffer) {
      if (byte === NEWLINE) {
        if (lineHasText) count++;
        lineHasText = false;
      } else if (!lineHasText && !isBlank(byte)) {
        lineHasText = true;
      }
    }
  }
  return lineHasText ? count + 1 : count;
}

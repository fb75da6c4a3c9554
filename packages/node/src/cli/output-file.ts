import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { OutputError } from './output-error.js';

/**
 * Open `--output` for writing before anything runs, so a missing directory or
 * a missing permission is a clear message and exit code 3 up front, not a
 * stream error in the middle of a paid run.
 *
 * @throws OutputError saying what is wrong and what to do.
 */
export function openOutputFile(path: string, shown: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new OutputError(`cannot write --output ${shown}: ${explain((error as NodeJS.ErrnoException).code, path)}`, { cause: error });
  }
  return createWriteStream('', { fd });
}

/** What an `open` error code means for an output file, and the fix. */
export function explain(code: string | undefined, path: string): string {
  switch (code) {
    case 'ENOENT':
      return `the directory ${dirname(path)} does not exist; create it (mkdir -p) or write elsewhere`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `no permission to write there; choose a writable path`;
    case 'EISDIR':
      return 'it is a directory; give a file name, e.g. --output out.jsonl';
    case 'ENOSPC':
      return 'the disk is full; free some space';
    default:
      return `the file cannot be opened for writing (${code ?? 'unknown error'})`;
  }
}

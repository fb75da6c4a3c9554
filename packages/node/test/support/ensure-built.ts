import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

function newestSource(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newestSource(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );
}

/**
 * vitest globalSetup: the CLI and multi-process tests run dist/ in child
 * processes, so build the package first when dist is missing or older than src.
 */
export default function ensureBuilt(): void {
  const built = ['dist/cli.js', 'dist/index.js'].map((file) => join(root, file));
  const fresh = built.every((file) => existsSync(file) && statSync(file).mtimeMs >= newestSource(join(root, 'src')));
  if (fresh) return;
  execFileSync(process.execPath, [join(root, '../../node_modules/tsup/dist/cli-default.js')], { cwd: root, stdio: 'inherit' });
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');

/** Every cycle among the relative imports of src/, as `a.ts -> b.ts -> a.ts`. */
function importCycles(): string[] {
  const files = readdirSync(SRC).filter((file) => file.endsWith('.ts'));
  const imports = new Map(files.map((file) => [file, [...readFileSync(join(SRC, file), 'utf8').matchAll(/from '\.\/([^']+)\.js'/g)].map((m) => `${m[1]}.ts`)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const next of imports.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, [file]);
  return cycles;
}

describe('the edge package’s modules', () => {
  it('import one another without a cycle (shared types live in leaf files)', () => {
    expect(importCycles()).toEqual([]);
  });
});

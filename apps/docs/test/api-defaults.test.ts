/**
 * The API reference shows each limit's default (`@defaultValue` on `Limits`),
 * and what it shows is what `DEFAULT_LIMITS` holds, so the two cannot drift.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS } from '@flotilla/core';
import { describe, expect, test } from 'vitest';

const source = (path: string) => readFileSync(fileURLToPath(new URL(`../../../packages/core/src/${path}`, import.meta.url)), 'utf8');

/** `@defaultValue` of each member of `interface <name>` in `text`: the member name to the tag's text. */
function defaultsOf(text: string, name: string): Map<string, string | undefined> {
  const start = text.indexOf(`export interface ${name}`);
  const body = text.slice(start, text.indexOf('\n}\n', start));
  const members = new Map<string, string | undefined>();
  for (const match of body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(?:readonly\s+)?(\w+)\??:/g)) {
    members.set(match[2]!, /@defaultValue\s+([^\n]*)/.exec(match[1]!)?.[1]?.trim());
  }
  return members;
}

/** The first backticked value of a tag, as a JavaScript value. */
function valueOf(tag: string): unknown {
  const literal = /^`([^`]+)`/.exec(tag)?.[1];
  if (literal === undefined) throw new Error(`@defaultValue ${tag} does not start with a backticked value`);
  if (literal === 'undefined') return undefined;
  if (literal === 'true' || literal === 'false') return literal === 'true';
  return Number(literal.replaceAll('_', ''));
}

describe('defaults in the API reference', () => {
  test('every member of Limits has a @defaultValue, equal to DEFAULT_LIMITS', () => {
    const defaults = defaultsOf(source('limits/limits-shape.ts'), 'Limits');
    expect([...defaults.keys()].sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
    for (const [member, tag] of defaults) {
      expect(tag, `Limits.${member} has no @defaultValue`).toBeDefined();
      expect(valueOf(tag!), `Limits.${member}: @defaultValue ${tag}`).toBe(DEFAULT_LIMITS[member as keyof typeof DEFAULT_LIMITS]);
    }
  });

  test('every optional member of DispatchOptions says its default', () => {
    const text = source('executor/dispatch-options-shape.ts');
    const defaults = defaultsOf(text, 'DispatchOptions');
    const optional = [...text.slice(text.indexOf('export interface DispatchOptions')).split('\n}\n')[0]!.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]!);
    // `signal` and `onEvent` have no default to show: without them, nothing aborts and nobody listens.
    for (const member of optional.filter((name) => name !== 'signal' && name !== 'onEvent')) {
      expect(defaults.get(member), `DispatchOptions.${member} has no @defaultValue`).toBeDefined();
    }
  });
});

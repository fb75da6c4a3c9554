import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer } from '../../core/test/providers/chat-server.js';
import { jsonl, runCli, startCli } from './support/cli.js';
import { useTempDir } from './support/temp-dir.js';

const ITEMS = 40;
const CONCURRENCY = 4;

describe('crash-safe resume through the SQLite cache', () => {
  const temp = useTempDir();
  let server: ChatServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('after SIGKILL half way, the same command pays only for the unfinished items', async () => {
    server = await startChatServer((request) => ({ content: `answer to ${request.prompt}`, delayMs: 120 }));
    const input = join(temp(), 'items.jsonl');
    const out = join(temp(), 'out.jsonl');
    const db = join(temp(), 'cache.db');
    writeFileSync(input, Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: i })).join('\n') + '\n');
    const command = [
      'run', '--provider', 'openai-compatible', '--base-url', server.baseURL, '--model', 'test-model',
      '--price-in', '1', '--price-out', '1', '--template', 'item {id}',
      '--input', input, '--output', out, '--cache', db, '--concurrency', String(CONCURRENCY),
    ];

    // Run 1: killed without warning once about half the answers were sent.
    const first = startCli(command);
    await expect.poll(() => server!.completed.length, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(ITEMS / 2);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const firstRunPrompts = server.requests.map((r) => r.prompt);
    expect(firstRunPrompts.length).toBeLessThan(ITEMS);

    // What the crash left in the cache file: committed rows, readable by a fresh process.
    const file = new Database(db);
    const cachedAtKill = (file.prepare('SELECT count(*) AS n FROM flotilla_cache').get() as { n: number }).n;
    file.close();
    expect(cachedAtKill).toBeGreaterThanOrEqual(ITEMS / 2 - CONCURRENCY);

    // Run 2: the very same command, to completion.
    const second = await runCli(command);
    expect(second.stderr).toContain('completed');
    expect(second.code).toBe(0);
    const secondRunPrompts = server.requests.slice(firstRunPrompts.length).map((r) => r.prompt);

    // Every cached item was a hit: the rerun called the server only for the rest.
    const records = jsonl<{ index: number; ok: boolean; cached: boolean; value: string }>(readFileSync(out, 'utf8'));
    expect(records.map((r) => r.index)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
    expect(records.every((r, i) => r.ok && r.value === `answer to item ${i}`)).toBe(true);
    expect(records.filter((r) => r.cached)).toHaveLength(cachedAtKill);
    expect(secondRunPrompts).toHaveLength(ITEMS - cachedAtKill);

    // No cached item was paid twice; an item is repeated only if it was in
    // flight at the kill (its answer was not yet in the cache).
    const cachedPrompts = records.filter((r) => r.cached).map((r) => `item ${r.index}`);
    expect(secondRunPrompts.filter((prompt) => cachedPrompts.includes(prompt))).toEqual([]);
    const repeated = secondRunPrompts.filter((prompt) => firstRunPrompts.includes(prompt));
    expect(repeated.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(server.requests.length).toBeLessThanOrEqual(ITEMS + CONCURRENCY);
    // None missing: every item was asked for at least once across both runs.
    expect(new Set(server.requests.map((r) => r.prompt)).size).toBe(ITEMS);
  });
});

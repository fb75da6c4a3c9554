import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ResultError } from '@flotilla/core';
import { ReorderBuffer } from './reorder-buffer.js';

/** One line of the CLI's JSONL output. */
export interface OutputRecord {
  /** 0-based position of the item among the input's non-blank lines. */
  index: number;
  /** 1-based line number in the input file. */
  line: number;
  ok: boolean;
  value?: unknown;
  error?: ResultError;
  /** USD this item spent (0 for a cache hit). */
  costUsd: number;
  cached: boolean;
  attempts: number;
  durationMs: number;
  /** What the run's policies noted (injection flags, redactions); absent when nothing. */
  meta?: unknown;
}

/**
 * Writes output records as JSONL, either as they come (`completed`) or in
 * input order (`input`) through a bounded {@link ReorderBuffer}. Honours the
 * stream's backpressure: `write` resolves once the stream can take more.
 */
export class ResultWriter {
  private readonly buffer: ReorderBuffer<string> | undefined;

  /** @param window in input order, how many items may finish ahead of the oldest unfinished one. */
  constructor(
    private readonly out: Writable,
    order: 'input' | 'completed',
    window: number,
  ) {
    this.buffer = order === 'input' ? new ReorderBuffer<string>(window) : undefined;
  }

  /** In input order, resolves when item `position` may start without growing the buffer past its window. */
  waitForRoom(position: number): Promise<void> | undefined {
    return this.buffer?.waitForRoom(position);
  }

  /** Write the record of the item at `position`. */
  async write(position: number, record: OutputRecord): Promise<void> {
    const text = serialize(record);
    const ready = this.buffer ? this.buffer.push(position, text) : [text];
    if (ready.length === 0) return;
    if (!this.out.write(ready.join(''))) await once(this.out, 'drain');
  }

  /** Flush what is still held (only after a failure left a gap) and end the stream unless it is stdout. */
  async close(endStream: boolean): Promise<void> {
    const held = this.buffer?.drain() ?? [];
    if (held.length > 0 && !this.out.write(held.join(''))) await once(this.out, 'drain');
    // A stream that already failed never emits 'finish': waiting for it would hang the CLI.
    if (endStream && !this.out.destroyed && !this.out.errored) {
      const finished = once(this.out, 'finish');
      this.out.end();
      await finished;
    }
  }
}

function serialize(record: OutputRecord): string {
  try {
    return `${JSON.stringify(record)}\n`;
  } catch (error) {
    const { value: _value, ...rest } = record;
    const failed: OutputRecord = {
      ...rest,
      ok: false,
      error: { code: 'agent_error', message: `the agent's value cannot be written as JSON (${(error as Error).message}); return plain JSON` },
    };
    return `${JSON.stringify(failed)}\n`;
  }
}

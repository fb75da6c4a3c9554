import { performance } from 'node:perf_hooks';

/** One contender of an interleaved comparison: runs the whole workload once. */
export interface Contender {
  name: string;
  run(): Promise<unknown>;
}

/** Collect garbage when the process runs with --expose-gc, so one run's garbage is not billed to the next. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Time every contender `rounds` times, interleaved (A B C, B C A, ...), after
 * `warmup` untimed rounds. Interleaving spreads machine noise (other
 * processes, CPU frequency) over all contenders instead of one of them.
 * Returns the wall times in milliseconds per contender name.
 */
export async function interleave(contenders: readonly Contender[], rounds: number, warmup = 1): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      // Rotate who goes first so no contender always runs right after a GC-heavy one.
      const contender = contenders[(round + turn) % contenders.length]!;
      collectGarbage();
      const started = performance.now();
      await contender.run();
      const elapsed = performance.now() - started;
      if (round >= warmup) samples.get(contender.name)!.push(elapsed);
    }
  }
  return samples;
}

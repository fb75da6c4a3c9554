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

/** What {@link interleave} measured for one contender, one entry per timed run. */
export interface Samples {
  /** Wall time, in milliseconds. */
  wallMs: number[];
  /** CPU time of this process (user + system, all threads), in milliseconds: less disturbed by other processes than wall time. */
  cpuMs: number[];
}

/**
 * Time every contender `rounds` times, interleaved (A B C, B C A, ...), after
 * `warmup` untimed rounds. Interleaving spreads machine noise (other
 * processes, CPU frequency) over all contenders instead of one of them.
 */
export async function interleave(contenders: readonly Contender[], rounds: number, warmup = 1): Promise<Map<string, Samples>> {
  const samples = new Map<string, Samples>(contenders.map((contender) => [contender.name, { wallMs: [], cpuMs: [] }]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      // Rotate who goes first so no contender always runs right after a GC-heavy one.
      const contender = contenders[(round + turn) % contenders.length]!;
      collectGarbage();
      const cpu = process.cpuUsage();
      const started = performance.now();
      await contender.run();
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (round < warmup) continue;
      const entry = samples.get(contender.name)!;
      entry.wallMs.push(elapsed);
      entry.cpuMs.push((used.user + used.system) / 1000);
    }
  }
  return samples;
}

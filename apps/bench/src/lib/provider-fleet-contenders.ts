/**
 * The contenders of the four-process shape of `provider-limits`: what each
 * worker process runs on its share of the workload. Users without a shared
 * limiter divide the quota among their processes by hand, or let each one
 * believe it has the whole key and lean on the provider's headers; Flotilla
 * shares one window through `@flotilla/redis`. The two rows of Flotilla's
 * in-memory `rateLimit` (a quarter, or the whole quota, per process) are its
 * own variants, shown beside the shared window rather than judged as
 * contenders (as the one-process shape treats its adaptive variant).
 */
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { redisRateLimit } from '@flotilla/redis';
import { core } from './core.js';
import { mulberry32 } from './prng.js';
import { CONCURRENCY, MARGIN_MS, PROVIDER, SEED, callWithBackoff, flotilla, limits, type ContenderResult } from './provider-workload.js';

/** How many processes share the key. */
export const PROCESSES = 4;

/** What one worker process is told to run. */
export interface FleetTask {
  baseURL: string;
  /** The Redis key of this contender's shared window (unique per run and contender). */
  key: string;
  /** This process's 0-based index among {@link PROCESSES}. */
  shard: number;
}

export interface FleetContender {
  name: string;
  run(task: FleetTask, prompts: string[], redis: () => Redis): Promise<ContenderResult>;
}

const perProcess = CONCURRENCY / PROCESSES;

export const FLEET_CONTENDERS: FleetContender[] = [
  {
    name: `${PROCESSES} x p-limit(${perProcess}) + backoff`,
    async run({ baseURL, shard }, prompts) {
      const random = mulberry32(SEED + 1 + 100 * shard);
      const limit = pLimit(perProcess);
      const done = await Promise.all(prompts.map((prompt) => limit(() => callWithBackoff(baseURL, prompt, random))));
      return { ok: done.filter(Boolean).length };
    },
  },
  {
    name: `${PROCESSES} x p-queue (intervalCap = RPM / ${PROCESSES})`,
    async run({ baseURL, shard }, prompts) {
      const random = mulberry32(SEED + 2 + 100 * shard);
      const queue = new PQueue({ concurrency: perProcess, intervalCap: Math.floor(PROVIDER.requestsPerMinute / PROCESSES), interval: PROVIDER.windowMs });
      const done = await Promise.all(prompts.map((prompt) => queue.add(() => callWithBackoff(baseURL, prompt, random))));
      return { ok: done.filter(Boolean).length };
    },
  },
  {
    name: `${PROCESSES} x Bottleneck (reservoir = RPM / ${PROCESSES})`,
    async run({ baseURL, shard }, prompts) {
      const random = mulberry32(SEED + 3 + 100 * shard);
      const share = Math.floor(PROVIDER.requestsPerMinute / PROCESSES);
      const limiter = new Bottleneck({ maxConcurrent: perProcess, reservoir: share, reservoirRefreshAmount: share, reservoirRefreshInterval: PROVIDER.windowMs });
      const done = await Promise.all(prompts.map((prompt) => limiter.schedule(() => callWithBackoff(baseURL, prompt, random))));
      await limiter.stop({ dropWaitingJobs: false });
      return { ok: done.filter(Boolean).length };
    },
  },
  {
    name: `${PROCESSES} x Flotilla rateLimit, a quarter of the quota each (+ headers)`,
    run: ({ baseURL, shard }, prompts) =>
      flotilla(baseURL, prompts, core.rateLimit({ ...limits(PROCESSES), windowMs: PROVIDER.windowMs, marginMs: MARGIN_MS }), {
        concurrency: perProcess,
        seed: SEED + 4 + 100 * shard,
      }),
  },
  {
    name: `${PROCESSES} x Flotilla rateLimit, the whole quota each (+ headers)`,
    run: ({ baseURL, shard }, prompts) =>
      flotilla(baseURL, prompts, core.rateLimit({ ...limits(), windowMs: PROVIDER.windowMs, marginMs: MARGIN_MS }), {
        concurrency: perProcess,
        seed: SEED + 4 + 100 * shard,
      }),
  },
  {
    name: `Flotilla redisRateLimit, one window shared by the ${PROCESSES} (+ headers)`,
    run: ({ baseURL, key, shard }, prompts, redis) =>
      flotilla(baseURL, prompts, redisRateLimit({ redis: redis(), key, ...limits(), windowMs: PROVIDER.windowMs, marginMs: MARGIN_MS }), {
        concurrency: perProcess,
        seed: SEED + 4 + 100 * shard,
      }),
  },
];

/** The name of the Flotilla contender the targets are judged on. */
export const FLEET_FLOTILLA = FLEET_CONTENDERS.at(-1)!.name;

/** Whether a row is one of Flotilla's own `rateLimit` variants (shown, not judged as a contender) in either shape. */
export const isRateLimitVariant = (name: string): boolean => /Flotilla rateLimit/.test(name);

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run by its SHA-1 (EVALSHA), loaded on first use or after a server restart. */
export interface RedisScript {
  /** Run the script with `keys` and `args`; resolves to its raw reply. */
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

/**
 * Prepare a Lua script. Scripts are sent by SHA-1 so each call costs a few
 * bytes; a `NOSCRIPT` reply (first use, or a restarted server) falls back to
 * a full EVAL, which also caches the script on the server.
 */
export function redisScript(source: string): RedisScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}

/** The Lua prelude every script that needs the time starts with: `now` is the server's clock in milliseconds (microsecond fraction kept). */
export const LUA_NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
`;

/**
 * Braces around `key` make it a Redis Cluster hash tag: every key built from
 * it lands in one slot, so one Lua script may touch them all.
 */
export function hashTag(key: string): string {
  return `{${key}}`;
}

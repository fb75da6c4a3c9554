import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

describe('errors', () => {
  const errorClasses = Object.entries(core).filter(
    ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
  ) as Array<[string, new (message: string, options?: never) => core.FlotillaError]>;

  it('every exported error class names itself (names survive minification)', () => {
    expect(errorClasses.length).toBeGreaterThan(10);
    for (const [exportName, ErrorClass] of errorClasses) {
      const error = new ErrorClass('message', { retryInMs: 1 } as never);
      expect(error.name, exportName).toBe(exportName);
      expect(error).toBeInstanceOf(core.FlotillaError);
      expect(typeof error.code).toBe('string');
    }
  });

  it('maps thrown values onto stable result codes', async () => {
    const run = await core.dispatch({
      agent: (kind: string) => {
        if (kind === 'rate') throw new core.RateLimitedError('429', { retryAfterMs: 10 });
        if (kind === 'plain') throw new TypeError('oops');
        throw 'a string';
      },
      inputs: ['rate', 'plain', 'string'],
      cache: false,
    });
    expect(run.results.map((r) => r.error)).toEqual([
      { code: 'rate_limited', message: '429' },
      { code: 'agent_error', message: 'oops' },
      { code: 'agent_error', message: 'a string' },
    ]);
  });
});

import { redact } from '@flotilla/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { roundMs } from './json-numbers.js';
import type { LogFields, RequestLogEntry } from './log-fields.js';
import type { ProblemCode } from './problem.js';

/** Build a log line from what the request recorded. */
export function logEntry(method: string, path: string, status: number, startedAt: number, fields: LogFields): RequestLogEntry {
  const { deferred: _deferred, ...rest } = fields;
  return { method, path: redact(path).text, status, durationMs: roundMs(Date.now() - startedAt), ...rest };
}

/** Middleware writing one {@link RequestLogEntry} per request to `sink` (none without a sink). */
export function requestLog(sink: ((entry: RequestLogEntry) => void) | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('log', {});
    c.set('startedAt', Date.now());
    await next();
    const fields = c.get('log');
    if (!sink || fields.deferred) return;
    fields.code ??= await problemCode(c.res);
    sink(logEntry(c.req.method, c.req.path, c.res.status, c.get('startedAt'), fields));
  };
}

/** The `code` of a problem response, read from a copy of its (small) body. */
async function problemCode(response: Response): Promise<ProblemCode | undefined> {
  if (!response.headers.get('content-type')?.startsWith('application/problem+json')) return undefined;
  try {
    return ((await response.clone().json()) as { code?: ProblemCode }).code;
  } catch {
    return undefined;
  }
}

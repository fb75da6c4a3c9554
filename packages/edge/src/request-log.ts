import { redact } from '@flotilla/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import type { ProblemCode } from './problem.js';

/**
 * One line of the dispatch API's log. It carries no secret and no request
 * content: the API key appears only as its id (see `apiKeyId`), the path is
 * redacted, and neither headers, bodies, inputs nor outputs are logged.
 */
export interface RequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Request path, redacted. */
  path: string;
  /** Response status (200 for a stream, whatever happens after the headers). */
  status: number;
  /** Wall time until the response (or, for a stream, its last event), in milliseconds. */
  durationMs: number;
  /** The API key's id, once authenticated. */
  keyId?: string;
  /** The problem code of an error response. */
  code?: ProblemCode;
  /** The agent a dispatch ran. */
  agent?: string;
  /** How many inputs a dispatch carried. */
  inputs?: number;
  /** Why a dispatch ended. */
  stopReason?: string;
  /** USD a dispatch spent. */
  costUsd?: number;
  /** `true` for a streamed dispatch. */
  stream?: boolean;
}

/** What handlers record for the log line of their request (see {@link RequestLogEntry} for each field). */
export interface LogFields {
  /** The API key's id, once authenticated. */
  keyId?: string;
  /** The problem code of an error response. */
  code?: ProblemCode;
  /** The agent a dispatch ran. */
  agent?: string;
  /** How many inputs a dispatch carried. */
  inputs?: number;
  /** Why a dispatch ended. */
  stopReason?: string;
  /** USD a dispatch spent. */
  costUsd?: number;
  /** `true` for a streamed dispatch. */
  stream?: boolean;
  /** Set by a stream handler: it writes the log line itself when the stream ends. */
  deferred?: boolean;
}

/** Build a log line from what the request recorded. */
export function logEntry(method: string, path: string, status: number, startedAt: number, fields: LogFields): RequestLogEntry {
  const { deferred: _deferred, ...rest } = fields;
  return { method, path: redact(path).text, status, durationMs: Date.now() - startedAt, ...rest };
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

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
  /** Wall time until the response (or, for a stream, its last event), in milliseconds (0.1 ms steps). */
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
  /** USD a dispatch spent (6 decimals). */
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

import type { LogFields } from './log-fields.js';

/** The Hono environment of the dispatch app: what middleware hands to handlers. */
export type AppEnv = {
  /** Per-request values set by middleware (`c.set`) and read by handlers (`c.get`). */
  Variables: {
    /** The authenticated API key's id (never the key). */
    keyId: string;
    /** Fields of this request's log line. */
    log: LogFields;
    /** `Date.now()` when the request arrived. */
    startedAt: number;
  };
};

import type { Agent, Cache, Ledger } from '@flotilla/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';
import type { DispatchPolicy } from './policy.js';

/** What the dispatch route needs from the app. */
export interface DispatchDeps {
  /** The server's resolved policy. */
  policy: DispatchPolicy;
  /** The served agents, by the name clients send. */
  agents: ReadonlyMap<string, Agent>;
  /** The result cache, or `false` for none. */
  cache: Cache | false;
  /** The shared budget of an API key, by key id, when the app has one. */
  ledger: ((keyId: string) => Ledger) | undefined;
  /** Writes the request's log line once a stream ends. */
  logStream: (c: Context<AppEnv>) => void;
}

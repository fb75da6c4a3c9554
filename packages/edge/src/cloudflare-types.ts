/**
 * The few members of Cloudflare's binding types that @flotilla/edge uses,
 * written out structurally so the package's types need neither
 * `@cloudflare/workers-types` nor a Workers runtime. The real bindings
 * (`KVNamespace`, `DurableObjectNamespace`, `DurableObjectState`) satisfy them.
 */

/** The part of a Workers KV namespace binding (`KVNamespace`) that {@link kvCache} uses. */
export interface KvNamespaceLike {
  /** Read a value parsed as JSON; `null` when absent. */
  get(key: string, type: 'json'): Promise<unknown>;
  /** Write a string; `expirationTtl` is in seconds and at least 60. */
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  /** Remove a key; removing a missing key is fine. */
  delete(key: string): Promise<void>;
  /** List keys under a prefix, a page (at most 1000 keys) at a time. */
  list(options?: { prefix?: string; cursor?: string }): Promise<{
    /** The keys of this page. */
    keys: {
      /** The full key name, prefix included. */
      name: string;
    }[];
    /** Whether this is the last page. */
    list_complete: boolean;
    /** Pass as `cursor` to fetch the next page (absent on the last page). */
    cursor?: string;
  }>;
}

/** The part of a Durable Object stub that {@link durableObjectLedger} uses. */
export interface DurableObjectStubLike {
  /** Send a request to the object's `fetch` handler. */
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** The part of a Durable Object namespace binding (`DurableObjectNamespace`) that {@link durableObjectLedger} uses. */
export interface DurableObjectNamespaceLike {
  /** The id of the object with this name (the same name always gives the same object). */
  idFromName(name: string): unknown;
  /** A stub that forwards requests to the object with `id`. */
  get(id: never): DurableObjectStubLike;
}

/** The part of `DurableObjectState` that {@link BudgetLedger} uses. */
export interface DurableObjectStateLike {
  /** The object's transactional storage. */
  readonly storage: {
    /** The stored value of `key`, or `undefined` when absent. */
    get(key: string): Promise<unknown>;
    /** Store `value` (structured-cloneable) under `key`, atomically. */
    put(key: string, value: unknown): Promise<void>;
  };
  /** Hold every incoming event until `callback` settles (used to load state once). */
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

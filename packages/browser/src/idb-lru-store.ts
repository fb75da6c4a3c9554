import type { CacheEntry } from '@flotilla/core';
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

/** How an {@link IdbLruStore} reaches its object store; idb-keyval's `createStore` by default. */
export type OpenStore = (dbName: string, storeName: string) => UseStore;

/** Thrown by {@link IdbLruStore} when the database or its store cannot be opened. */
export class StoreOpenError extends Error {
  constructor(cause: unknown) {
    super('IndexedDB could not be opened', { cause });
    this.name = 'StoreOpenError';
    this.name = 'StoreOpenError';
  }
}

/** One cached entry as IndexedDB holds it (a structured clone of the caller's entry). */
interface StoredEntry {
  entry: CacheEntry;
  /** When the entry expires, in milliseconds since the epoch. */
  expiresAt: number;
  /** When the entry was last written or read, in milliseconds since the epoch. */
  usedAt: number;
  /** Breaks ties between entries used in the same millisecond. */
  seq: number;
}

// Everything lives in the one object store idb-keyval creates, under array
// keys that IndexedDB sorts element by element. Besides the entry itself, two
// index records order the keys by last use and by expiry, so finding the least
// recently used or the expired entries is a short key-range read rather than a
// scan of the whole store:
//   ['entry', key]                     -> StoredEntry
//   ['used', usedAt, seq, key]         -> key
//   ['expires', expiresAt, key]        -> key
// An array sorts after every number and string, so ['x', []] bounds a prefix.
const entryKey = (key: string): IDBValidKey => ['entry', key];
const usedKey = (key: string, stored: StoredEntry): IDBValidKey => ['used', stored.usedAt, stored.seq, key];
const expiresKey = (key: string, stored: StoredEntry): IDBValidKey => ['expires', stored.expiresAt, key];
const allEntries = () => IDBKeyRange.bound(['entry'], ['entry', []]);
const byLastUse = () => IDBKeyRange.bound(['used'], ['used', []]);
const expiredBy = (now: number) => IDBKeyRange.bound(['expires'], ['expires', now, []]);

/**
 * The IndexedDB side of `indexedDbCache`: entries with a time to live and a
 * least-recently-used bound, each operation one transaction. It throws what
 * IndexedDB throws; falling back to memory is the caller's job.
 */
export class IdbLruStore {
  private connecting: Promise<UseStore> | undefined;
  private seq = 0;

  constructor(
    private readonly dbName: string,
    private readonly storeName: string,
    private readonly maxEntries: number,
    private readonly openStore: OpenStore = createStore,
  ) {}

  /** Open the database (once); rejects with {@link StoreOpenError}. */
  connect(): Promise<UseStore> {
    this.connecting ??= this.open();
    return this.connecting;
  }

  /** The live entry for `key`, marking it as just used; expired entries are removed. */
  get(key: string, now: number): Promise<CacheEntry | undefined> {
    return this.transact('readwrite', async (store) => {
      const stored = await read(store, key);
      if (!stored) return undefined;
      if (stored.expiresAt <= now) {
        remove(store, key, stored);
        return undefined;
      }
      store.delete(usedKey(key, stored));
      write(store, key, { ...stored, usedAt: now, seq: this.seq++ });
      return stored.entry;
    });
  }

  /** The live entry for `key` without writing anything (used once writes hit the quota). */
  peek(key: string, now: number): Promise<CacheEntry | undefined> {
    return this.transact('readonly', async (store) => {
      const stored = await read(store, key);
      return stored && stored.expiresAt > now ? stored.entry : undefined;
    });
  }

  /** Store `entry` for `ttlMs`, then drop expired entries and the least recently used beyond the bound. */
  set(key: string, entry: CacheEntry, ttlMs: number, now: number): Promise<void> {
    return this.transact('readwrite', async (store) => {
      const old = await read(store, key);
      if (old) remove(store, key, old);
      write(store, key, { entry, expiresAt: now + ttlMs, usedAt: now, seq: this.seq++ });
      await removeAll(store, (await request(store.getAll(expiredBy(now)))) as string[]);
      const excess = (await request(store.count(allEntries()))) - this.maxEntries;
      if (excess > 0) await removeAll(store, (await request(store.getAll(byLastUse(), excess))) as string[]);
    });
  }

  /** Remove `key` and its index records. */
  delete(key: string): Promise<void> {
    return this.transact('readwrite', async (store) => {
      const stored = await read(store, key);
      if (stored) remove(store, key, stored);
    });
  }

  /** Remove every entry. */
  clear(): Promise<void> {
    return this.transact('readwrite', async (store) => {
      store.clear();
    });
  }

  /** Close the connection; the next operation opens a new one. */
  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    const useStore = await connecting?.catch(() => undefined);
    await useStore?.('readonly', (store) => {
      // The connection closes once this last transaction completes.
      const completed = promisifyRequest(store.transaction);
      store.transaction.db.close();
      return completed;
    });
  }

  private async open(): Promise<UseStore> {
    try {
      await ensureStore(this.dbName, this.storeName);
      const useStore = this.openStore(this.dbName, this.storeName);
      // A first transaction proves the store exists; idb-keyval opens lazily.
      await useStore('readonly', (store) => {
        const db = store.transaction.db;
        // Let another tab (or a test) delete or upgrade the database instead
        // of blocking it; this instance reopens on its next operation.
        db.onversionchange = () => {
          db.close();
          this.connecting = undefined;
        };
      });
      return useStore;
    } catch (error) {
      throw new StoreOpenError(error);
    }
  }

  // Runs `body` in one transaction and settles once the transaction has
  // committed: a quota error, for one, surfaces only at commit.
  private async transact<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => Promise<T>): Promise<T> {
    const useStore = await this.connect();
    return useStore(mode, async (store) => {
      const committed = promisifyRequest(store.transaction);
      committed.catch(() => undefined); // awaited below; never an unhandled rejection
      try {
        const result = await body(store);
        await committed;
        return result;
      } catch (error) {
        abortQuietly(store.transaction);
        throw error;
      }
    });
  }
}

// idb-keyval creates the store only with a new database, and a connection it
// opened to a database that lacks the store stays open for good, blocking
// upgrades and deletes from other tabs. Check (and close) first.
async function ensureStore(dbName: string, storeName: string): Promise<void> {
  const opening = indexedDB.open(dbName);
  opening.onupgradeneeded = () => opening.result.createObjectStore(storeName);
  const db = await promisifyRequest(opening);
  const found = db.objectStoreNames.contains(storeName);
  db.close();
  if (!found) throw new DOMException(`database "${dbName}" has no object store "${storeName}"`, 'NotFoundError');
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return promisifyRequest(req);
}

async function read(store: IDBObjectStore, key: string): Promise<StoredEntry | undefined> {
  return (await request(store.get(entryKey(key)))) as StoredEntry | undefined;
}

function write(store: IDBObjectStore, key: string, stored: StoredEntry): void {
  store.put(stored, entryKey(key));
  store.put(key, usedKey(key, stored));
  store.put(key, expiresKey(key, stored));
}

function remove(store: IDBObjectStore, key: string, stored: StoredEntry): void {
  store.delete(entryKey(key));
  store.delete(usedKey(key, stored));
  store.delete(expiresKey(key, stored));
}

async function removeAll(store: IDBObjectStore, keys: string[]): Promise<void> {
  const stored = await Promise.all(keys.map((key) => read(store, key)));
  stored.forEach((entry, i) => entry && remove(store, keys[i]!, entry));
}

function abortQuietly(transaction: IDBTransaction): void {
  try {
    transaction.abort();
  } catch {
    // Already committed or aborted (by the failing request itself).
  }
}

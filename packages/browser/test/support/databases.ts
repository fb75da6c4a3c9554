import type { CacheEntry } from '@flotilla/core';

let counter = 0;

/** A database name no other test uses (tests in one page share an origin). */
export function uniqueDbName(label: string): string {
  return `flotilla-test-${label}-${Date.now().toString(36)}-${counter++}`;
}

/** Delete a database; open connections of our caches close themselves on `versionchange`. */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    // 'blocked' only means a connection is still finishing; the delete goes on once it closes.
  });
}

/** Every key of the raw object store, to check what is really on disk. */
export function rawKeys(dbName: string, storeName = 'cache'): Promise<IDBValidKey[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAllKeys();
      request.onsuccess = () => {
        db.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

/** A cache entry as dispatch writes it. */
export const entry = (value: unknown, costUsd = 0.01): CacheEntry => ({ value, costUsd, storedAt: 1_700_000_000_000 });

/** Create `dbName` holding only `storeName`, and close the connection. */
export function createDatabaseWith(dbName: string, storeName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onupgradeneeded = () => open.result.createObjectStore(storeName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
  });
}

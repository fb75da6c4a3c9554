/**
 * Why an {@link IndexedDbCache} stopped using IndexedDB and moved to memory.
 *
 * - `indexeddb_unavailable`: the runtime has no `indexedDB` global (Node, some
 *   workers, some privacy modes).
 * - `indexeddb_open_failed`: opening the database or its store failed (storage
 *   blocked by the user or a policy, a private mode, an opaque origin, or the
 *   database already holds other stores).
 * - `quota_exceeded`: a write hit the origin's storage quota; entries already
 *   stored stay readable.
 * - `indexeddb_failed`: any other IndexedDB error after opening (the browser
 *   closed the connection, site data was cleared, disk errors).
 */
export type FallbackCode =
  | 'indexeddb_unavailable'
  | 'indexeddb_open_failed'
  | 'quota_exceeded'
  | 'indexeddb_failed';

/** What `onFallback` receives: a stable `code` and a message that says what to do. */
export interface FallbackReason {
  /** Stable machine-readable code, see {@link FallbackCode}. */
  code: FallbackCode;
  /** Human-readable explanation, including the browser's own error. */
  message: string;
}

const MEMORY_ONLY = 'results are cached in memory for this page only';

/** The reason to report when the runtime has no `indexedDB` global. */
export function unavailableReason(): FallbackReason {
  return {
    code: 'indexeddb_unavailable',
    message: `IndexedDB is not available here (no indexedDB global); ${MEMORY_ONLY}. Run in a browser context with storage enabled to keep results across reloads.`,
  };
}

/** The reason to report when opening `dbName`/`storeName` failed with `error`. */
export function openFailedReason(dbName: string, storeName: string, error: unknown): FallbackReason {
  const hint = errorName(error) === 'NotFoundError'
    ? `database "${dbName}" exists without a "${storeName}" store; give each cache its own dbName`
    : 'storage may be blocked (private mode, site settings, an opaque origin); allow site data to keep results across reloads';
  return {
    code: 'indexeddb_open_failed',
    message: `could not open IndexedDB "${dbName}/${storeName}" (${describe(error)}); ${MEMORY_ONLY}: ${hint}.`,
  };
}

/** The reason to report when an operation on an open database failed with `error`. */
export function operationFailedReason(error: unknown): FallbackReason {
  if (isQuotaExceeded(error)) {
    return {
      code: 'quota_exceeded',
      message: `IndexedDB storage quota exceeded (${describe(error)}); new results are cached in memory for this page only and stored ones stay readable. Free site storage or lower maxEntries.`,
    };
  }
  return {
    code: 'indexeddb_failed',
    message: `IndexedDB failed (${describe(error)}); ${MEMORY_ONLY}. Reload the page to retry IndexedDB.`,
  };
}

/** Whether `error` is the browser's out-of-quota error (its name, or legacy code 22). */
export function isQuotaExceeded(error: unknown): boolean {
  return errorName(error) === 'QuotaExceededError' || (error as { code?: unknown } | null)?.code === 22;
}

/** The `name` of a DOMException or Error, if any. */
export function errorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)) {
    return `${error.name}: ${error.message}`;
  }
  return String(error);
}

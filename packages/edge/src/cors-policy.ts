import { InvalidOptionsError } from '@flotilla/core';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Hono's `cors` middleware for an origin allowlist, or `undefined` when the
 * list is empty (CORS off). Allowed origins get `Access-Control-Allow-Origin`
 * on every answer (errors included, so the browser can read a 401 or a 429);
 * any other origin gets no CORS header, so its browser blocks the response.
 * Preflights (`OPTIONS`) are answered 204 by the middleware itself, which the
 * app mounts before authentication.
 *
 * @throws InvalidOptionsError when an entry is not a bare origin such as `https://app.example.com`.
 */
export function corsPolicy(origins: readonly string[]): MiddlewareHandler | undefined {
  if (!Array.isArray(origins)) throw new InvalidOptionsError(`policy.corsOrigins must be an array of origins, got ${typeof origins}`);
  for (const origin of origins) assertOrigin(origin);
  if (origins.length === 0) return undefined;
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Retry-After', 'WWW-Authenticate', 'Allow'],
    maxAge: CORS_MAX_AGE_SECONDS,
  });
}

function assertOrigin(origin: unknown): void {
  let parsed: URL | undefined;
  try {
    parsed = typeof origin === 'string' ? new URL(origin) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
    throw new InvalidOptionsError(
      `policy.corsOrigins holds ${JSON.stringify(origin)}, which is not an origin; write it as the browser sends it, e.g. 'https://app.example.com' (no path, no trailing slash)`,
    );
  }
}

import type { MiddlewareHandler } from 'hono';
import { problemResponse } from './problem.js';

/** The methods each route of the dispatch API answers (`GET` routes answer `HEAD` too). */
export const ROUTE_METHODS: Readonly<Record<string, readonly string[]>> = {
  '/v1/health': ['GET', 'HEAD'],
  '/v1/agents': ['GET', 'HEAD'],
  '/v1/dispatch': ['POST'],
};

/**
 * Middleware answering `405 Method Not Allowed`, with the `Allow` header, for
 * a known route called with another method (before authentication: which
 * methods a route takes is no secret). Unknown paths fall through to 404.
 */
export function allowedMethods(routes: Readonly<Record<string, readonly string[]>> = ROUTE_METHODS): MiddlewareHandler {
  return async (c, next) => {
    const methods = Object.hasOwn(routes, c.req.path) ? routes[c.req.path] : undefined;
    if (methods && !methods.includes(c.req.method)) {
      const allow = methods.join(', ');
      return problemResponse('method_not_allowed', `${c.req.path} answers ${allow}, not ${c.req.method.slice(0, 16)}`, { headers: { allow } });
    }
    await next();
  };
}

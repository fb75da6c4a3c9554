import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problemResponse } from './problem.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Middleware admitting a JSON body of at most `maxBytes`: 415 for another
 * content type, 413 past the size (hono's bodyLimit, checked while reading and
 * before parsing, so a huge body costs no memory), 400 for text that is not
 * JSON. The parsed body is cached by Hono, where the zod validator finds it.
 */
export function jsonBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => problemResponse('payload_too_large', `the body is larger than ${maxBytes} bytes; send fewer or smaller inputs per request`),
  });
  return async (c, next) => {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      return problemResponse('unsupported_media_type', "send the body as JSON with the header 'Content-Type: application/json'");
    }
    return limit(c, async () => {
      try {
        await c.req.json();
      } catch {
        c.res = problemResponse('malformed_json', 'the body is not valid JSON; check quotes, commas and brackets (JSON.stringify produces valid JSON)');
        return;
      }
      await next();
    });
  };
}

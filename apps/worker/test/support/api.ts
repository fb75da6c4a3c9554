import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';

const ORIGIN = 'https://flotilla.test';

/** Call the worker's own fetch handler inside workerd. */
export function call(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
  const { key, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  return exports.default.fetch(new Request(ORIGIN + path, { ...rest, headers }));
}

/** POST a dispatch body (any JSON value) with `key`. */
export function postDispatch(key: string, body: unknown): Promise<Response> {
  return call('/v1/dispatch', { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Assert an RFC 9457 problem response with `status` and `code`; returns the body. */
export async function expectProblem(response: Response, status: number, code?: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: `urn:flotilla:problem:${body.code}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  if (code) expect(body.code).toBe(code);
  return body;
}

/** Parse a Server-Sent Events body into its events. */
export function parseSse(text: string): { event: string; id: string | undefined; data: any }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const field = (name: string) => lines.filter((line) => line.startsWith(`${name}: `)).map((line) => line.slice(name.length + 2));
      return { event: field('event')[0] ?? 'message', id: field('id')[0], data: JSON.parse(field('data').join('\n')) };
    });
}

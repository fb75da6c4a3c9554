import { redact } from '@flotilla/core';

/** The HTTP status and fixed title of one problem code. */
export interface ProblemKind {
  /** The HTTP status code the problem is answered with. */
  readonly status: number;
  /** Short summary of the problem kind, the same for every instance of the code. */
  readonly title: string;
}

/** Every problem code the dispatch API answers with, and when. */
export interface ProblemCatalog {
  /** No `Authorization` header was sent (401). */
  readonly missing_api_key: ProblemKind;
  /** The bearer key is not one of the server's keys (401). */
  readonly invalid_api_key: ProblemKind;
  /** The `Authorization` header is not `Bearer <key>` with a well-formed key (400). */
  readonly malformed_authorization: ProblemKind;
  /** The API key is over its request rate; the response carries `Retry-After` (429). */
  readonly rate_limited: ProblemKind;
  /** The body is not sent as `application/json` (415). */
  readonly unsupported_media_type: ProblemKind;
  /** The body is larger than the server accepts (413). */
  readonly payload_too_large: ProblemKind;
  /** The body does not parse as JSON (400). */
  readonly malformed_json: ProblemKind;
  /** The body does not match the dispatch schema; `errors` lists each field (400). */
  readonly validation_failed: ProblemKind;
  /** No agent of that name is served here (422). */
  readonly unknown_agent: ProblemKind;
  /** More inputs than the server's `maxInputs` (422). */
  readonly too_many_inputs: ProblemKind;
  /** The `template` is malformed (core's `invalid_template`) (422). */
  readonly invalid_template: ProblemKind;
  /** A prompt-injection guard refused a template or an input (422). */
  readonly injection_detected: ProblemKind;
  /** `preflight: true` found that the inputs cannot fit the limits; nothing ran (422). */
  readonly preflight: ProblemKind;
  /** The dispatch options are invalid (core's `invalid_options`) (422). */
  readonly invalid_options: ProblemKind;
  /** No route for this method and path (404). */
  readonly not_found: ProblemKind;
  /** The route exists but not for this method; the response carries `Allow` (405). */
  readonly method_not_allowed: ProblemKind;
  /** The shared budget could not be reached; retrying may succeed (503). */
  readonly budget_unavailable: ProblemKind;
  /** The server lacks required configuration, e.g. API keys (503). */
  readonly not_configured: ProblemKind;
  /** An unexpected failure; no details are sent (500). */
  readonly internal: ProblemKind;
}

/**
 * Stable codes of the problems the dispatch API answers with, and their HTTP
 * status. A client can branch on `code`; `type` is `urn:flotilla:problem:<code>`.
 */
export const PROBLEMS: ProblemCatalog = {
  missing_api_key: { status: 401, title: 'API key required' },
  invalid_api_key: { status: 401, title: 'Invalid API key' },
  malformed_authorization: { status: 400, title: 'Malformed Authorization header' },
  rate_limited: { status: 429, title: 'Too many requests for this API key' },
  unsupported_media_type: { status: 415, title: 'Request body must be JSON' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  malformed_json: { status: 400, title: 'Request body is not valid JSON' },
  validation_failed: { status: 400, title: 'Request does not match the dispatch schema' },
  unknown_agent: { status: 422, title: 'Unknown agent' },
  too_many_inputs: { status: 422, title: 'Too many inputs' },
  invalid_template: { status: 422, title: 'Invalid template' },
  injection_detected: { status: 422, title: 'Prompt injection detected' },
  preflight: { status: 422, title: 'The inputs cannot fit the limits' },
  invalid_options: { status: 422, title: 'Invalid dispatch options' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  budget_unavailable: { status: 503, title: 'Budget temporarily unavailable' },
  not_configured: { status: 503, title: 'Server not configured' },
  internal: { status: 500, title: 'Internal error' },
};

/** A code of {@link PROBLEMS}. */
export type ProblemCode = keyof ProblemCatalog;

/** Prefix of every problem `type` URI. */
export const PROBLEM_TYPE_PREFIX = 'urn:flotilla:problem:';

/** One field-level complaint of a `validation_failed` problem. */
export interface FieldError {
  /** Dotted path of the field, e.g. `'limits.maxConcurrent'` (`''` for the body itself). */
  path: string;
  /** What is wrong and what is expected. */
  message: string;
}

/** An RFC 9457 problem details body, plus Flotilla's stable `code`. */
export interface ProblemDetails {
  /** `urn:flotilla:problem:<code>`. */
  type: string;
  /** Short summary of the problem kind (the same for every instance of a code). */
  title: string;
  /** The HTTP status code. */
  status: number;
  /** What went wrong in this request and what to do about it (secrets and personal data redacted). */
  detail: string;
  /** Stable machine-readable code, one of {@link PROBLEMS}. */
  code: ProblemCode;
  /** Field-level complaints, for `validation_failed`. */
  errors?: FieldError[];
}

/**
 * Build a problem body. `detail` and field messages go through core's
 * `redact`, so a secret or an email a client sent never comes back in an
 * error (nor lands in a log that records error bodies).
 */
export function problemDetails(code: ProblemCode, detail: string, errors?: FieldError[]): ProblemDetails {
  const { status, title } = PROBLEMS[code];
  const body: ProblemDetails = { type: PROBLEM_TYPE_PREFIX + code, title, status, detail: redact(detail).text, code };
  if (errors) body.errors = errors.map((error) => ({ path: redact(error.path).text, message: redact(error.message).text }));
  return body;
}

/**
 * An `application/problem+json` response for `code`.
 *
 * @example
 * return problemResponse('too_many_inputs', 'this server accepts at most 100 inputs; split the request');
 */
export function problemResponse(
  code: ProblemCode,
  detail: string,
  options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const body = problemDetails(code, detail, options.errors);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json', ...options.headers },
  });
}

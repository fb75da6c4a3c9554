import { AgentError } from '../errors.js';

/** Checks a parsed JSON answer and returns it (possibly narrowed or transformed); throws to reject it. */
export interface JsonValidator<O> {
  /** Return the value to use as the agent's result, or throw with a message saying what is wrong. */
  validate(value: unknown): O;
}

const FENCE = /^\s*```[a-zA-Z0-9_-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/;

/**
 * Parse a model's JSON answer: tolerates a surrounding ```json fence, then
 * runs `validator` when given. Throws a non-retryable `AgentError` that
 * quotes the start of the answer when it is not JSON or fails validation.
 *
 * @example
 * parseJsonAnswer('```json\n{"label":"food"}\n```'); // { label: 'food' }
 */
export function parseJsonAnswer<O = unknown>(text: string, validator?: JsonValidator<O>): O {
  const body = FENCE.exec(text)?.[1] ?? text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new AgentError(
      `the model's answer is not valid JSON (${(error as Error).message}): ${preview(text)}; ask for JSON in the prompt or raise maxTokens if the answer was cut off`,
      { retryable: false, cause: error },
    );
  }
  if (!validator) return value as O;
  try {
    return validator.validate(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AgentError(`the model's JSON answer failed validation (${reason}): ${preview(text)}`, {
      retryable: false,
      cause: error,
    });
  }
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 200 ? `${flat.slice(0, 200)}…` : flat);
}

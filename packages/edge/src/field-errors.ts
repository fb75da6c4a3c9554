import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { FieldError } from './problem.js';

/**
 * The field-level complaints of a `validation_failed` problem, from the
 * issues of a Standard Schema validator (valibot here): each issue's path
 * dotted (`limits.maxConcurrent`, `inputs.3`; `''` for the body itself).
 */
export function fieldErrors(issues: readonly StandardSchemaV1.Issue[]): FieldError[] {
  return issues.map((issue) => ({
    path: (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.'),
    message: issue.message,
  }));
}

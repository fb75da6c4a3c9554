import { detectInjectionInValue, type InjectionValueMatch } from './injection-in-value.js';
import type { InjectionDetector, InjectionPolicy, InjectionVerdict } from './injection-detector.js';
import { ruleInjectionDetector } from './rule-injection-detector.js';

/** A string found in a value, with where it was. */
interface Located {
  readonly text: string;
  readonly path: string;
  readonly inKey: boolean;
}

/** What the detectors decided about one value. */
export interface InjectionDecision {
  readonly detected: boolean;
  readonly matches: InjectionValueMatch[];
}

/**
 * Run `detectors` over every string of `value` (values, property names) and
 * combine their verdicts by `policy`. Stays synchronous when every detector
 * answers synchronously (the built-in rules do), so the common case never
 * awaits.
 */
export function screenInjection(
  value: unknown,
  detectors: readonly InjectionDetector[],
  policy: InjectionPolicy,
  signal?: AbortSignal,
): InjectionDecision | Promise<InjectionDecision> {
  if (detectors.length === 1 && detectors[0] === ruleInjectionDetector && policy === 'any') return detectInjectionInValue(value);
  const texts = collectTexts(value);
  const perDetector = detectors.map((detector) =>
    detector === ruleInjectionDetector ? detectInjectionInValue(value) : texts.map((located) => safeDetect(detector, located.text, signal)),
  );
  const pending = perDetector.some((entry) => Array.isArray(entry) && entry.some((verdict) => verdict instanceof Promise));
  if (!pending) return combine(detectors, perDetector as Array<InjectionDecision | InjectionVerdict[]>, texts, policy);
  return Promise.all(perDetector.map((entry) => (Array.isArray(entry) ? Promise.all(entry) : entry))).then((settled) =>
    combine(detectors, settled, texts, policy),
  );
}

/**
 * A detector that throws, rejects or answers something that is not a verdict
 * breaks its contract; the text is then treated as an injection (fail closed),
 * with the reason in `error`, rather than failing or hanging the run.
 */
function safeDetect(detector: InjectionDetector, text: string, signal: AbortSignal | undefined): InjectionVerdict | Promise<InjectionVerdict> {
  const broken = (reason: unknown): InjectionVerdict => ({
    score: 1,
    spans: [{ start: 0, end: text.length, label: 'detector_failed' }],
    error: `detector ${detector.name} failed: ${reason instanceof Error ? reason.message : 'it threw a non-error value'}`,
  });
  const checked = (verdict: unknown): InjectionVerdict =>
    typeof verdict === 'object' && verdict !== null && typeof (verdict as InjectionVerdict).score === 'number' && Array.isArray((verdict as InjectionVerdict).spans)
      ? (verdict as InjectionVerdict)
      : broken(new Error('it answered something other than { score, spans }'));
  try {
    const verdict = detector.detect(text, { signal });
    return verdict instanceof Promise ? verdict.then(checked, broken) : checked(verdict);
  } catch (error) {
    return broken(error);
  }
}

function combine(
  detectors: readonly InjectionDetector[],
  results: ReadonlyArray<InjectionDecision | readonly InjectionVerdict[]>,
  texts: readonly Located[],
  policy: InjectionPolicy,
): InjectionDecision {
  const matches: InjectionValueMatch[] = [];
  const scores: number[] = [];
  results.forEach((result, d) => {
    if (!Array.isArray(result)) {
      const decision = result as InjectionDecision;
      scores.push(decision.detected ? 1 : 0);
      matches.push(...decision.matches);
      return;
    }
    const verdicts = result as readonly InjectionVerdict[];
    let best = 0;
    verdicts.forEach((verdict, t) => {
      const score = Number.isFinite(verdict.score) ? Math.min(1, Math.max(0, verdict.score)) : 0;
      best = Math.max(best, score);
      if (score < 0.5) return;
      const located = texts[t]!;
      const spans = verdict.spans.length > 0 ? verdict.spans : [{ start: 0, end: located.text.length }];
      for (const span of spans) {
        matches.push({
          rule: 'classifier',
          match: located.text.slice(span.start, span.end),
          index: span.start,
          path: located.path,
          ...(located.inKey && { inKey: true as const }),
          detector: detectors[d]!.name,
          score,
        });
      }
    });
    scores.push(best);
  });
  const detected = policy === 'any'
    ? scores.some((score) => score >= 0.5)
    : scores.length > 0 && scores.reduce((sum, score) => sum + score, 0) / scores.length >= policy.threshold;
  return { detected, matches: detected ? matches : [] };
}

/** Every non-empty string of `value` and every property name, depth first, each shared object once. */
function collectTexts(value: unknown): Located[] {
  const out: Located[] = [];
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.length > 0) out.push({ text: current, path, inKey: false });
      continue;
    }
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const entries: Array<[string, unknown]> = current instanceof Map
      ? [...current].map(([k, v]) => [String(k), v])
      : current instanceof Set
        ? [...current].map((v, i) => [String(i), v])
        : Object.keys(current).map((k) => [k, (current as Record<string, unknown>)[k]]);
    const keyed = !Array.isArray(current) && !(current instanceof Set);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [key, child] = entries[k]!;
      const childPath = path === '' ? key : `${path}.${key}`;
      stack.push({ value: child, path: childPath });
      if (keyed && key.length > 0) out.push({ text: key, path: childPath, inKey: true });
    }
  }
  return out;
}

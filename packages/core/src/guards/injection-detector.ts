/** A span of a checked text that a detector points at (UTF-16 indexes, `end` exclusive). */
export interface InjectionSpan {
  /** Index of the first UTF-16 unit of the span in the checked text. */
  readonly start: number;
  /** Index just past the span's last UTF-16 unit. */
  readonly end: number;
  /** What the detector calls it: a rule id, or a classifier label such as `'INJECTION'`. */
  readonly label?: string;
}

/** What one detector says about one text. */
export interface InjectionVerdict {
  /** How sure the detector is that the text is an injection, from 0 (benign) to 1 (injection). */
  readonly score: number;
  /** Where it is, when the detector knows (a classifier may flag the whole text: one span from 0 to its length). */
  readonly spans: readonly InjectionSpan[];
  /** Set when the detector could not answer (timeout, HTTP error); `score` is then its fail-open (0) or fail-closed (1) value. */
  readonly error?: string;
}

/**
 * A prompt-injection detector: the built-in rules (`ruleInjectionDetector`),
 * a classifier behind HTTP (`httpInjectionDetector`), or your own. A detector
 * that answers synchronously keeps the guards on the fast path; an async one
 * makes each input's screening await it. It must honour `signal` (the run's
 * stop) and never throw for a text it cannot judge: report `error` instead
 * (a detector that throws, rejects or answers malformed data is treated as
 * having flagged the text: the guards fail closed).
 *
 * @example
 * const short: InjectionDetector = { name: 'too-long', detect: (text) => ({ score: text.length > 10_000 ? 1 : 0, spans: [] }) };
 */
export interface InjectionDetector {
  /** Shown in results and errors, e.g. `'rules'`, `'prompt-guard'`. */
  readonly name: string;
  /** Judge one text. */
  detect(text: string, options: { readonly signal?: AbortSignal }): InjectionVerdict | Promise<InjectionVerdict>;
}

/**
 * How several detectors' verdicts become one decision. `'any'` (default): an
 * injection when any detector scores at least 0.5 on any string.
 * `{ threshold }`: an injection when the mean of the detectors' scores (each
 * detector's highest over the strings of the input) reaches `threshold`
 * (0..1), so a vote can overrule one noisy detector.
 */
export type InjectionPolicy =
  | 'any'
  | {
      /** The mean score (0 < threshold <= 1) at which the detectors' vote calls the input an injection. */
      readonly threshold: number;
    };

/**
 * `guards.injection` as an object: what to do about a detected injection and
 * which detectors decide. Omitting `detectors` means the built-in rules only.
 *
 * @example
 * guards: { injection: { action: 'reject', detectors: [ruleInjectionDetector, httpInjectionDetector({ url, onError: 'fail-closed' })] } }
 */
export interface InjectionGuardOptions {
  /** `'reject'` (default) fails the item with `injection_detected`; `'flag'` runs it and reports matches in `meta.injection`. */
  readonly action?: 'reject' | 'flag';
  /** The detectors to run, in order (default: the built-in rules). The template is always checked by the rules alone. */
  readonly detectors?: readonly InjectionDetector[];
  /** How verdicts combine (default `'any'`). */
  readonly policy?: InjectionPolicy;
}

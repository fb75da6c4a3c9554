import { InjectionDetectedError } from '../errors.js';
import type { ResultMeta } from '../types.js';
import { detectInjection } from './detect-injection.js';
import { detectInjectionInValue, type InjectionValueMatch } from './injection-in-value.js';
import type { RedactValueOptions } from './pii-types.js';
import { redactValue } from './redact-value.js';

/** What a dispatch does about prompt injection and personal data. */
export interface GuardOptions {
  /**
   * `'reject'` (default): an injection in the template refuses the whole
   * dispatch, one in an input fails that item with `injection_detected`.
   * `'flag'`: the item runs and its result carries the matches in
   * `meta.injection`. `'off'`: no check.
   */
  injection?: 'reject' | 'flag' | 'off';
  /** Redact PII and secrets in each input before the agent sees it (default off). */
  redactInputs?: boolean | RedactValueOptions;
  /** Redact PII and secrets in each successful value (default on). Findings go to `meta.outputRedactions`. */
  redactOutputs?: boolean | RedactValueOptions;
}

/** An input after the guards: what the agent gets, and what the result should note. */
export interface ScreenedInput<I> {
  input: I;
  meta: ResultMeta | undefined;
  /** The injection check ran and found nothing. */
  passed: boolean;
}

/**
 * The guards of one dispatch, applied at fixed points: the template once
 * before anything runs, each input before its agent, each value after it.
 * Guards never change meaning silently: refusals and redactions are reported.
 */
export class DispatchGuards {
  private readonly injection: 'reject' | 'flag' | 'off';
  private readonly redactInputs: RedactValueOptions | undefined;
  private readonly redactOutputs: RedactValueOptions | undefined;

  constructor(options: GuardOptions = {}) {
    this.injection = options.injection ?? 'reject';
    if (!['reject', 'flag', 'off'].includes(this.injection)) {
      throw new TypeError(`guards.injection must be 'reject', 'flag' or 'off', got ${String(options.injection)}`);
    }
    this.redactInputs = redactionOptions(options.redactInputs, false);
    this.redactOutputs = redactionOptions(options.redactOutputs, true);
  }

  /** Refuse a template that carries an injection, before anything runs. */
  checkTemplate(template: string | undefined): void {
    if (template === undefined || this.injection === 'off') return;
    const report = detectInjection(template);
    if (report.detected && this.injection === 'reject') {
      throw new InjectionDetectedError(`the template looks like a prompt injection (${describe(report.matches)}); nothing ran. Rewrite the template, or pass guards: { injection: 'flag' } if it is intended`);
    }
  }

  /** Whether inputs are redacted before the agent sees them (so the agent's input differs from the caller's). */
  get redactsInputs(): boolean {
    return this.redactInputs !== undefined;
  }

  /** Check an input for injection and redact it if asked; throws `InjectionDetectedError` under 'reject'. */
  screenInput<I>(input: I): ScreenedInput<I> {
    let meta: ResultMeta | undefined;
    if (this.injection !== 'off') {
      const report = detectInjectionInValue(input);
      if (report.detected) {
        if (this.injection === 'reject') {
          throw new InjectionDetectedError(`the input looks like a prompt injection (${describe(report.matches)}); the agent was not called`);
        }
        meta = { injection: report.matches };
      }
    }
    const passed = this.injection !== 'off' && meta === undefined;
    if (!this.redactInputs) return { input, meta, passed };
    const redacted = redactValue(input, this.redactInputs);
    if (redacted.findings.length > 0) meta = { ...meta, inputRedactions: redacted.findings };
    return { input: redacted.value, meta, passed };
  }

  /** Redact a successful value if asked; the findings are returned apart from the value. */
  screenOutput<O>(value: O): { value: O; meta: ResultMeta | undefined } {
    if (!this.redactOutputs) return { value, meta: undefined };
    const redacted = redactValue(value, this.redactOutputs);
    return redacted.findings.length > 0 ? { value: redacted.value, meta: { outputRedactions: redacted.findings } } : { value, meta: undefined };
  }
}

function redactionOptions(option: boolean | RedactValueOptions | undefined, fallback: boolean): RedactValueOptions | undefined {
  const enabled = option ?? fallback;
  if (enabled === false) return undefined;
  return enabled === true ? {} : enabled;
}

function describe(matches: readonly InjectionValueMatch[] | readonly { rule: string; match: string }[]): string {
  const first = matches[0]!;
  const where = 'path' in first && first.path ? ` at "${first.path}"` : '';
  const more = matches.length > 1 ? ` and ${matches.length - 1} more` : '';
  return `rule ${first.rule}: "${first.match.slice(0, 60)}"${where}${more}`;
}

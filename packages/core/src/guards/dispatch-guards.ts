import { InjectionDetectedError, InvalidOptionsError } from '../errors.js';
import type { ResultMeta } from '../executor/agent-result.js';
import { detectInjection } from './detect-injection.js';
import type { InjectionDetector, InjectionGuardOptions, InjectionPolicy } from './injection-detector.js';
import type { InjectionValueMatch } from './injection-in-value.js';
import { screenInjection, type InjectionDecision } from './injection-screen.js';
import type { RedactValueOptions } from './pii-types.js';
import { redactValue } from './redact-value.js';
import { ruleInjectionDetector } from './rule-injection-detector.js';

/** What a dispatch does about prompt injection and personal data. */
export interface GuardOptions {
  /**
   * `'reject'` (default): an injection in the template refuses the whole
   * dispatch, one in an input fails that item with `injection_detected`.
   * `'flag'`: the item runs and its result carries the matches in
   * `meta.injection`. `'off'`: no check. An object chooses the detectors
   * (the built-in rules, a classifier behind HTTP, your own) and how their
   * verdicts combine; with only synchronous detectors inputs are screened
   * without awaiting.
   */
  injection?: 'reject' | 'flag' | 'off' | InjectionGuardOptions;
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
  private readonly detectors: readonly InjectionDetector[];
  private readonly policy: InjectionPolicy;
  private readonly redactInputs: RedactValueOptions | undefined;
  private readonly redactOutputs: RedactValueOptions | undefined;

  constructor(options: GuardOptions = {}) {
    const injection = parseInjection(options.injection);
    this.injection = injection.action;
    this.detectors = injection.detectors;
    this.policy = injection.policy;
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

  /**
   * Check an input for injection and redact it if asked; throws (or, with an
   * async detector, rejects with) `InjectionDetectedError` under 'reject'.
   * Synchronous whenever every detector is (the built-in rules are).
   */
  screenInput<I>(input: I, signal?: AbortSignal): ScreenedInput<I> | Promise<ScreenedInput<I>> {
    if (this.injection === 'off') return this.finishInput(input, undefined);
    const decision = screenInjection(input, this.detectors, this.policy, signal);
    return decision instanceof Promise ? decision.then((settled) => this.finishInput(input, settled)) : this.finishInput(input, decision);
  }

  private finishInput<I>(input: I, decision: InjectionDecision | undefined): ScreenedInput<I> {
    let meta: ResultMeta | undefined;
    if (decision?.detected) {
      if (this.injection === 'reject') {
        throw new InjectionDetectedError(`the input looks like a prompt injection (${describe(decision.matches)}); the agent was not called`);
      }
      meta = { injection: decision.matches };
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

function parseInjection(option: GuardOptions['injection']): { action: 'reject' | 'flag' | 'off'; detectors: readonly InjectionDetector[]; policy: InjectionPolicy } {
  const rules = [ruleInjectionDetector];
  if (option === undefined) return { action: 'reject', detectors: rules, policy: 'any' };
  if (typeof option === 'string') {
    if (!['reject', 'flag', 'off'].includes(option)) {
      throw new InvalidOptionsError(`guards.injection must be 'reject', 'flag', 'off' or { action, detectors, policy }, got the string '${option}'`);
    }
    return { action: option, detectors: rules, policy: 'any' };
  }
  if (typeof option !== 'object' || option === null) {
    throw new InvalidOptionsError(`guards.injection must be 'reject', 'flag', 'off' or { action, detectors, policy }, got ${option === null ? 'null' : typeof option}`);
  }
  const action = option.action ?? 'reject';
  if (action !== 'reject' && action !== 'flag') {
    throw new InvalidOptionsError(`guards.injection.action must be 'reject' or 'flag', got ${JSON.stringify(action)}`);
  }
  const detectors = option.detectors ?? rules;
  if (!Array.isArray(detectors) || detectors.length === 0 || !detectors.every((d) => typeof d?.name === 'string' && typeof d?.detect === 'function')) {
    throw new InvalidOptionsError('guards.injection.detectors must be a non-empty array of { name, detect(text, { signal }) } detectors (e.g. [ruleInjectionDetector])');
  }
  const policy = option.policy ?? 'any';
  if (policy !== 'any' && !(typeof policy === 'object' && policy !== null && policy.threshold > 0 && policy.threshold <= 1)) {
    throw new InvalidOptionsError(`guards.injection.policy must be 'any' or { threshold } with 0 < threshold <= 1, got ${JSON.stringify(policy)}`);
  }
  return { action, detectors, policy };
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

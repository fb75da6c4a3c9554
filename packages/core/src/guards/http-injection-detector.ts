import type { InjectionDetector, InjectionVerdict } from './injection-detector.js';

/** Options of {@link httpInjectionDetector}. */
export interface HttpInjectionDetectorOptions {
  /** The classification endpoint, e.g. `http://127.0.0.1:8080/classify`. It receives `POST {"inputs": text}`. */
  readonly url: string | URL;
  /**
   * What a failed call (timeout, network error, non-2xx status, unreadable
   * body) means, chosen explicitly: `'fail-open'` scores the text 0 (it
   * passes; availability first), `'fail-closed'` scores it 1 (it is treated as
   * an injection; safety first). Either way the verdict carries `error`.
   */
  readonly onError: 'fail-open' | 'fail-closed';
  /** Give up after this many milliseconds (default 2,000). */
  readonly timeoutMs?: number;
  /** Labels that mean "injection", compared case-insensitively (default: INJECTION, JAILBREAK, MALICIOUS, UNSAFE, LABEL_1). */
  readonly injectionLabels?: readonly string[];
  /** Labels that mean "benign"; used as `1 - score` when the reply names only these (default: BENIGN, SAFE, LABEL_0). */
  readonly benignLabels?: readonly string[];
  /** Extra request headers (e.g. `authorization`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The detector's name in results (default `'http-classifier'`). */
  readonly name?: string;
  /** The fetch to use (default `globalThis.fetch`). */
  readonly fetch?: typeof fetch;
}

const DEFAULT_INJECTION_LABELS = ['INJECTION', 'JAILBREAK', 'MALICIOUS', 'UNSAFE', 'LABEL_1'];
const DEFAULT_BENIGN_LABELS = ['BENIGN', 'SAFE', 'LABEL_0'];

/**
 * An {@link InjectionDetector} backed by a self-hosted text-classification
 * server: Llama Prompt Guard 2 (or any classifier) behind Hugging Face
 * Text Embeddings Inference, a transformers.js script, or your own service.
 * It posts `{"inputs": text}` and reads the usual reply shapes
 * (`[{label, score}]`, `[[{label, score}]]` or `{label, score}`); the score is
 * the highest score of an injection label. A classifier flags the whole
 * text, so the span covers it. Calls honour the run's signal and `timeoutMs`;
 * what a failure means is `onError`, which you must choose.
 *
 * @example
 * const promptGuard = httpInjectionDetector({ url: 'http://127.0.0.1:8080/classify', onError: 'fail-closed', timeoutMs: 500 });
 * dispatch({ ..., guards: { injection: { detectors: [ruleInjectionDetector, promptGuard] } } });
 */
export function httpInjectionDetector(options: HttpInjectionDetectorOptions): InjectionDetector {
  if (options.onError !== 'fail-open' && options.onError !== 'fail-closed') {
    throw new TypeError(`httpInjectionDetector: onError must be 'fail-open' or 'fail-closed', got ${JSON.stringify(options.onError)}; choose what a failed classifier call means`);
  }
  const timeoutMs = options.timeoutMs ?? 2_000;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new TypeError(`httpInjectionDetector: timeoutMs must be a positive number of milliseconds, got ${String(options.timeoutMs)}`);
  }
  const url = String(options.url);
  const injection = new Set((options.injectionLabels ?? DEFAULT_INJECTION_LABELS).map((label) => label.toUpperCase()));
  const benign = new Set((options.benignLabels ?? DEFAULT_BENIGN_LABELS).map((label) => label.toUpperCase()));
  const doFetch = options.fetch ?? globalThis.fetch;
  const failed = (text: string, error: string): InjectionVerdict =>
    options.onError === 'fail-closed'
      ? { score: 1, spans: [{ start: 0, end: text.length, label: 'classifier_unavailable' }], error }
      : { score: 0, spans: [], error };

  return {
    name: options.name ?? 'http-classifier',
    async detect(text, { signal } = {}) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const onStop = (): void => controller.abort(new Error('the run stopped'));
      signal?.addEventListener('abort', onStop, { once: true });
      try {
        if (signal?.aborted) return failed(text, 'the run stopped');
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
          body: JSON.stringify({ inputs: text }),
          signal: controller.signal,
        });
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          return failed(text, `classifier answered HTTP ${response.status}`);
        }
        const score = scoreOf(await response.json(), injection, benign);
        if (score === undefined) return failed(text, 'classifier reply has no known label (set injectionLabels / benignLabels)');
        return { score, spans: score >= 0.5 ? [{ start: 0, end: text.length, label: 'classifier' }] : [] };
      } catch (error) {
        const reason = controller.signal.aborted ? (controller.signal.reason as Error).message : error instanceof Error ? error.message : 'request failed';
        return failed(text, `classifier call failed: ${reason}`);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onStop);
      }
    },
  };
}

/** The injection score of a text-classification reply, or undefined when no label is known. */
function scoreOf(reply: unknown, injection: ReadonlySet<string>, benign: ReadonlySet<string>): number | undefined {
  const entries = (Array.isArray(reply) ? reply.flat(2) : [reply]).filter(
    (entry): entry is { label: string; score: number } =>
      typeof entry === 'object' && entry !== null && typeof (entry as { label?: unknown }).label === 'string' && typeof (entry as { score?: unknown }).score === 'number',
  );
  let best: number | undefined;
  let benignScore: number | undefined;
  for (const { label, score } of entries) {
    const upper = label.toUpperCase();
    const clamped = Math.min(1, Math.max(0, score));
    if (injection.has(upper)) best = Math.max(best ?? 0, clamped);
    else if (benign.has(upper)) benignScore = Math.max(benignScore ?? 0, clamped);
  }
  if (best !== undefined) return best;
  return benignScore === undefined ? undefined : 1 - benignScore;
}

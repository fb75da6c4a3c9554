// The README's "With the Vercel AI SDK" and "Fallbacks" examples, run against the AI SDK's mock model.
import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { classify } from '../samples/classify.js';
import { summarize } from '../samples/fallbacks.js';
import { answer, mockModel, promptText } from './mock-model.js';

describe('README: With the Vercel AI SDK', () => {
  it('votes five times under the budget and stops once the majority is decided', async () => {
    const labels = ['billing', 'billing', 'billing', 'bug', 'billing'];
    let call = 0;
    const { model, calls } = mockModel(() => answer(JSON.stringify({ label: labels[call++ % labels.length] }), { input: 40, output: 6 }, 'gpt-4o-mini'), {
      provider: 'openai.chat',
      modelId: 'gpt-4o-mini',
    });
    const run = await classify('I was charged twice this month', model);
    expect(run.value.winner).toBe('billing');
    expect(run.stopReason).toBe('decided');
    expect(calls.length).toBeLessThan(5);
    expect(promptText(calls[0]!)).toBe('Label this support ticket as billing, bug or other: I was charged twice this month');
    // Priced from the table at gpt-4o-mini's prices, within the one-cent cap.
    expect(run.stats.costUsd).toBeCloseTo(calls.length * ((40 * 0.15 + 6 * 0.6) / 1e6), 12);
    expect(run.stats.costUsd).toBeLessThanOrEqual(0.01);
  });
});

describe('README: Fallbacks', () => {
  it('answers from the backup while the primary is rate-limited, and says so', async () => {
    const primary = mockModel(() => {
      throw new APICallError({ message: 'Too Many Requests', url: 'http://127.0.0.1/', requestBodyValues: {}, statusCode: 429, responseHeaders: { 'retry-after': '1' }, isRetryable: true });
    }, { provider: 'openai.chat', modelId: 'gpt-4o-mini' });
    const backup = mockModel(() => answer('A short summary.', { input: 30, output: 8 }), { provider: 'anthropic.messages', modelId: 'claude-3-5-haiku' });
    const { run, answers } = await summarize(['a long text', 'another long text'], primary.model, backup.model);
    expect(run.results.map((r) => r.value)).toEqual(['A short summary.', 'A short summary.']);
    expect(answers[0]).toEqual({ answeredBy: 'anthropic.messages/claude-3-5-haiku', failed: ['openai.chat/gpt-4o-mini: rate_limited, $0'] });
    expect(run.stats.costUsd).toBeGreaterThan(0);
  });
});

/**
 * Fallbacks: a primary model, then a backup when it is rate-limited, down
 * (5xx), timed out or its circuit is open; each attempt budgeted on its own.
 * The tests run this file against the AI SDK's mock model.
 */
import { aiSdkAgent } from '@flotilla/ai';
import { circuitBreakers, dispatch, fallbackChain } from '@flotilla/core';
import type { LanguageModel } from 'ai';

/** One breaker per model, shared by every run of the process. */
const circuit = circuitBreakers({ consecutiveFailures: 3, halfOpenAfterMs: 30_000 });

/** Summarize `texts` with `primary`, falling back to `backup`; returns the run. */
export async function summarize(texts: string[], primary: LanguageModel = 'openai/gpt-4o-mini', backup: LanguageModel = 'anthropic/claude-3-5-haiku') {
  const agent = fallbackChain(
    [aiSdkAgent({ model: primary, maxOutputTokens: 200 }), aiSdkAgent({ model: backup, maxOutputTokens: 200 })],
    { circuit },
  );
  const run = await dispatch({ agent, inputs: texts.map((text) => ({ text })), template: 'Summarize in one sentence: {text}', limits: { maxTotalCostUsd: 0.05 } });
  // Which model answered each, and what each failed attempt cost.
  const answers = run.results.map((result) => ({
    answeredBy: result.meta?.fallbackChain?.answeredBy,
    failed: result.meta?.fallbackChain?.attempts.filter((attempt) => attempt.error).map((attempt) => `${attempt.agent}: ${attempt.error!.code}, $${attempt.costUsd}`),
  }));
  return { run, answers };
}

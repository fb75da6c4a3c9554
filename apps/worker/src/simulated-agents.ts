import { estimatePromptTokens, sleep, tokenCostUsd, type AgentContext, type AgentDefinition, type ModelPrices } from '@flotilla/core';

/** A made-up model: the simulation's prices are plausible orders of magnitude, not quotes. */
export const SIMULATED_PRICES: ModelPrices = { inputPerMillion: 3, outputPerMillion: 15 };
const SIMULATED_MODEL = 'heron-sim-1';
const OUTPUT_TOKENS = 40;

/** FNV-1a hash of a string: seeds one call's latency so runs are reproducible. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The text an agent works on: the filled template, a string input, or the input's `text` field. */
function textOf(input: unknown, ctx: AgentContext): string {
  if (ctx.prompt !== undefined) return ctx.prompt;
  if (typeof input === 'string') return input;
  if (input !== null && typeof input === 'object' && typeof (input as { text?: unknown }).text === 'string') return (input as { text: string }).text;
  return JSON.stringify(input) ?? '';
}

/**
 * Build a simulated agent with exactly the money shape of a provider agent:
 * it reserves its worst case before "calling the model", waits a seeded
 * latency (honouring the abort signal), then reports the actual cost.
 */
function simulated<O>(name: string, latencyMs: number, answer: (text: string, input: unknown) => O): AgentDefinition<unknown, O> {
  return {
    name,
    version: '1',
    model: SIMULATED_MODEL,
    async run(input, ctx) {
      const text = textOf(input, ctx);
      const inputTokens = estimatePromptTokens([text]);
      await ctx.reserve(tokenCostUsd(SIMULATED_PRICES, inputTokens, OUTPUT_TOKENS));
      const jitter = (hash32(`${name}:${text}`) % 1000) / 1000;
      await sleep(latencyMs * (0.5 + jitter), { signal: ctx.signal });
      ctx.reportCost(tokenCostUsd(SIMULATED_PRICES, inputTokens, Math.round(OUTPUT_TOKENS * (0.5 + jitter / 2))));
      return answer(text, input);
    },
  };
}

const POSITIVE = /\b(good|great|love|excellent|happy|fast|thanks|perfect|awesome|works)\b/gi;
const NEGATIVE = /\b(bad|terrible|hate|slow|broken|angry|refund|awful|bug|fails?)\b/gi;

/** Labels text `positive`, `negative` or `neutral` by counting cue words. */
export function sentimentAgent(latencyMs: number) {
  return simulated('sentiment', latencyMs, (text) => {
    const up = text.match(POSITIVE)?.length ?? 0;
    const down = text.match(NEGATIVE)?.length ?? 0;
    const label = up > down ? 'positive' : down > up ? 'negative' : 'neutral';
    return { label, confidence: Number((Math.abs(up - down) / (up + down + 1)).toFixed(3)) };
  });
}

/** Keeps the first sentence (at most 30 words). */
export function summarizeAgent(latencyMs: number) {
  return simulated('summarize', latencyMs, (text) => {
    const sentence = text.split(/(?<=[.!?])\s/)[0] ?? text;
    return { summary: sentence.split(/\s+/).slice(0, 30).join(' ') };
  });
}

/** Scores how many words of `{ query }` appear in `{ text }` (0..1), for rankByMetric and bestResult. */
export function relevanceAgent(latencyMs: number) {
  return simulated('relevance', latencyMs, (text, input) => {
    const query = input !== null && typeof input === 'object' ? String((input as { query?: unknown }).query ?? '') : '';
    const words = query.toLowerCase().split(/\W+/).filter(Boolean);
    const haystack = text.toLowerCase();
    const hits = words.filter((word) => haystack.includes(word)).length;
    return { score: words.length === 0 ? 0 : Number((hits / words.length).toFixed(3)) };
  });
}

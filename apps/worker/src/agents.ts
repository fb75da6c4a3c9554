import { openAICompatibleAgent, type ModelPrices } from '@flotilla/core';
import type { ServedAgent } from '@flotilla/edge';
import type { Env } from './env.js';
import { relevanceAgent, sentimentAgent, summarizeAgent } from './simulated-agents.js';

// gpt-4o-mini list prices (USD per million tokens); adjust with OPENAI_MODEL.
const OPENAI_PRICES: ModelPrices = { inputPerMillion: 0.15, outputPerMillion: 0.6 };

/**
 * The agents this worker serves. Simulated (offline, free, seeded) by
 * default; with the `OPENAI_API_KEY` secret set, `sentiment` and `summarize`
 * call the OpenAI-compatible API instead, with the same names and answer
 * shapes, so clients do not change.
 */
export function servedAgents(env: Env): Record<string, ServedAgent> {
  const latencyMs = Number(env.SIMULATED_LATENCY_MS ?? 40);
  const agents: Record<string, ServedAgent> = {
    sentiment: { agent: sentimentAgent(latencyMs), description: 'Labels text positive, negative or neutral: { label, confidence } (simulated)' },
    summarize: { agent: summarizeAgent(latencyMs), description: 'First sentence of the text: { summary } (simulated)' },
    relevance: { agent: relevanceAgent(latencyMs), description: 'How much of { query } appears in { text }: { score } in 0..1 (simulated)' },
  };
  if (!env.OPENAI_API_KEY) return agents;
  const provider = {
    baseURL: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
    apiKey: env.OPENAI_API_KEY,
    model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
    prices: OPENAI_PRICES,
    maxTokens: 200,
    json: true,
  } as const;
  agents.sentiment = {
    agent: openAICompatibleAgent({
      ...provider,
      name: 'sentiment',
      system: 'Classify the sentiment of the user text. Answer only JSON: {"label": "positive" | "negative" | "neutral", "confidence": number between 0 and 1}.',
    }),
    description: `Labels text positive, negative or neutral: { label, confidence } (${provider.model})`,
  };
  agents.summarize = {
    agent: openAICompatibleAgent({
      ...provider,
      name: 'summarize',
      system: 'Summarize the user text in one sentence. Answer only JSON: {"summary": string}.',
    }),
    description: `One-sentence summary: { summary } (${provider.model})`,
  };
  return agents;
}

/**
 * With the Vercel AI SDK: five votes of a real model on one support ticket,
 * under a one-cent budget, stopped as soon as the majority is decided.
 * Prices of `openai/gpt-4o-mini` come from the price table; the tests run
 * this file against the AI SDK's mock model.
 */
import { aiSdkAgent } from '@flotilla/ai';
import { dispatch, majorityVote } from '@flotilla/core';
import type { LanguageModel } from 'ai';
import { z } from 'zod';

/** Ask `model` five times for the label of `ticket` and return the run (the vote is `run.value`). */
export async function classify(ticket: string, model: LanguageModel = 'openai/gpt-4o-mini') {
  const agent = aiSdkAgent({ model, maxOutputTokens: 20, settings: { temperature: 0.7 },
    schema: z.object({ label: z.enum(['billing', 'bug', 'other']) }) });
  return dispatch({
    agent, inputs: [1, 2, 3, 4, 5].map((voter) => ({ ticket, voter })), // five independent votes
    template: 'Label this support ticket as billing, bug or other: {ticket}',
    aggregate: majorityVote('label', { earlyStop: true }),
    limits: { maxTotalCostUsd: 0.01, maxConcurrent: 2 },
  });
}

import type { LanguageModel } from 'ai';

/** Who serves a model and what it is called there. */
export interface ModelIdentity {
  /** The AI SDK provider id, e.g. `openai.chat`, or the gateway prefix of a string id (`openai` in `openai/gpt-4o`). */
  provider: string;
  /** The model id, e.g. `gpt-4o-mini`. */
  modelId: string;
}

/**
 * The provider and model id of an AI SDK model: a model object's `provider`
 * and `modelId`, or a gateway string `provider/model` split at its first `/`.
 *
 * @example
 * modelIdentity('openai/gpt-4o-mini'); // { provider: 'openai', modelId: 'gpt-4o-mini' }
 */
export function modelIdentity(model: LanguageModel): ModelIdentity {
  if (typeof model === 'string') {
    const slash = model.indexOf('/');
    return slash > 0 ? { provider: model.slice(0, slash), modelId: model.slice(slash + 1) } : { provider: 'gateway', modelId: model };
  }
  return { provider: String(model.provider), modelId: String(model.modelId) };
}

/**
 * The price table's provider id for an AI SDK provider id: the part before
 * the first `.` (`openai.responses` -> `openai`), with Google's several SDK
 * providers (`google.generative-ai`, `google.vertex.chat`) as `google`.
 */
export function priceProviderId(provider: string): string {
  const head = provider.split('.')[0]!.toLowerCase();
  if (head === 'google' || head === 'vertex') return 'google';
  return head;
}

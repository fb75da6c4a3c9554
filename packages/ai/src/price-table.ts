import { calcPrice } from '@pydantic/genai-prices';
import { priceProviderId, type ModelIdentity } from './model-identity.js';
import type { Pricer, TokenCounts } from './token-prices.js';

/**
 * A {@link Pricer} from the maintained price table `@pydantic/genai-prices`
 * for `model`, or `undefined` when the table does not know it. The table is
 * looked up by provider and model id first, then by model id alone (for
 * gateways and providers under another name). Tiered prices (e.g. long
 * contexts) and prices that changed on a date are applied by the table.
 */
export function tablePricer(model: ModelIdentity): Pricer | undefined {
  const providerId = priceProviderId(model.provider);
  const probe = { input_tokens: 1, output_tokens: 1 };
  let options: { providerId: string } | undefined = { providerId };
  let found = safeCalc(probe, model.modelId, options);
  if (!found) {
    options = undefined;
    found = safeCalc(probe, model.modelId, options);
  }
  if (!found) return undefined;
  const source = `@pydantic/genai-prices (${found.provider}/${found.model})`;
  return {
    source,
    costUsd(counts: TokenCounts) {
      const usage = {
        input_tokens: counts.inputTokens,
        output_tokens: counts.outputTokens,
        cache_read_tokens: Math.min(counts.cachedInputTokens ?? 0, counts.inputTokens),
        cache_write_tokens: Math.min(counts.cacheWriteTokens ?? 0, Math.max(0, counts.inputTokens - (counts.cachedInputTokens ?? 0))),
        output_reasoning_tokens: Math.min(counts.reasoningTokens ?? 0, counts.outputTokens),
      };
      const price = calcPrice(usage, model.modelId, options);
      if (!price) throw new Error(`${source} no longer prices ${model.provider}/${model.modelId}`);
      return price.total_price;
    },
  };
}

function safeCalc(usage: Record<string, number>, modelId: string, options: { providerId: string } | undefined) {
  try {
    const price = calcPrice(usage, modelId, options);
    return price ? { provider: price.provider.id, model: price.model.id } : undefined;
  } catch {
    return undefined;
  }
}

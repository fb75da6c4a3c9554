#!/usr/bin/env node
// Prints how many providers and models the bundled price table
// (@pydantic/genai-prices) knows, and whether it prices a few models
// the README names. Run: node packages/ai/scripts/price-coverage.mjs
import { calcPrice, findProvider } from '@pydantic/genai-prices';

const ids = ['openai', 'anthropic', 'google', 'mistral', 'groq', 'deepseek', 'x-ai', 'aws', 'azure', 'cohere', 'together', 'fireworks', 'openrouter'];
let models = 0;
const providers = [];
for (const id of ids) {
  const provider = findProvider({ providerId: id });
  if (!provider) continue;
  providers.push(`${id} ${provider.models.length}`);
  models += provider.models.length;
}
console.log(`providers checked: ${providers.length} of ${ids.length}; models priced: ${models}`);
console.log(providers.join(', '));
for (const [provider, model] of [['openai', 'gpt-4o-mini'], ['anthropic', 'claude-3-5-haiku'], ['google', 'gemini-2.5-flash']]) {
  const price = calcPrice({ input_tokens: 1_000_000, output_tokens: 1_000_000 }, model, { providerId: provider });
  console.log(`${provider}/${model}: ${price ? `$${price.input_price} in, $${price.output_price} out per million` : 'not priced'}`);
}

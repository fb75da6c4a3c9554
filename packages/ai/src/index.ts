/**
 * Flotilla agents on the Vercel AI SDK: {@link aiSdkAgent} turns any AI SDK
 * language model into a budgeted, cached, retried Flotilla agent, with
 * prices from the maintained table `@pydantic/genai-prices`.
 * @packageDocumentation
 */
export { aiSdkAgent, type AiSdkAgentOptions, type AiSdkAgentSchemaOptions, type AiSdkSettings } from './ai-sdk-agent.js';
export { fromAiSdkError } from './ai-call-error.js';
export { modelIdentity, priceProviderId, type ModelIdentity } from './model-identity.js';
export { tablePricer } from './price-table.js';
export { fixedPricer, type Pricer, type TokenCounts, type TokenPrices } from './token-prices.js';
export { UnknownModelPricesError } from './unknown-prices-error.js';

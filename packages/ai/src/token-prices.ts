/**
 * Prices of a model in USD per million tokens, for models the price table
 * lacks or to override it. Cached input, cache writes and reasoning default
 * to the input and output prices when not given.
 *
 * @example
 * const prices: TokenPrices = { inputPerMillion: 0.15, outputPerMillion: 0.6, cachedInputPerMillion: 0.075 };
 */
export interface TokenPrices {
  /** USD per million input tokens not read from a cache. */
  inputPerMillion: number;
  /** USD per million output tokens. */
  outputPerMillion: number;
  /** USD per million input tokens read from the provider's prompt cache (default: `inputPerMillion`). */
  cachedInputPerMillion?: number;
  /** USD per million input tokens written to the provider's prompt cache (default: `inputPerMillion`). */
  cacheWritePerMillion?: number;
  /** USD per million reasoning tokens (default: `outputPerMillion`). */
  reasoningPerMillion?: number;
}

/** Token counts of one call, cached and reasoning counts being parts of the totals. */
export interface TokenCounts {
  /** Input tokens in all. */
  inputTokens: number;
  /** Input tokens read from the prompt cache (part of `inputTokens`). */
  cachedInputTokens?: number;
  /** Input tokens written to the prompt cache (part of `inputTokens`). */
  cacheWriteTokens?: number;
  /** Output tokens in all. */
  outputTokens: number;
  /** Reasoning tokens (part of `outputTokens`). */
  reasoningTokens?: number;
}

/** Turns token counts into USD. */
export interface Pricer {
  /** Where the prices come from, for messages and the README: `prices option` or `@pydantic/genai-prices (<provider>/<model>)`. */
  readonly source: string;
  /** The cost of `counts`, in USD. */
  costUsd(counts: TokenCounts): number;
}

/**
 * A {@link Pricer} over fixed {@link TokenPrices}: each kind of token at its
 * own price.
 *
 * @throws RangeError when a price is not a finite number >= 0.
 */
export function fixedPricer(prices: TokenPrices): Pricer {
  for (const key of ['inputPerMillion', 'outputPerMillion', 'cachedInputPerMillion', 'cacheWritePerMillion', 'reasoningPerMillion'] as const) {
    const value = prices[key];
    if (value === undefined && key !== 'inputPerMillion' && key !== 'outputPerMillion') continue;
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`prices.${key} must be a finite number >= 0 (USD per million tokens), got ${String(value)}`);
    }
  }
  const cachedPrice = prices.cachedInputPerMillion ?? prices.inputPerMillion;
  const writePrice = prices.cacheWritePerMillion ?? prices.inputPerMillion;
  const reasoningPrice = prices.reasoningPerMillion ?? prices.outputPerMillion;
  return {
    source: 'prices option',
    costUsd(counts) {
      const cached = Math.min(counts.cachedInputTokens ?? 0, counts.inputTokens);
      const written = Math.min(counts.cacheWriteTokens ?? 0, counts.inputTokens - cached);
      const reasoning = Math.min(counts.reasoningTokens ?? 0, counts.outputTokens);
      const micro =
        (counts.inputTokens - cached - written) * prices.inputPerMillion +
        cached * cachedPrice +
        written * writePrice +
        (counts.outputTokens - reasoning) * prices.outputPerMillion +
        reasoning * reasoningPrice;
      return micro / 1_000_000;
    },
  };
}

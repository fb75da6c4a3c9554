/**
 * Tokens one model call used, as a provider agent reports them in
 * `result.meta.usage` (and `@flotilla/otel` records them as
 * `gen_ai.usage.*`). Counts the provider did not report are absent.
 */
export interface TokenUsage {
  /** Input (prompt) tokens in all, cached ones included. */
  inputTokens?: number;
  /** Output (completion) tokens in all, reasoning ones included. */
  outputTokens?: number;
  /** Input tokens read from the provider's prompt cache (a part of `inputTokens`). */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (a part of `inputTokens`). */
  cacheWriteTokens?: number;
  /** Output tokens spent on reasoning (a part of `outputTokens`). */
  reasoningTokens?: number;
  /** The model id the provider says answered, when it said. */
  responseModel?: string;
}

/** Prices of a model, in USD per million tokens. */
export interface ModelPrices {
  /** USD per million input (prompt) tokens. */
  inputPerMillion: number;
  /** USD per million output (completion) tokens. */
  outputPerMillion: number;
}

/** Tokens a chat message costs beyond its text (role markers, separators). */
const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens every request costs beyond its messages (the reply's priming). */
const REQUEST_OVERHEAD_TOKENS = 3;

/**
 * A deliberately generous token count for `text`, used to reserve money
 * before a call: about 3 ASCII characters per token (real tokenizers average
 * about 4 on English) and 2 tokens per other character (CJK and emoji often
 * take 1 to 3). Over-reserving only delays other agents a little;
 * under-reserving could let a run spend past its cap.
 *
 * @example
 * estimateTokens('Classify this receipt'); // 7
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 3) + 2 * other;
}

/** Estimated input tokens of a chat request made of `messages`, overheads included. */
export function estimatePromptTokens(messages: readonly string[]): number {
  let tokens = REQUEST_OVERHEAD_TOKENS;
  for (const message of messages) tokens += MESSAGE_OVERHEAD_TOKENS + estimateTokens(message);
  return tokens;
}

/**
 * The cost in USD of `inputTokens` and `outputTokens` at `prices`.
 *
 * @example
 * tokenCostUsd({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, 1000, 200); // 0.00027
 */
export function tokenCostUsd(prices: ModelPrices, inputTokens: number, outputTokens: number): number {
  return (inputTokens * prices.inputPerMillion + outputTokens * prices.outputPerMillion) / 1_000_000;
}

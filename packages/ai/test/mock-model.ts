import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';

/** Token counts a mock call reports. */
export interface MockUsage {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/** A generate result with `text` and `usage`, in the AI SDK's provider format. */
export function answer(text: string, usage: MockUsage, modelId = 'mock-model-id'): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: usage.input, noCache: usage.input - (usage.cacheRead ?? 0) - (usage.cacheWrite ?? 0), cacheRead: usage.cacheRead, cacheWrite: usage.cacheWrite },
      outputTokens: { total: usage.output, text: usage.output - (usage.reasoning ?? 0), reasoning: usage.reasoning },
    },
    response: { modelId },
    warnings: [],
  };
}

/** A mock model whose every call runs `generate`; `calls` records the options of each call. */
export function mockModel(
  generate: (options: LanguageModelV3CallOptions) => Promise<LanguageModelV3GenerateResult> | LanguageModelV3GenerateResult,
  identity: { provider?: string; modelId?: string } = {},
) {
  const calls: LanguageModelV3CallOptions[] = [];
  const model = new MockLanguageModelV3({
    provider: identity.provider ?? 'mock-provider',
    modelId: identity.modelId ?? 'mock-model-id',
    doGenerate: async (options) => {
      calls.push(options);
      return generate(options);
    },
  });
  return { model, calls };
}

/** The text of the user prompt a mock call received. */
export function promptText(options: LanguageModelV3CallOptions): string {
  return options.prompt
    .filter((message) => message.role === 'user')
    .flatMap((message) => (message.content as { type: string; text?: string }[]).map((part) => part.text ?? ''))
    .join('');
}

/** Resolve after `ms`, or reject with the signal's reason when it aborts. */
export function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

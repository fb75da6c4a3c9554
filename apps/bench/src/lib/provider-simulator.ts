/**
 * A rate-limited LLM provider for the `provider-limits` scenario: a real HTTP
 * server on 127.0.0.1 speaking the OpenAI chat-completions wire format. It
 * enforces requests and tokens per window (a compressed "minute") over a
 * sliding window counted at arrival, answers 429 with the real header set and
 * `retry-after-ms` when a request would exceed either quota, counts a
 * refused request against the request quota (OpenAI's rate-limit guide:
 * "unsuccessful requests contribute to your per-minute limit, so
 * continuously resending a request won't work"), sends the
 * `x-ratelimit-*` headers on every response, bills prompt + completion tokens
 * in `usage`, answers after a log-normal latency, and fails a small share of
 * admitted requests with 500 or 503.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from './prng.js';

/** How the simulated provider behaves. */
export interface ProviderConfig {
  /** Requests allowed per window. */
  requestsPerMinute: number;
  /** Tokens (prompt + completion) allowed per window. */
  tokensPerMinute: number;
  /** The compressed minute, in milliseconds. */
  windowMs: number;
  /** Median latency of an answer, in milliseconds (log-normal). */
  latencyMedianMs: number;
  /** Log-normal sigma of the latency. */
  latencySigma: number;
  /** Share of admitted requests answered 500 or 503 (half each). */
  errorRate: number;
  /** Seed of the latency, error and completion-length draws. */
  seed: number;
}

/** What the provider saw. */
export interface ProviderCounters {
  requests: number;
  rejected429: number;
  errors5xx: number;
  succeeded: number;
  /** Prompt + completion tokens of the successful answers. */
  billedTokens: number;
  /** Largest number of requests admitted in any window (never above the quota, by construction; refused ones not counted). */
  peakWindowRequests: number;
  /** Largest number of tokens admitted in any window. */
  peakWindowTokens: number;
}

/** A running simulated provider. */
export interface SimulatedProvider {
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  counters: ProviderCounters;
  /** Per prompt id: when its first request arrived and when it was answered 200 (ms on the server's clock). */
  items: Map<number, { firstAt: number; doneAt?: number }>;
  /** Every request in arrival order: when it arrived (ms on the server's clock), its tokens, and whether it was admitted. */
  arrivals: Arrival[];
  close(): Promise<void>;
}

/** The request header a client may stamp with its send time (ms since the epoch), so the provider can measure the send-to-count lag. */
export const SENT_AT_HEADER = 'x-bench-sent-at';

/** One request as the provider counted it. */
export interface Arrival {
  /** When it arrived, in ms on the server's clock. */
  at: number;
  tokens: number;
  admitted: boolean;
  /** From the client's send time (its {@link SENT_AT_HEADER} header, ms since the epoch) to this count, when it sent one. */
  lagMs: number | undefined;
}

/** Prompt tokens as the simulator counts them: 4 characters a token. */
export function promptTokensOf(messages: readonly { content: string }[]): number {
  return Math.ceil(messages.reduce((sum, m) => sum + m.content.length, 0) / 4);
}

/** Start a simulated provider on a free port of 127.0.0.1. */
export async function startProvider(config: ProviderConfig): Promise<SimulatedProvider> {
  const random = mulberry32(config.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // What counts against the quotas, oldest first: admitted requests with their tokens, and refused ones (no tokens).
  const window: { at: number; tokens: number; admitted: boolean }[] = [];
  let head = 0;
  let usedTokens = 0;
  let admittedInWindow = 0;
  const counters: ProviderCounters = { requests: 0, rejected429: 0, errors5xx: 0, succeeded: 0, billedTokens: 0, peakWindowRequests: 0, peakWindowTokens: 0 };
  const items = new Map<number, { firstAt: number; doneAt?: number }>();
  const arrivals: Arrival[] = [];

  const prune = (now: number) => {
    while (head < window.length && window[head]!.at + config.windowMs <= now) {
      const old = window[head++]!;
      usedTokens -= old.tokens;
      if (old.admitted) admittedInWindow--;
    }
    if (head > 4096) {
      window.splice(0, head);
      head = 0;
    }
  };
  const resetMs = (now: number) => (head < window.length ? Math.max(1, Math.ceil(window[head]!.at + config.windowMs - now)) : 0);
  /** When `tokens` more would fit, in ms from now: walk the window's expiries in order. */
  const fitInMs = (now: number, tokens: number) => {
    let requests = window.length - head;
    let used = usedTokens;
    for (let i = head; i < window.length; i++) {
      requests--;
      used -= window[i]!.tokens;
      if (requests + 1 <= config.requestsPerMinute && used + tokens <= config.tokensPerMinute) return Math.max(1, Math.ceil(window[i]!.at + config.windowMs - now));
    }
    return Math.max(1, resetMs(now));
  };

  const server = createServer(async (req, res) => {
    // Counted at arrival: before the body is read, which a loaded event loop may delay.
    const now = performance.now();
    const sentAt = Number(req.headers[SENT_AT_HEADER]);
    const lagMs = Number.isFinite(sentAt) && sentAt > 0 ? performance.timeOrigin + now - sentAt : undefined;
    const body = JSON.parse(await readBody(req)) as { messages: { content: string }[]; max_tokens?: number };
    counters.requests++;
    const id = Number(/#(\d+)/.exec(body.messages.at(-1)?.content ?? '')?.[1] ?? -1);
    if (!items.has(id)) items.set(id, { firstAt: now });
    prune(now);
    const promptTokens = promptTokensOf(body.messages);
    const maxTokens = body.max_tokens ?? 256;
    const completionTokens = Math.max(1, Math.round(maxTokens * (0.3 + 0.7 * random())));
    const tokens = promptTokens + completionTokens;
    const fits = window.length - head + 1 <= config.requestsPerMinute && usedTokens + tokens <= config.tokensPerMinute;
    arrivals.push({ at: now, tokens, admitted: fits, lagMs });
    if (fits) {
      window.push({ at: now, tokens, admitted: true });
      usedTokens += tokens;
      admittedInWindow++;
      counters.peakWindowRequests = Math.max(counters.peakWindowRequests, admittedInWindow);
      counters.peakWindowTokens = Math.max(counters.peakWindowTokens, usedTokens);
    } else {
      // The refusal itself counts against the request quota, from now on.
      window.push({ at: now, tokens: 0, admitted: false });
    }
    const reset = `${resetMs(now)}ms`;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-ratelimit-limit-requests': String(config.requestsPerMinute),
      'x-ratelimit-remaining-requests': String(Math.max(0, config.requestsPerMinute - (window.length - head))),
      'x-ratelimit-reset-requests': reset,
      'x-ratelimit-limit-tokens': String(config.tokensPerMinute),
      'x-ratelimit-remaining-tokens': String(Math.max(0, config.tokensPerMinute - usedTokens)),
      'x-ratelimit-reset-tokens': reset,
    };
    if (!fits) {
      counters.rejected429++;
      const wait = fitInMs(now, tokens);
      res.writeHead(429, { ...headers, 'retry-after-ms': String(wait), 'retry-after': String(Math.ceil(wait / 1000)) });
      res.end(JSON.stringify({ error: { message: `Rate limit reached: ${tokens} tokens requested`, type: 'requests', code: 'rate_limit_exceeded' } }));
      return;
    }
    const latency = config.latencyMedianMs * Math.exp(config.latencySigma * gaussian());
    const failure = random() < config.errorRate ? (random() < 0.5 ? 500 : 503) : 0;
    await new Promise((resolve) => setTimeout(resolve, latency));
    if (failure) {
      counters.errors5xx++;
      res.writeHead(failure, failure === 503 ? { ...headers, 'retry-after-ms': '50' } : headers);
      res.end(JSON.stringify({ error: { message: failure === 503 ? 'The server is overloaded' : 'Internal error' } }));
      return;
    }
    counters.succeeded++;
    counters.billedTokens += tokens;
    const item = items.get(id);
    if (item && item.doneAt === undefined) item.doneAt = performance.now();
    res.writeHead(200, headers);
    res.end(
      JSON.stringify({
        id: `chatcmpl-${counters.requests}`,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: tokens },
      }),
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    counters,
    items,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

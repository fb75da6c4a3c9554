import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chat completions request as the fake server received it. */
export interface ReceivedRequest {
  body: {
    model: string;
    messages: { role: string; content: string }[];
    max_tokens?: number;
    temperature?: number;
    response_format?: { type: string };
    [key: string]: unknown;
  };
  headers: IncomingMessage['headers'];
  /** The last message's content, i.e. the prompt. */
  prompt: string;
}

/** What the fake server answers one request with. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON body; default: a chat completion whose content is `content`. */
  json?: unknown;
  /** A raw body, sent as is (overrides `json`). */
  raw?: string;
  /** The answer text of the default completion (default `echo: <prompt>`). */
  content?: string;
  /** Usage of the default completion (default: prompt chars / 4 in, content chars / 4 out). */
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  finishReason?: string;
  /** Wait this long before answering, in milliseconds (cut short if the client goes away). */
  delayMs?: number;
}

/** A local HTTP server on 127.0.0.1 that speaks the OpenAI chat completions protocol. */
export interface ChatServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  /** Every request received, in arrival order. */
  requests: ReceivedRequest[];
  /** Prompts of requests answered with a 2xx status, in completion order. */
  completed: string[];
  /** Requests whose client disconnected before the answer was sent. */
  disconnected: number;
  close(): Promise<void>;
}

/**
 * Start a fake provider. `reply` decides each answer (default: 200 with an
 * echo of the prompt and a usage block).
 */
export async function startChatServer(reply: (request: ReceivedRequest, n: number) => Reply | Promise<Reply> = () => ({})): Promise<ChatServer> {
  const requests: ReceivedRequest[] = [];
  const completed: string[] = [];
  const state = { disconnected: 0 };
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return send(res, 404, {}, JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
    }
    const body = JSON.parse(await readBody(req)) as ReceivedRequest['body'];
    const request: ReceivedRequest = { body, headers: req.headers, prompt: body.messages.at(-1)?.content ?? '' };
    requests.push(request);
    const answer = await reply(request, requests.length);
    let gone = false;
    res.on('close', () => {
      if (!res.writableEnded) {
        gone = true;
        state.disconnected++;
      }
    });
    if (answer.delayMs) await waitUnlessGone(answer.delayMs, res);
    if (gone || res.destroyed) return;
    const status = answer.status ?? 200;
    if (status < 300) completed.push(request.prompt);
    send(res, status, answer.headers ?? {}, answer.raw ?? JSON.stringify(answer.json ?? completion(request, answer)));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    completed,
    get disconnected() {
      return state.disconnected;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function completion(request: ReceivedRequest, answer: Reply) {
  const content = answer.content ?? `echo: ${request.prompt}`;
  const promptChars = request.body.messages.reduce((sum, m) => sum + m.content.length, 0);
  const usage =
    answer.usage === null
      ? undefined
      : (answer.usage ?? { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.ceil(content.length / 4) });
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    model: request.body.model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: answer.finishReason ?? 'stop' }],
    ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
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

function waitUnlessGone(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

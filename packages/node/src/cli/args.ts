import { parseArgs } from 'node:util';
import { suggestFlag } from './flag-suggestion.js';
import { parseDuration } from './format.js';
import { joinNegativeValues } from './negative-values.js';
import { UsageError } from './usage-error.js';

/** One flag of `flotilla run`, described once for both the parser and `--help`. */
export interface FlagSpec {
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. `<file>`. */
  value?: string;
  /** The default, as shown in help. */
  default?: string;
  description: string;
  group: 'Input and output' | 'Agent' | 'Built-in provider' | 'Limits' | 'Cache' | 'Display';
}

/** Every flag of `flotilla run`. */
export const RUN_FLAGS: readonly FlagSpec[] = [
  { name: 'input', short: 'i', type: 'string', value: '<file>', group: 'Input and output', description: 'JSONL file of inputs, one JSON value per line ("-" reads stdin). Required.' },
  { name: 'output', short: 'o', type: 'string', value: '<file>', default: 'stdout', group: 'Input and output', description: 'Where to write results, one JSON line per input.' },
  { name: 'order', type: 'string', value: 'input|completed', default: 'input', group: 'Input and output', description: 'Write results in input order, or as they complete (each line has its index).' },
  { name: 'strict', type: 'boolean', default: 'off', group: 'Input and output', description: 'Stop at the first line that is not valid JSON (otherwise it is reported and skipped), and refuse a --cache file that existed but holds nothing readable (otherwise a warning).' },
  { name: 'agent', short: 'a', type: 'string', value: '<module>', group: 'Agent', description: 'JS module exporting the agent (default export or `agent`): a function (input, ctx) => value, or { name, run }.' },
  { name: 'template', short: 't', type: 'string', value: '<text>', group: 'Agent', description: 'Prompt template; {field} placeholders are filled from each input into ctx.prompt.' },
  { name: 'injection', type: 'string', value: 'reject|flag|off', default: 'reject', group: 'Agent', description: 'Inputs that look like prompt injection: fail the item (injection_detected), run it but note the matches in "meta", or skip the check.' },
  { name: 'provider', type: 'string', value: 'openai-compatible', group: 'Built-in provider', description: 'Use the built-in chat completions agent instead of --agent (API key from FLOTILLA_API_KEY or OPENAI_API_KEY).' },
  { name: 'base-url', type: 'string', value: '<url>', group: 'Built-in provider', description: 'API root, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1. Required with --provider.' },
  { name: 'model', type: 'string', value: '<name>', group: 'Built-in provider', description: 'Model name, e.g. gpt-4o-mini. Required with --provider.' },
  { name: 'price-in', type: 'string', value: '<usd>', default: '0', group: 'Built-in provider', description: 'USD per million input tokens (needed for --budget to mean anything).' },
  { name: 'price-out', type: 'string', value: '<usd>', default: '0', group: 'Built-in provider', description: 'USD per million output tokens.' },
  { name: 'max-tokens', type: 'string', value: '<n>', default: '512', group: 'Built-in provider', description: 'Most output tokens per answer.' },
  { name: 'system', type: 'string', value: '<text>', group: 'Built-in provider', description: 'System message sent before every prompt.' },
  { name: 'json', type: 'boolean', default: 'off', group: 'Built-in provider', description: 'Ask for a JSON object and write it parsed; a non-JSON answer fails that item.' },
  { name: 'concurrency', short: 'c', type: 'string', value: '<n>', default: '10', group: 'Limits', description: 'Most agents running at once.' },
  { name: 'budget', short: 'b', type: 'string', value: '<usd>', default: 'none', group: 'Limits', description: 'Spend cap for the run in USD; never exceeded.' },
  { name: 'cost-per-agent', type: 'string', value: '<usd>', default: 'none', group: 'Limits', description: 'USD reserved per agent before it starts (not needed with --provider, which reserves its own worst case).' },
  { name: 'timeout', type: 'string', value: '<ms|30s>', default: '60s', group: 'Limits', description: 'Per-agent time limit (0 turns it off).' },
  { name: 'rps', type: 'string', value: '<n>', default: 'none', group: 'Limits', description: 'Most agent starts per second.' },
  { name: 'retries', type: 'string', value: '<n>', default: '0', group: 'Limits', description: 'Retries of a retryable failure (timeout, HTTP 429/5xx), with backoff and the provider\'s retry-after.' },
  { name: 'cache', type: 'string', value: '<file.db>', default: 'none', group: 'Cache', description: 'SQLite cache file: finished items are saved as they finish, so rerunning after a crash only pays for the rest.' },
  { name: 'cache-ttl', type: 'string', value: '<7d|12h|ms>', default: '7d', group: 'Cache', description: 'How long cached answers stay valid.' },
  { name: 'quiet', short: 'q', type: 'boolean', default: 'off', group: 'Display', description: 'No progress display and no summary; warnings and errors only.' },
  { name: 'help', short: 'h', type: 'boolean', group: 'Display', description: 'Show this help.' },
];

/** The built-in provider's settings. */
export interface ProviderConfig {
  kind: 'openai-compatible';
  baseURL: string;
  model: string;
  apiKey: string | undefined;
  priceInPerMillion: number;
  priceOutPerMillion: number;
  maxTokens: number;
  system: string | undefined;
  json: boolean;
}

/** A checked `flotilla run` command line. */
export interface RunConfig {
  agentModule: string | undefined;
  provider: ProviderConfig | undefined;
  input: string;
  output: string | undefined;
  template: string | undefined;
  injection: 'reject' | 'flag' | 'off';
  order: 'input' | 'completed';
  strict: boolean;
  concurrency: number;
  budgetUsd: number | undefined;
  costPerAgentUsd: number | undefined;
  timeoutMs: number | undefined;
  requestsPerSecond: number | undefined;
  retries: number;
  cachePath: string | undefined;
  cacheTtlMs: number;
  quiet: boolean;
}

/** What the command line asks for. */
export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'demo' } | { kind: 'run'; config: RunConfig };

/** Parse `argv` (without `node` and the script). Throws {@link UsageError} with a helpful message. */
export function parseCommandLine(argv: readonly string[], env: Record<string, string | undefined>): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { kind: 'help' };
  if (command === '--version' || command === '-v' || command === 'version') return { kind: 'version' };
  if (command === 'demo') {
    if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help' };
    if (rest.length > 0) throw new UsageError(`flotilla demo takes no arguments, got ${rest.join(' ')}`);
    return { kind: 'demo' };
  }
  if (command !== 'run') {
    const near = suggestFlag(command, ['run', 'demo', 'help', 'version'])?.slice(2);
    throw new UsageError(`unknown command "${command}"; the commands are "run" and "demo"${near ? `; did you mean "${near}"?` : ''}`);
  }
  const values = parseFlags(rest);
  if (values.help) return { kind: 'help' };
  return { kind: 'run', config: toRunConfig(values, env) };
}

type FlagValues = Record<string, string | boolean | undefined>;

function parseFlags(argv: readonly string[]): FlagValues {
  const options = Object.fromEntries(
    RUN_FLAGS.map((flag) => [flag.name, { type: flag.type, ...(flag.short ? { short: flag.short } : {}) }]),
  );
  const valueFlags = new Map<string, string>();
  for (const flag of RUN_FLAGS) {
    if (flag.type !== 'string') continue;
    valueFlags.set(flag.name, flag.name);
    if (flag.short) valueFlags.set(flag.short, flag.name);
  }
  try {
    return parseArgs({ args: joinNegativeValues(argv, valueFlags), options, strict: true, allowPositionals: false }).values as FlagValues;
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error & { code?: string }));
  }
}

/** parseArgs' complaint in the CLI's words, with a "did you mean" for a misspelt flag. */
function parseArgsMessage(error: Error & { code?: string }): string {
  const message = error.message.replace(/\. To specify a positional argument.*$/s, '');
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return message;
  const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
  const suggestion = unknown === undefined ? undefined : suggestFlag(unknown, RUN_FLAGS.map((flag) => flag.name));
  return suggestion === undefined ? message : `${message}; did you mean ${suggestion}?`;
}

function toRunConfig(values: FlagValues, env: Record<string, string | undefined>): RunConfig {
  const text = (name: string) => values[name] as string | undefined;
  const input = text('input');
  if (input === undefined) throw new UsageError('--input <file> is required: a JSONL file with one input per line');
  const agentModule = text('agent');
  const providerKind = text('provider');
  if (agentModule !== undefined && providerKind !== undefined) throw new UsageError('use either --agent <module> or --provider, not both');
  if (agentModule === undefined && providerKind === undefined) {
    throw new UsageError('say which agent to run: --agent <module> (your own code) or --provider openai-compatible --base-url <url> --model <name>');
  }
  const providerOnly = ['base-url', 'model', 'price-in', 'price-out', 'max-tokens', 'system', 'json'].filter((name) => values[name] !== undefined);
  if (providerKind === undefined && providerOnly.length > 0) {
    throw new UsageError(`--${providerOnly[0]} only applies with --provider openai-compatible`);
  }
  const provider = providerKind === undefined ? undefined : toProvider(providerKind, values, env);

  const budgetUsd = optionalNumber(text('budget'), 'budget', { min: 0 });
  if (budgetUsd !== undefined && provider && provider.priceInPerMillion === 0 && provider.priceOutPerMillion === 0) {
    throw new UsageError('--budget needs --price-in and --price-out (USD per million tokens) so the provider\'s spend can be counted');
  }
  const timeout = text('timeout');
  const timeoutMs = timeout === undefined ? 60_000 : duration(timeout, 'timeout');
  const order = text('order') ?? 'input';
  if (order !== 'input' && order !== 'completed') throw new UsageError(`--order must be "input" or "completed", got "${order}"`);

  const injection = text('injection') ?? 'reject';
  if (injection !== 'reject' && injection !== 'flag' && injection !== 'off') {
    throw new UsageError(`--injection must be "reject", "flag" or "off", got "${injection}"`);
  }

  return {
    agentModule,
    provider,
    input,
    output: text('output'),
    template: text('template'),
    injection,
    order,
    strict: values.strict === true,
    concurrency: optionalNumber(text('concurrency'), 'concurrency', { min: 1, integer: true }) ?? 10,
    budgetUsd,
    costPerAgentUsd: optionalNumber(text('cost-per-agent'), 'cost-per-agent', { min: 0 }),
    timeoutMs: timeoutMs === 0 ? undefined : timeoutMs,
    requestsPerSecond: optionalNumber(text('rps'), 'rps', { min: 0, exclusive: true }),
    retries: optionalNumber(text('retries'), 'retries', { min: 0, integer: true }) ?? 0,
    cachePath: text('cache'),
    cacheTtlMs: text('cache-ttl') === undefined ? 7 * 86_400_000 : positiveDuration(text('cache-ttl')!, 'cache-ttl'),
    quiet: values.quiet === true,
  };
}

function toProvider(kind: string, values: FlagValues, env: Record<string, string | undefined>): ProviderConfig {
  if (kind !== 'openai-compatible') throw new UsageError(`unknown --provider "${kind}"; the built-in provider is "openai-compatible"`);
  const baseURL = values['base-url'] as string | undefined;
  const model = values.model as string | undefined;
  if (baseURL === undefined || !/^https?:\/\//.test(baseURL)) {
    throw new UsageError('--provider openai-compatible needs --base-url <url>, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama)');
  }
  if (model === undefined || model === '') throw new UsageError('--provider openai-compatible needs --model <name>, e.g. gpt-4o-mini');
  return {
    kind,
    baseURL,
    model,
    apiKey: env.FLOTILLA_API_KEY || env.OPENAI_API_KEY || undefined,
    priceInPerMillion: optionalNumber(values['price-in'] as string | undefined, 'price-in', { min: 0 }) ?? 0,
    priceOutPerMillion: optionalNumber(values['price-out'] as string | undefined, 'price-out', { min: 0 }) ?? 0,
    maxTokens: optionalNumber(values['max-tokens'] as string | undefined, 'max-tokens', { min: 1, integer: true }) ?? 512,
    system: values.system as string | undefined,
    json: values.json === true,
  };
}

function optionalNumber(
  text: string | undefined,
  name: string,
  rule: { min: number; integer?: boolean; exclusive?: boolean },
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const ok =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    (rule.exclusive ? value > rule.min : value >= rule.min) &&
    (!rule.integer || Number.isInteger(value));
  if (!ok) {
    const kind = rule.integer ? 'an integer' : 'a number';
    throw new UsageError(`--${name} must be ${kind} ${rule.exclusive ? '>' : '>='} ${rule.min}, got "${text}"`);
  }
  return value;
}

function duration(text: string, name: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--${name} must be a duration like 500, 500ms, 30s, 15m, 12h or 7d, got "${text}"`);
  return ms;
}

function positiveDuration(text: string, name: string): number {
  const ms = duration(text, name);
  if (ms <= 0) throw new UsageError(`--${name} must be longer than 0, got "${text}"`);
  return ms;
}

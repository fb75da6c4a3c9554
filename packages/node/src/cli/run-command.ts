import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { dispatchStream, FlotillaError, type Agent, type AgentResult, type StopReason } from '@flotilla/core';
import { CacheUnavailableError } from '../cache-unavailable-error.js';
import { sqliteCache, type SqliteCache } from '../sqlite-cache.js';
import type { RunConfig } from './args.js';
import { budgetWithoutEstimateWarning } from './budget-warning.js';
import { inspectCacheFile, lostCacheMessage } from './cache-file-check.js';
import { inCliTerms } from './cli-terms.js';
import { countNonBlankLines } from './count-lines.js';
import { EXIT } from './exit-codes.js';
import { formatDuration, formatUsd } from './format.js';
import { readJsonl } from './jsonl-input.js';
import { loadAgentModule, providerAgent } from './load-agent.js';
import { openOutputFile } from './output-file.js';
import { Progress } from './progress.js';
import { ResultWriter, type OutputRecord } from './result-writer.js';
import { UsageError } from './usage-error.js';

/** The process the CLI talks to; tests pass their own. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Subscribe to SIGINT/SIGTERM; returns an unsubscribe function. */
  onSignal(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
  /** Leave at once with `code` (a second Ctrl-C). */
  exit(code: number): void;
}

/** Invalid input lines reported one by one before the rest are only counted. */
const MAX_REPORTED_INVALID_LINES = 20;
/** setTimeout's largest delay: "no per-agent timeout" in practice (24.8 days). */
const NO_TIMEOUT_MS = 2_147_483_647;

/** `flotilla run`: stream a JSONL file through the agent and write one JSONL result per input. Returns the exit code. */
export async function runCommand(config: RunConfig, io: CliIO): Promise<number> {
  const agent: Agent = config.provider ? providerAgent(config.provider) : await loadAgentModule(config.agentModule!, io.cwd);
  const inputPath = config.input === '-' ? undefined : resolve(io.cwd, config.input);
  if (inputPath !== undefined) await readable(inputPath, '--input');
  const cachePath = config.cachePath === undefined ? undefined : resolve(io.cwd, config.cachePath);
  const cacheState = cachePath === undefined ? undefined : inspectCacheFile(cachePath);
  const cache = cachePath === undefined ? undefined : openCache(cachePath, config.cacheTtlMs);
  try {
    const lost = cacheState && lostCacheMessage(config.cachePath!, cacheState);
    if (lost && config.strict) throw new UsageError(`${lost}; --strict refuses to run on a cache that lost its results`);
    if (lost) io.stderr.write(`flotilla: WARNING: ${lost}.\n`);
    const budgetWarning = budgetWithoutEstimateWarning(config, agent);
    if (budgetWarning) io.stderr.write(`flotilla: warning: ${budgetWarning}\n`);
    // Opened last, so a refused run leaves an existing output file untouched.
    const out = config.output === undefined ? io.stdout : openOutputFile(resolve(io.cwd, config.output), config.output);
    return await execute(config, io, agent, inputPath, cache, out);
  } finally {
    cache?.close();
  }
}

async function execute(
  config: RunConfig,
  io: CliIO,
  agent: Agent,
  inputPath: string | undefined,
  cache: SqliteCache | undefined,
  out: Writable,
): Promise<number> {
  const writer = new ResultWriter(out, config.order, Math.max(1024, 16 * config.concurrency));
  const progress = new Progress({ stream: io.stderr, tty: io.stderr.isTTY === true, budgetUsd: config.budgetUsd });
  const say = (text: string) => progress.log(`flotilla: ${text}`);
  const controller = new AbortController();
  const counting = new AbortController();
  if (inputPath !== undefined) {
    countNonBlankLines(inputPath, counting.signal).then((total) => void (progress.total = total), () => undefined);
  }

  let interrupted: 'SIGINT' | 'SIGTERM' | undefined;
  let strictStop: string | undefined;
  let outputError: Error | undefined;
  const unsubscribe = io.onSignal((signal) => {
    if (interrupted) return io.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
    interrupted = signal;
    const kept = `finished results are written${cache ? ' and cached' : ''}`;
    say(signal === 'SIGINT' ? `Ctrl-C: stopping; ${kept}. Press Ctrl-C again to quit at once.` : `SIGTERM received: stopping; ${kept}.`);
    controller.abort();
  });
  out.on('error', (error: Error) => {
    outputError ??= error;
    controller.abort();
  });

  // Input positions count every non-blank line; dispatch indexes count only valid ones.
  const positions = new Map<number, { position: number; line: number }>();
  let invalidLines = 0;
  async function* inputs(): AsyncGenerator<unknown> {
    const stream = inputPath === undefined ? io.stdin : createReadStream(inputPath);
    let position = 0;
    let index = 0;
    for await (const item of readJsonl(stream)) {
      if (interrupted || strictStop || outputError) return;
      await writer.waitForRoom(position);
      if (interrupted || strictStop || outputError) return;
      if (item.ok) {
        positions.set(index++, { position, line: item.line });
        position++;
        yield item.value;
        continue;
      }
      invalidLines++;
      const message = `line ${item.line} is not valid JSON (${item.reason})`;
      if (invalidLines <= MAX_REPORTED_INVALID_LINES) say(`${message}; ${config.strict ? 'stopping (--strict)' : 'skipped'}`);
      else if (invalidLines === MAX_REPORTED_INVALID_LINES + 1) say('more invalid lines: see the output (error code invalid_input)');
      progress.record({ ok: false, cached: false, costUsd: 0, errorCode: 'invalid_input' });
      await writer.write(position, blankRecord(position, item.line, { code: 'invalid_input', message }));
      position++;
      if (config.strict) {
        strictStop = `${message}; --strict stops at the first invalid line`;
        return;
      }
    }
  }

  let stopMessage: string | undefined;
  const warned = new Set<string>();
  const warnOnce = (code: string, message: string) => {
    if (warned.has(code)) return;
    warned.add(code);
    say(`warning: ${message}`);
  };
  const stream = dispatchStream<unknown, unknown>({
    agent,
    inputs: inputs(),
    ...(config.template === undefined ? {} : { template: config.template }),
    ...(cache ? { cache } : {}),
    limits: {
      maxConcurrent: config.concurrency,
      agentTimeoutMs: config.timeoutMs ?? NO_TIMEOUT_MS,
      ...(config.budgetUsd === undefined ? {} : { maxTotalCostUsd: config.budgetUsd }),
      ...(config.costPerAgentUsd === undefined ? {} : { costPerAgentUsd: config.costPerAgentUsd }),
      ...(config.requestsPerSecond === undefined ? {} : { requestsPerSecond: config.requestsPerSecond }),
    },
    guards: { injection: config.injection },
    ...(config.retries > 0 ? { retry: { attempts: config.retries + 1 } } : {}),
    signal: controller.signal,
    onEvent(event) {
      if (event.type === 'stop') stopMessage = inCliTerms(event.message);
      if (event.type === 'warning') warnOnce(event.code, inCliTerms(event.message));
    },
  });

  if (!config.quiet) progress.start();
  let stopReason: StopReason;
  let unread = false;
  try {
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        stopReason = next.value.stopReason;
        unread = next.value.stats.sourceExhausted === false;
        break;
      }
      const result = next.value;
      const where = positions.get(result.index)!;
      positions.delete(result.index);
      progress.record({ ok: result.ok, cached: result.cached, costUsd: result.costUsd, errorCode: result.error?.code });
      await writer.write(where.position, toRecord(result, where.position, where.line));
    }
  } catch (error) {
    progress.stop();
    if (FlotillaError.isInstance(error) && ['invalid_options', 'invalid_template', 'preflight'].includes(error.code)) {
      throw new UsageError(inCliTerms(error.message));
    }
    throw error;
  } finally {
    progress.stop();
    counting.abort();
    unsubscribe();
    await writer.close(out !== io.stdout).catch((error: Error) => void (outputError ??= error));
  }

  if (outputError) {
    io.stderr.write(`flotilla: could not write the output${config.output ? ` to ${config.output}` : ''}: ${outputError.message}; results after the failure were not written${config.cachePath ? ` (the finished ones are in --cache ${config.cachePath}: rerun to write them without paying again)` : ''}\n`);
    return EXIT.output;
  }
  if (!config.quiet) {
    const why = interrupted ? `interrupted (${interrupted})` : strictStop ? `stopped: ${strictStop}` : stopReason === 'completed' ? 'completed' : `stopped (${stopReason}): ${stopMessage ?? stopReason}`;
    const rest = unread ? '\n  the rest of the input was not read: the run stopped first (rerun with --cache to go on without paying again)' : '';
    io.stderr.write(`${summary(progress, why, config, cache)}${rest}\n`);
  }
  if (interrupted) return interrupted === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
  return progress.failed === 0 && stopReason === 'completed' && !strictStop ? EXIT.ok : EXIT.someFailed;
}

function summary(progress: Progress, why: string, config: RunConfig, cache: SqliteCache | undefined): string {
  const failures = [...progress.failuresByCode].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${n} ${code}`);
  const elapsed = progress.elapsedMs();
  const rate = elapsed > 0 ? (progress.done / elapsed) * 1000 : 0;
  const lines = [
    `flotilla: ${why}`,
    `  items   ${progress.done}${progress.total !== undefined && progress.total !== progress.done ? ` of ${progress.total}` : ''}: ${progress.succeeded} ok, ${progress.failed} failed${failures.length ? ` (${failures.join(', ')})` : ''}, ${progress.cached} from cache`,
    `  spent   ${formatUsd(progress.costUsd)}${config.budgetUsd === undefined ? '' : ` of ${formatUsd(config.budgetUsd)} budget`}`,
    `  time    ${formatDuration(elapsed)} (${rate < 10 ? rate.toFixed(1) : Math.round(rate)} items/s)`,
    `  output  ${config.output ?? 'stdout'}${cache ? `; cache ${config.cachePath}` : ''}`,
  ];
  const refused = progress.failuresByCode.get('budget_exhausted') ?? 0;
  if (refused > 0 && config.budgetUsd !== undefined) {
    lines.push(
      `  note    ${refused} items could not reserve their cost within the ${formatUsd(config.budgetUsd)} budget` +
        (config.provider ? ` (each reserves its worst case: prompt + --max-tokens ${config.provider.maxTokens}); raise --budget, or lower --max-tokens or --concurrency` : '; raise --budget'),
    );
  }
  return lines.join('\n');
}

function toRecord(result: AgentResult<unknown, unknown>, position: number, line: number): OutputRecord {
  const base = { index: position, line, ok: result.ok };
  const tail = { costUsd: result.costUsd, cached: result.cached, attempts: result.attempts, durationMs: Math.round(result.durationMs) };
  const meta = result.meta === undefined ? {} : { meta: result.meta };
  return result.ok ? { ...base, value: result.value, ...tail, ...meta } : { ...base, error: result.error!, ...tail, ...meta };
}

function blankRecord(position: number, line: number, error: { code: 'invalid_input'; message: string }): OutputRecord {
  return { index: position, line, ok: false, error, costUsd: 0, cached: false, attempts: 0, durationMs: 0 };
}

function openCache(path: string, ttlMs: number): SqliteCache {
  try {
    return sqliteCache({ path, ttlMs });
  } catch (error) {
    if (error instanceof CacheUnavailableError) throw new UsageError(error.message);
    throw error;
  }
}

async function readable(path: string, flag: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: the file does not exist or cannot be read`);
  }
}

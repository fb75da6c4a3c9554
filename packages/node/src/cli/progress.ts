import type { Writable } from 'node:stream';
import { formatDuration, formatUsd } from './format.js';

/** What {@link Progress} needs to know about one finished item. */
export interface ProgressItem {
  ok: boolean;
  cached: boolean;
  costUsd: number;
  errorCode?: string | undefined;
}

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** Where progress goes (stderr). */
  stream: Writable & { columns?: number };
  /** `true`: redraw one live line; `false`: print a line every `intervalMs`. */
  tty: boolean;
  /** Spend cap in USD, shown as "of $cap". */
  budgetUsd?: number | undefined;
  /** Milliseconds between redraws (default 100 on a TTY, 5000 otherwise). */
  intervalMs?: number;
  /** Monotonic milliseconds, for tests (default `performance.now`). */
  now?: () => number;
}

/** How far back the rate looks, in milliseconds. */
const RATE_WINDOW_MS = 10_000;

/**
 * Progress of a CLI run on stderr: a live line on a terminal (redrawn at most
 * every 100 ms) or a plain line every few seconds when piped, and the final
 * summary. Counts done/total, successes, failures, cache hits, money spent,
 * rate and ETA.
 */
export class Progress {
  done = 0;
  succeeded = 0;
  failed = 0;
  cached = 0;
  costUsd = 0;
  total: number | undefined;
  readonly failuresByCode = new Map<string, number>();
  private readonly now: () => number;
  private readonly startedAt: number;
  private samples: { at: number; done: number }[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private drawn = '';
  private printedDone = -1;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
  }

  /** Start drawing. */
  start(): void {
    const intervalMs = this.options.intervalMs ?? (this.options.tty ? 100 : 5000);
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Count one finished item. */
  record(item: ProgressItem): void {
    this.done++;
    if (item.ok) this.succeeded++;
    else {
      this.failed++;
      const code = item.errorCode ?? 'agent_error';
      this.failuresByCode.set(code, (this.failuresByCode.get(code) ?? 0) + 1);
    }
    if (item.cached) this.cached++;
    this.costUsd += item.costUsd;
  }

  /** Print a message above the live line (warnings, notices). */
  log(text: string): void {
    if (this.options.tty && this.drawn) this.options.stream.write('\r\x1b[2K');
    this.options.stream.write(`${text}\n`);
    if (this.options.tty && this.drawn) this.options.stream.write(this.drawn);
  }

  /** Stop drawing and clear the live line. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.options.tty && this.drawn) this.options.stream.write('\r\x1b[2K');
    this.drawn = '';
  }

  /** The status in one line, e.g. `120/1,000 12% | ok 118 | failed 2 | cached 30 | $0.12 of $5 | 24.1/s | ETA 36s`. */
  line(): string {
    const parts: string[] = [];
    const { total } = this;
    parts.push(total === undefined ? `${count(this.done)} done` : `${count(this.done)}/${count(total)} ${total === 0 ? 100 : Math.floor((100 * this.done) / total)}%`);
    parts.push(`ok ${count(this.succeeded)}`, `failed ${count(this.failed)}`, `cached ${count(this.cached)}`);
    const budget = this.options.budgetUsd;
    parts.push(budget === undefined ? `${formatUsd(this.costUsd)} spent` : `${formatUsd(this.costUsd)} of ${formatUsd(budget)}`);
    const rate = this.rate();
    parts.push(`${rate < 10 ? rate.toFixed(1) : Math.round(rate)}/s`);
    if (total !== undefined && total > this.done) parts.push(rate > 0 ? `ETA ${formatDuration(((total - this.done) / rate) * 1000)}` : 'ETA ?');
    return parts.join(' | ');
  }

  /** Milliseconds since the run started. */
  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** Items per second over the last few seconds. */
  rate(): number {
    const at = this.now();
    this.samples.push({ at, done: this.done });
    while (this.samples.length > 2 && this.samples[0]!.at < at - RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    if (seconds < 0.5) {
      const overall = (at - this.startedAt) / 1000;
      return overall > 0 ? this.done / overall : 0;
    }
    return (this.done - first.done) / seconds;
  }

  private tick(): void {
    if (this.options.tty) {
      const columns = this.options.stream.columns || 100;
      const text = this.line().slice(0, Math.max(20, columns - 1));
      if (text === this.drawn) return;
      this.drawn = text;
      this.options.stream.write(`\r\x1b[2K${text}`);
    } else if (this.done !== this.printedDone) {
      this.printedDone = this.done;
      this.options.stream.write(`flotilla: ${this.line()}\n`);
    }
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

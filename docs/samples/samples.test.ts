// Each deep-dive sample demonstrates one behaviour of @flotilla/core; these
// tests run the same sample files as the demo and the docs, and check that
// what each one claims is what it measured.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatch } from '@flotilla/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as batch from './batch.js';
import * as consensus from './consensus.js';
import * as earlyStop from './early-stop.js';
import { SECTIONS } from './demo.js';
import * as ensemble from './ensemble.js';
import * as failsafe from './failsafe.js';
import { facts, table, usd, visibleLength } from './format.js';
import * as idempotency from './idempotency.js';
import * as providerLimits from './provider-limits.js';
import * as quota from './quota.js';
import { RECEIPTS, readCategory } from './receipts.js';
import * as search from './search.js';
import * as semaphore from './semaphore.js';
import { hash32, MODELS, mulberry32, simulatedAgent, usdFor } from './simulated-agent.js';
import * as speedup from './speedup.js';

const samplesDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(samplesDir, '../..');
const ESC = '\u001b[';

describe('simulated agent', () => {
  it('draws the same numbers from the same seed, and different ones from another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const sequence = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(sequence);
    expect(mulberry32(43)()).not.toBe(sequence[0]);
    expect(sequence.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(hash32('a')).not.toBe(hash32('b'));
  });

  it('reports the cost of its tokens at the model price', async () => {
    const agent = simulatedAgent<{ q: number }, string>({
      name: 'priced',
      profile: MODELS['orca-large'],
      latencyMs: 1,
      inputTokens: 1000,
      outputTokens: 500,
      answer: () => 'ok',
    });
    const run = await dispatch({ agent, inputs: [{ q: 1 }, { q: 2 }], cache: false });
    const each = usdFor(MODELS['orca-large'], 1000, 500);
    expect(each).toBeCloseTo(0.0075, 12);
    expect(run.results.map((result) => result.costUsd)).toEqual([each, each]);
    expect(agent.calls).toBe(2);
  });

  it('stops waiting as soon as its signal aborts', async () => {
    const agent = simulatedAgent<number, number>({
      name: 'slow',
      profile: MODELS['orca-mini'],
      latencyMs: 5_000,
      jitter: 0,
      answer: (n) => n,
    });
    const started = performance.now();
    const run = await dispatch({ agent, inputs: [1, 2], limits: { agentTimeoutMs: 30 }, cache: false });
    expect(run.results.map((result) => result.error?.code)).toEqual(['timeout', 'timeout']);
    // The reservation is held until the agent settles; a settled agent means the
    // sleep honoured the signal instead of running its 5 s out.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('sample data', () => {
  it('labels every receipt with the category its items point to', () => {
    expect(RECEIPTS).toHaveLength(20);
    for (const receipt of RECEIPTS) expect(readCategory(receipt.items), receipt.id).toBe(receipt.expected);
  });
});

describe('WHEN: batch processing', () => {
  it('classifies all 20 receipts, in input order, at most 5 at a time, faster than one by one', async () => {
    const report = await batch.run();
    expect(report.receipts).toBe(20);
    expect(report.succeeded).toBe(20);
    expect(report.categories.map((entry) => entry.id)).toEqual(RECEIPTS.map((receipt) => receipt.id));
    expect(report.byCategory.reduce((sum, entry) => sum + entry.count, 0)).toBe(20);
    expect(report.peakConcurrency).toBe(5);
    expect(report.wallMs).toBeLessThan(report.sequentialMs / 2);
    expect(report.costUsd).toBeGreaterThan(0);
    expect(report.correct).toBeGreaterThan(10);
  });
});

describe('WHEN: multi-model consensus', () => {
  it('reports the majority as "electronics (4/5 votes)"', async () => {
    const report = await consensus.run();
    expect(report.winner).toBe('electronics');
    expect(report.winnerVotes).toBe(4);
    expect(report.total).toBe(5);
    expect(report.agreement).toBe(0.8);
    expect(report.headline).toBe('electronics (4/5 votes)');
    expect(report.ballots.map((ballot) => ballot.model)).toEqual([...consensus.VOTERS]);
    expect(report.ballots.filter((ballot) => ballot.category === 'electronics')).toHaveLength(4);
    // The models ran side by side: the vote took about the slowest model, not the sum.
    const sum = report.ballots.reduce((total, ballot) => total + ballot.durationMs, 0);
    expect(report.wallMs).toBeLessThan(sum);
  });

  it('is reproducible: the same seed gives the same ballots', async () => {
    const [a, b] = [await consensus.run(), await consensus.run()];
    expect(b.ballots.map((ballot) => ballot.category)).toEqual(a.ballots.map((ballot) => ballot.category));
  });
});

describe('WHEN: parallel search', () => {
  it('ranks all 10 documents by relevance, the budget document first', async () => {
    const report = await search.run();
    expect(report.ranking).toHaveLength(10);
    expect(new Set(report.ranking.map((doc) => doc.id))).toEqual(new Set(search.DOCUMENTS.map((doc) => doc.id)));
    const scores = report.ranking.map((doc) => doc.relevance);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const best = [...search.DOCUMENTS].sort((a, b) => search.termOverlap(search.QUERY, b) - search.termOverlap(search.QUERY, a))[0]!;
    expect(report.ranking[0]!.id).toBe(best.id);
    expect(best.id).toBe('D02');
  });
});

describe('HOW: semaphore control', () => {
  it('never runs more than 3 of 10 tasks at once, in batches of 3', async () => {
    const report = await semaphore.run();
    expect(report.peakConcurrency).toBe(3);
    expect(report.statsPeakConcurrency).toBe(3);
    // A progress bar counting start minus result events must not see more than the limit either.
    expect(report.eventPeakConcurrency).toBe(3);
    expect(report.batches).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
    for (const span of report.spans) expect(span.endMs).toBeGreaterThan(span.startMs);
    // A freed slot is reused at once: close to ceil(10/3) x 60 ms = 240 ms.
    expect(report.idealMs).toBe(240);
    expect(report.wallMs).toBeGreaterThanOrEqual(report.idealMs * 0.95);
    expect(report.wallMs).toBeLessThan(report.idealMs * 1.5);
  });

  it('follows the limit it is given', async () => {
    const report = await semaphore.run({ tasks: 8, maxConcurrent: 4, latencyMs: 30 });
    expect(report.peakConcurrency).toBe(4);
    expect(report.eventPeakConcurrency).toBe(4);
    expect(report.batches.map((tasks) => tasks.length)).toEqual([4, 4]);
  });

  it('groups spans into batches by who waited for a free slot', () => {
    const spans = [
      { task: 1, startMs: 0, endMs: 10 },
      { task: 2, startMs: 0, endMs: 12 },
      { task: 3, startMs: 10, endMs: 20 },
      { task: 4, startMs: 12, endMs: 22 },
      { task: 5, startMs: 20, endMs: 30 },
    ];
    expect(semaphore.batchesOf(spans)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('HOW: quota protection', () => {
  it('holds a would-be $10 dispatch to its $0.05 cap', async () => {
    const report = await quota.run();
    const { big } = report;
    expect(big.inputs).toBe(200);
    expect(big.wouldSpendUsd).toBeCloseTo(10, 9);
    expect(big.spentUsd).toBeLessThanOrEqual(big.capUsd + 1e-12);
    expect(big.stopReason).toBe('budget');
    expect(big.agentsRan).toBe(1);
    expect(big.budgetExhausted).toBe(199);
    expect(big.skipped).toBe(199);
    expect(big.stopMessage).toMatch(/raise maxTotalCostUsd/);
  });

  it('does not repeat the predecessor bug: ten $0.02 agents under $0.05 spend at most $0.05', async () => {
    const { predecessorCase } = await quota.run();
    expect(predecessorCase.agentsRan).toBe(2);
    expect(predecessorCase.spentUsd).toBeCloseTo(0.04, 9);
    expect(predecessorCase.spentUsd).toBeLessThanOrEqual(0.05);
  });

  it('refuses up front with preflight, running nothing and saying by how much', async () => {
    const report = await quota.run();
    expect(report.preflightAgentCalls).toBe(0);
    expect(report.preflightMessage).toContain('by $9.95');
  });
});

describe('HOW: idempotency', () => {
  it('serves the second run from the shared cache: every result cached, zero agent calls, no cost', async () => {
    const report = await idempotency.run();
    expect(report.second.inputs).toBe(12);
    expect(report.second.cached).toBe(12);
    expect(report.second.agentCalls).toBe(0);
    expect(report.second.agentSawCalls).toBe(0);
    expect(report.second.costUsd).toBe(0);
    expect(report.sameAnswers).toBe(true);
    expect(report.second.wallMs).toBeLessThan(report.first.wallMs);
    expect(report.speedup).toBeGreaterThan(1);
  });

  it('runs identical items of the first run once', async () => {
    const report = await idempotency.run();
    expect(report.distinct).toBe(10);
    expect(report.first.agentCalls).toBe(10);
    expect(report.first.agentSawCalls).toBe(10);
    expect(report.first.cached).toBe(2);
    expect(report.first.costUsd).toBeGreaterThan(0);
  });
});

describe('WHY: speedup', () => {
  it('runs in parallel within a generous bound of ceil(N/k) x L, far ahead of sequential', async () => {
    // A smaller workload than the demo's 50 x 100 ms keeps the suite fast; the shape is the same.
    const report = await speedup.run({ items: 20, latencyMs: 50, maxConcurrent: 5 });
    expect(report.idealParallelMs).toBe(200);
    expect(report.idealSequentialMs).toBe(1000);
    expect(report.peakConcurrency).toBe(5);
    expect(report.parallelMs).toBeGreaterThanOrEqual(report.idealParallelMs * 0.95);
    expect(report.parallelMs).toBeLessThan(report.idealParallelMs * 1.5);
    expect(report.sequentialMs).toBeGreaterThanOrEqual(report.idealSequentialMs * 0.95);
    expect(report.speedup).toBeGreaterThan(report.idealSpeedup * 0.6);
  });

  it('shows the predecessor figures it compares against', () => {
    expect(speedup.PREDECESSOR).toEqual({ parallelMs: 3120, sequentialMs: 5400 });
  });
});

describe('WHY: ensemble', () => {
  it('keeps the most confident of 7 answers and counts who agrees with it', async () => {
    const report = await ensemble.run();
    expect(report.total).toBe(7);
    expect(report.answers.map((answer) => answer.model)).toEqual([...ensemble.ENSEMBLE]);
    const top = Math.max(...report.answers.map((answer) => answer.confidence));
    expect(report.best?.confidence).toBe(top);
    expect(report.best?.answer).toBe(report.truth);
    expect(report.agreeing).toBe(report.answers.filter((answer) => answer.answer === report.best?.answer).length);
    expect(report.agreement).toBeCloseTo(report.agreeing / 7, 12);
    expect(report.agreeing).toBeGreaterThan(3);
  });
});

describe('WHY: early-stop consensus', () => {
  it('stops the vote once decided, keeps the full vote\'s winner, and spends less', async () => {
    const report = await earlyStop.run({ batch: RECEIPTS.slice(0, 8) });
    expect(report.voters).toBe(7);
    expect(report.ballots.map((ballot) => ballot.model)).toEqual([...earlyStop.VOTERS]);
    expect(report.winner).toBe(report.fullWinner);
    expect(report.winner).toBe(readCategory(report.receipt.items));
    // Decided before the last model; the models cut by the decision cost nothing more.
    expect(report.decidedAfter).toBeGreaterThanOrEqual(4);
    expect(report.decidedAfter).toBeLessThan(7);
    const cut = report.ballots.filter((ballot) => ballot.status === 'aborted' || ballot.status === 'skipped');
    expect(cut.length).toBeGreaterThan(0);
    expect(report.reservedSavedUsd).toBeCloseTo(cut.length * earlyStop.RESERVATION_USD, 12);
    expect(report.ballots.filter((ballot) => ballot.status === 'voted').length).toBeGreaterThanOrEqual(report.decidedAfter!);
    expect(report.savedUsd).toBeCloseTo(report.fullCostUsd - report.earlyCostUsd, 12);
    expect(report.savedUsd).toBeGreaterThan(0);
  });

  it('never changes a winner and never spends more, receipt by receipt', async () => {
    for (const seed of [1, 5]) {
      const report = await earlyStop.run({ seed, batch: RECEIPTS.slice(8, 14) });
      expect(report.batch.sameWinner, `seed ${seed}`).toBe(report.batch.receipts);
      expect(report.batch.earlyCostUsd, `seed ${seed}`).toBeLessThanOrEqual(report.batch.fullCostUsd);
      expect(report.batch.decidedEarly, `seed ${seed}`).toBeGreaterThan(0);
    }
    const { comparison } = await earlyStop.compare(RECEIPTS[2]!, 3);
    expect(comparison.winner).toBe(comparison.fullWinner);
    expect(comparison.earlyCostUsd).toBeLessThanOrEqual(comparison.fullCostUsd);
  });

  it('prints the winner, after how many of the seven models, and the dollars saved', async () => {
    const report = await earlyStop.run({ batch: RECEIPTS.slice(0, 4) });
    const text = earlyStop.render(report).join('\n');
    expect(text).toContain(`decided after ${report.decidedAfter} of 7 models`);
    expect(text).toContain(usd(report.savedUsd));
    expect(earlyStop.headline(report)).toMatch(/^electronics after \d of 7 models, saved \$/);
  });
});

describe('WHY: fail-safe', () => {
  it('trips the failure rate, starts nothing after, and keeps a result for every input', async () => {
    const report = await failsafe.run();
    expect(report.stopReason).toBe('failure_rate');
    expect(report.results).toBe(report.inputs);
    expect(report.startedAfterStop).toBe(0);
    expect(report.succeeded).toBeGreaterThan(0);
    expect(report.skipped).toBeGreaterThan(0);
    expect(report.failedByCode.agent_error).toBeGreaterThan(0);
    const failed = Object.values(report.failedByCode).reduce((sum, count) => sum + (count ?? 0), 0);
    expect(report.succeeded + failed).toBe(report.inputs);
    expect(report.stopMessage).toMatch(/maxFailureRate/);
  });

  it('holds for other seeds too', async () => {
    for (const seed of [1, 2, 3, 5, 6]) {
      const report = await failsafe.run({ seed });
      expect(report.results, `seed ${seed}`).toBe(report.inputs);
      expect(report.startedAfterStop, `seed ${seed}`).toBe(0);
      expect(report.stopReason, `seed ${seed}`).toBe('failure_rate');
    }
  });
});

describe('formatting', () => {
  it('aligns table columns and right-aligns numbers', () => {
    expect(table([['a', '1 ms'], ['bbb', '20 ms']], { align: ['l', 'r'] })).toEqual(['a     1 ms', 'bbb  20 ms']);
  });

  it('wraps long facts under their value', () => {
    const lines = facts([['why', 'word '.repeat(40).trim()]], 40);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(visibleLength(line)).toBeLessThanOrEqual(40);
  });

  it('prints dollars with cents, and sub-cent amounts with their digits', () => {
    expect([10, 0.05, 0.000873, 0].map(usd)).toEqual(['$10.00', '$0.05', '$0.000873', '$0']);
  });
});

describe('provider limits sample (README: Provider rate limits)', () => {
  it('keeps a TPM-bound provider from answering 429 where a request-only bucket is refused', async () => {
    const report = await providerLimits.run();
    const [requestOnly, tokens] = report.contenders;
    expect(report.contenders.map((c) => c.succeeded)).toEqual([60, 60]);
    // The request-only bucket keeps to the RPM but not the TPM: the provider refuses some of its calls.
    expect(requestOnly!.rejected).toBeGreaterThanOrEqual(1);
    // Metering tokens with the margin leaves nothing to refuse (one allowed for a stalled event loop).
    expect(tokens!.rejected).toBeLessThanOrEqual(1);
    expect(providerLimits.render(report).join('\n')).toContain('rateLimit (RPM + TPM + headers)');
  });

  it('has a simulated provider that bills usage and sends x-ratelimit-* headers on every answer', async () => {
    const provider = providerLimits.simulatedProvider({ requestsPerMinute: 1, tokensPerMinute: 1000, windowMs: 60_000 });
    const body = JSON.stringify({ messages: [{ content: 'x'.repeat(40) }] });
    const ok = await provider.fetch('http://x.invalid', { method: 'POST', body });
    expect(((await ok.json()) as { usage: unknown }).usage).toEqual({ prompt_tokens: 10, completion_tokens: 50 });
    expect(ok.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    const refused = await provider.fetch('http://x.invalid', { method: 'POST', body });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after-ms'))).toBeGreaterThan(0);
  });
});

describe('demo and docs', () => {
  const sampleFiles = readdirSync(samplesDir).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

  it('groups the samples WHEN / HOW / WHY, each pointing at a file that exists', () => {
    expect(SECTIONS.map((section) => section.heading)).toEqual(['WHEN', 'HOW', 'WHY']);
    expect(SECTIONS.every((section) => section.samples.length >= 3)).toBe(true);
    for (const entry of SECTIONS.flatMap((section) => section.samples)) {
      expect(existsSync(join(repoRoot, entry.file)), entry.file).toBe(true);
    }
  });

  it('deep-dive.md links only files that exist, and links every sample of the demo', () => {
    const markdown = readFileSync(join(repoRoot, 'docs/deep-dive.md'), 'utf8');
    const links = [...markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1]!).filter((link) => !/^[a-z]+:/.test(link));
    expect(links.length).toBeGreaterThan(9);
    for (const link of links) expect(existsSync(resolve(repoRoot, 'docs', link)), link).toBe(true);
    for (const entry of SECTIONS.flatMap((section) => section.samples)) {
      expect(links.map((link) => resolve(repoRoot, 'docs', link)), entry.file).toContain(join(repoRoot, entry.file));
    }
    expect(links.map((link) => resolve(repoRoot, 'docs', link))).toContain(join(samplesDir, 'simulated-agent.ts'));
    expect(sampleFiles).toContain('demo.ts');
  });

  it('has TypeScript examples that compile against the real @flotilla/core API', () => {
    const markdown = readFileSync(join(repoRoot, 'docs/deep-dive.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const config = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'docs/tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    // Each block becomes a virtual module in docs/, so it resolves @flotilla/core as a sample does.
    const files = new Map(blocks.map((code, i) => [join(repoRoot, `docs/deep-dive-example-${i}.ts`), code]));
    const host = ts.createCompilerHost(config.options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (name) => files.has(name) || fileExists(name);
    host.readFile = (name) => files.get(name) ?? readFile(name);
    host.getSourceFile = (name, language, ...rest) => {
      const code = files.get(name);
      return code === undefined ? getSourceFile(name, language, ...rest) : ts.createSourceFile(name, code, language);
    };
    const program = ts.createProgram([...files.keys()], { ...config.options, noEmit: true }, host);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  });

  it('runs a sample file directly and prints its report without colour codes when piped', () => {
    const tsx = join(repoRoot, 'node_modules/.bin/tsx');
    const result = spawnSync(tsx, ['docs/samples/consensus.ts'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('electronics (4/5 votes)');
    expect(result.stdout).not.toContain(ESC);
  });
});

#!/usr/bin/env node
// Packs @flotilla/core, @flotilla/ai and @flotilla/otel with pnpm (as they
// would be published), installs the tarballs into a fresh npm project (the
// peers from the registry), then imports both packages there through ESM
// and through CJS and runs a small traced dispatch with each. Prints one
// JSON line: { esm, cjs } as the two checks reported them. Build first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const packages = new URL('../..', import.meta.url).pathname;
const names = ['core', 'ai', 'otel'];
const PEERS = ['ai@6.0.326', 'zod@4.6.7', '@opentelemetry/api@1.9.1'];

const work = mkdtempSync(join(tmpdir(), 'flotilla-pack-'));
try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const name of names) {
    const dir = join(packages, name);
    if (!existsSync(join(dir, 'dist', 'index.js'))) throw new Error(`packages/${name} is not built; run turbo run build first`);
    execFileSync('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', tarballs], { cwd: dir, stdio: 'pipe' });
  }
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'flotilla-pack-check', version: '1.0.0', private: true }));
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...files, ...PEERS], { cwd: project, stdio: 'pipe' });

  const body = (load) => `${load}
const { model } = { model: new MockLanguageModelV3({ provider: 'openai.chat', modelId: 'gpt-4o-mini', doGenerate: async () => ({
  content: [{ type: 'text', text: 'ok' }], finishReason: { unified: 'stop', raw: 'stop' }, warnings: [],
  usage: { inputTokens: { total: 10, noCache: 10 }, outputTokens: { total: 2, text: 2 } } }) }) };
const spans = [];
const tracer = { startSpan: (name) => (spans.push(name), { setAttributes() {}, setStatus() {}, addEvent() {}, end() {}, isRecording: () => true, spanContext: () => ({ traceId: '0'.repeat(32), spanId: '1'.repeat(16), traceFlags: 1 }) }) };
const agent = fallbackChain([aiSdkAgent({ model, maxOutputTokens: 5 })]);
dispatch({ agent, inputs: ['hi'], limits: { maxTotalCostUsd: 1 }, instrumentation: otelTracing({ tracer }) }).then((run) =>
  console.log(JSON.stringify({ value: run.results[0].value, costUsd: run.results[0].costUsd, spans, error: typeof UnknownModelPricesError })));
`;
  writeFileSync(join(project, 'check.mjs'), body(`import { aiSdkAgent, UnknownModelPricesError } from '@flotilla/ai';
import { otelTracing } from '@flotilla/otel';
import { dispatch, fallbackChain } from '@flotilla/core';
import { MockLanguageModelV3 } from 'ai/test';`));
  writeFileSync(join(project, 'check.cjs'), body(`const { aiSdkAgent, UnknownModelPricesError } = require('@flotilla/ai');
const { otelTracing } = require('@flotilla/otel');
const { dispatch, fallbackChain } = require('@flotilla/core');
const { MockLanguageModelV3 } = require('ai/test');`));
  const run = (file) => JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim().split('\n').at(-1));
  console.log(JSON.stringify({ esm: run('check.mjs'), cjs: run('check.cjs') }));
} finally {
  rmSync(work, { recursive: true, force: true });
}

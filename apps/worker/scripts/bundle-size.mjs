#!/usr/bin/env node
// Bundles the worker exactly as `wrangler deploy` would (`--dry-run --outdir`,
// minified per wrangler.jsonc), measures the script Cloudflare receives, and
// holds it to a budget.
//
//   node scripts/bundle-size.mjs            print the sizes
//   node scripts/bundle-size.mjs --check    also fail (exit 1) past the budget (CI: `lint`)
//   node scripts/bundle-size.mjs --readme   also write the sizes into the READMEs
//
// Sizes are KiB (1024 bytes); gzip is level 9, close to what Cloudflare reports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget, in KiB. Raise it only with a reason in the commit message. */
export const BUDGET_KIB = { minified: 260, gzip: 88 };

const here = new URL('..', import.meta.url).pathname;
const readmes = [join(here, 'README.md'), join(here, '../../README.md')];
const START = '<!-- bundle-size:start -->';
const END = '<!-- bundle-size:end -->';

const outdir = mkdtempSync(join(tmpdir(), 'flotilla-worker-bundle-'));
try {
  const wrangler = join(here, 'node_modules/.bin/wrangler');
  const result = spawnSync(wrangler, ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: here,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  if (result.status !== 0) {
    console.error(`bundle-size: wrangler deploy --dry-run failed (exit ${result.status}); build the packages first (turbo run build --filter=worker...)\n${result.stderr || result.stdout}`);
    process.exit(2);
  }
  const script = readFileSync(join(outdir, 'index.js'));
  const sizes = { minified: script.length / 1024, gzip: gzipSync(script, { level: 9 }).length / 1024 };
  const line = `${sizes.minified.toFixed(1)} KiB minified, ${sizes.gzip.toFixed(1)} KiB gzip (budget ${BUDGET_KIB.minified} / ${BUDGET_KIB.gzip} KiB)`;
  console.log(`worker bundle: ${line}`);

  if (process.argv.includes('--readme')) {
    for (const path of readmes) {
      const text = readFileSync(path, 'utf8');
      const from = text.indexOf(START);
      const to = text.indexOf(END);
      if (from === -1 || to < from) {
        console.error(`bundle-size: ${path} has no ${START} ... ${END} block`);
        process.exit(2);
      }
      const block = `${START}\nThe deployed worker script is ${line}, measured by \`node apps/worker/scripts/bundle-size.mjs\`.\n${END}`;
      writeFileSync(path, text.slice(0, from) + block + text.slice(to + END.length));
    }
  }
  if (process.argv.includes('--check')) {
    const over = Object.entries(BUDGET_KIB).filter(([kind, budget]) => sizes[kind] > budget);
    if (over.length > 0) {
      console.error(`bundle-size: over budget (${over.map(([kind, budget]) => `${kind} ${sizes[kind].toFixed(1)} > ${budget} KiB`).join(', ')}); find what grew with \`wrangler deploy --dry-run --outdir dist\` and the source map, or raise BUDGET_KIB with a reason`);
      process.exit(1);
    }
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

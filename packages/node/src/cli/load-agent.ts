import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { openAICompatibleAgent, type Agent } from '@flotilla/core';
import type { ProviderConfig } from './args.js';
import { UsageError } from './usage-error.js';

/**
 * Import the agent from a module: its default export or its `agent` export,
 * a function `(input, ctx) => value` or an object `{ name, run }`.
 */
export async function loadAgentModule(modulePath: string, cwd: string): Promise<Agent> {
  const file = resolve(cwd, modulePath);
  if (!existsSync(file)) throw new UsageError(`--agent ${modulePath}: no such file (looked at ${file})`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const hint = /\.[cm]?ts$/.test(file) ? '; for TypeScript, run flotilla through a loader: node --import tsx $(which flotilla) run ...' : '';
    throw new UsageError(`--agent ${modulePath} could not be imported: ${(error as Error).message}${hint}`);
  }
  const candidate = pickExport(module);
  if (typeof candidate === 'function') return candidate as Agent;
  if (candidate && typeof candidate === 'object' && typeof (candidate as { run?: unknown }).run === 'function') {
    const named = candidate as { name?: unknown };
    if (typeof named.name !== 'string' || named.name === '') {
      throw new UsageError(`--agent ${modulePath}: the exported agent object needs a non-empty "name" (it is part of the cache key)`);
    }
    return candidate as Agent;
  }
  throw new UsageError(
    `--agent ${modulePath} exports no agent: export default (or export const agent =) a function (input, ctx) => value, or an object { name, run }`,
  );
}

function pickExport(module: Record<string, unknown>): unknown {
  const main = module.default ?? module.agent;
  // A CommonJS module imported from ESM arrives as { default: module.exports }.
  if (main && typeof main === 'object' && !('run' in main)) {
    const inner = main as Record<string, unknown>;
    return inner.default ?? inner.agent ?? main;
  }
  return main;
}

/** The built-in OpenAI-compatible agent from the `--provider` flags. */
export function providerAgent(config: ProviderConfig): Agent {
  return openAICompatibleAgent({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    model: config.model,
    prices: { inputPerMillion: config.priceInPerMillion, outputPerMillion: config.priceOutPerMillion },
    maxTokens: config.maxTokens,
    json: config.json,
    ...(config.system === undefined ? {} : { system: config.system }),
  });
}

import { formatUsd } from './format.js';

/** Core option names and the CLI flags that set them. */
export const CLI_FLAG_FOR_OPTION: Readonly<Record<string, string>> = {
  maxTotalCostUsd: '--budget',
  costPerAgentUsd: '--cost-per-agent',
  maxConcurrent: '--concurrency',
  agentTimeoutMs: '--timeout',
  requestsPerSecond: '--rps',
  cacheTtlMs: '--cache-ttl',
};

/**
 * A message from core in the CLI's words: option names become the flags a
 * user types (`raise maxTotalCostUsd` becomes `raise --budget`) and dollar
 * amounts take the CLI's one format ({@link formatUsd}).
 *
 * @example inCliTerms('budget of $0.050000 exhausted; raise maxTotalCostUsd') // 'budget of $0.05 exhausted; raise --budget'
 */
export function inCliTerms(message: string): string {
  const names = Object.keys(CLI_FLAG_FOR_OPTION).join('|');
  return message
    .replace(new RegExp(`\\b(?:limits\\.)?(${names})\\b`, 'g'), (_match, name: string) => CLI_FLAG_FOR_OPTION[name]!)
    .replace(/\$(\d+(?:\.\d+)?(?:e-?\d+)?)/g, (_match, amount: string) => formatUsd(Number(amount)));
}

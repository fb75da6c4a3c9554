import { RUN_FLAGS, type FlagSpec } from './args.js';
import { BUDGET_GUARANTEE } from './budget-warning.js';

/** The text of `flotilla --help`, built from the flag table so it never drifts from the parser. */
export function helpText(version: string): string {
  const groups = new Map<FlagSpec['group'], FlagSpec[]>();
  for (const flag of RUN_FLAGS) groups.set(flag.group, [...(groups.get(flag.group) ?? []), flag]);
  const label = (flag: FlagSpec) => `${flag.short ? `-${flag.short}, ` : '    '}--${flag.name}${flag.value ? ` ${flag.value}` : ''}`;
  const width = Math.max(...RUN_FLAGS.map((flag) => label(flag).length)) + 2;

  const sections: string[] = [];
  for (const [group, flags] of groups) {
    const lines = flags.map((flag) => {
      const fallback = flag.default === undefined ? '' : ` [default: ${flag.default}]`;
      return `  ${label(flag).padEnd(width)}${flag.description}${fallback}`;
    });
    sections.push(`${group}:\n${lines.join('\n')}`);
  }

  return `flotilla ${version}: run many LLM agents over a JSONL file, in parallel, under a budget.

Usage:
  flotilla run --input <items.jsonl> --agent <module.mjs> [options]
  flotilla run --input <items.jsonl> --provider openai-compatible --base-url <url> --model <name> [options]
  flotilla demo                  run the deep-dive demo (from a checkout of the repository; elsewhere it says how)
  flotilla --help | --version

Each input line is one JSON value. Each output line is one JSON object:
  {"index":0,"line":1,"ok":true,"value":...,"costUsd":0.0004,"cached":false,"attempts":1,"durationMs":812}
or, for a failed item, "ok":false with "error":{"code":"timeout","message":"..."} instead of "value".

${sections.join('\n\n')}

Budget (--budget): ${BUDGET_GUARANTEE}. The built-in provider reserves its own worst case
(prompt + --max-tokens); for your own agent, pass --cost-per-agent or give it estimateCostUsd.

Progress goes to stderr: a live line on a terminal, a line every few seconds otherwise.
Ctrl-C or SIGTERM stops gracefully: running agents are aborted, finished results are written
(and cached with --cache); a second Ctrl-C quits at once. A --cache file that existed but holds
nothing readable (zero-length, or its -wal lost after a kill) is warned about; --strict refuses it. Rerun the same command with the same --cache to
resume: finished items come from the cache and cost nothing.

Exit codes:
  0    every item succeeded
  1    some items failed, or the run stopped early (budget, failure rate, --strict)
  2    usage error: bad flags, unreadable input or agent module, unusable cache file
       (or, with --strict, a cache file that lost its results)
  3    the output cannot be written: missing directory, no permission, full disk
  70   internal error (a bug): the message says what failed; please report it
  130  interrupted by Ctrl-C (SIGINT)      143  terminated (SIGTERM)

Examples:
  # your own agent, 20 at a time, results in input order
  flotilla run --agent ./classify-agent.mjs --input receipts.jsonl --output out.jsonl -c 20

  # an OpenAI-compatible API, a $2 cap, and a cache that makes reruns resume
  export OPENAI_API_KEY=sk-...
  flotilla run --provider openai-compatible --base-url https://api.openai.com/v1 \\
    --model gpt-4o-mini --price-in 0.15 --price-out 0.6 --max-tokens 50 \\
    --template 'Classify this receipt as food, travel or office: {text}' \\
    --input receipts.jsonl --output out.jsonl --budget 2 --cache flotilla.db --retries 2

  # a local model through Ollama, no key needed
  flotilla run --provider openai-compatible --base-url http://127.0.0.1:11434/v1 \\
    --model llama3.2 --template 'Summarize: {text}' --input notes.jsonl
`;
}

/**
 * What a scenario process hands back to the orchestrator (as JSON), and what
 * the report renders. Every number in BENCHMARKS.md comes from one of these.
 */

/** One claim of a scenario, judged against its target. */
export interface Check {
  /** What is checked, e.g. "efficiency, N=50 k=10 L=100 ms". */
  label: string;
  /** The target in words, e.g. ">= 0.97". */
  target: string;
  /** The measured value, formatted. */
  measured: string;
  /** Whether the target was met. */
  pass: boolean;
  /**
   * A claim that needs full sizes: wall-clock numbers, or growth that only
   * shows at scale. Not judged in quick mode, where sizes are too small (and
   * CI machines too busy) for such numbers to mean anything.
   */
  timing: boolean;
}

/** A table of the report. */
export interface Table {
  caption?: string;
  columns: string[];
  rows: string[][];
}

/** Everything one scenario measured. */
export interface ScenarioReport {
  /** Stable id, also the scenario's file name. */
  id: string;
  /** Section heading. */
  title: string;
  /** What was run and how it was measured. */
  method: string[];
  tables: Table[];
  checks: Check[];
  /** Closing remarks derived from the numbers (why a target was missed, etc.). */
  notes: string[];
  /** Raw numbers, for tests and for anyone who wants to re-plot. */
  data: Record<string, unknown>;
  /** Wall time of the scenario process, in milliseconds. */
  elapsedMs?: number;
}

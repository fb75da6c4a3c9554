/** Exit codes of the `flotilla` CLI, documented in `flotilla --help`. */
export const EXIT = Object.freeze({
  /** Every item succeeded and the run completed. */
  ok: 0,
  /** Some items failed, or the run stopped early (budget, failure rate, deadline, --strict). */
  someFailed: 1,
  /** Bad flags, an unreadable input or agent module, or an unusable cache file. */
  usage: 2,
  /** Interrupted by Ctrl-C (SIGINT); what finished was written and cached. */
  interrupted: 130,
  /** Terminated by SIGTERM; what finished was written and cached. */
  terminated: 143,
});

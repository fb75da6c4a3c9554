/** Exit codes of the `flotilla` CLI, documented in `flotilla --help` (keep the two in step). */
export const EXIT = Object.freeze({
  /** Every item succeeded and the run completed. */
  ok: 0,
  /** Some items failed, or the run stopped early (budget, failure rate, deadline, --strict). */
  someFailed: 1,
  /** Bad flags, an unreadable input or agent module, or an unusable (or, with --strict, empty) cache file. */
  usage: 2,
  /** The output could not be written: a missing directory, no permission, a full disk. */
  output: 3,
  /** A bug in flotilla or the agent module escaped every handler; the message says where. */
  internal: 70,
  /** Interrupted by Ctrl-C (SIGINT); what finished was written and cached. */
  interrupted: 130,
  /** Terminated by SIGTERM; what finished was written and cached. */
  terminated: 143,
});

import type { CappedLedger, DispatchOptions } from '@flotilla/core';
import type { ResolvedAggregate } from './aggregate-spec.js';
import type { ClampNote } from './clamp-limits.js';

/** A dispatch ready to run, already validated and preflighted: core options plus what the response reports. */
export interface PreparedDispatch {
  /** The options handed to core's `dispatch` / `dispatchStream` (no signal yet). */
  options: DispatchOptions<unknown, unknown, unknown>;
  /** The aggregate the client asked for, if any. */
  aggregate: ResolvedAggregate | undefined;
  /** The limits the run uses, after clamping to the policy. */
  limits: DispatchOptions['limits'];
  /** Every limit the server changed from the client's request. */
  clamped: ClampNote[];
  /** The run's ledger over the key's shared budget, when the app has one. */
  ledger: CappedLedger | undefined;
}

/**
 * How long a response waits for the run's last settlements to reach the
 * shared budget, in milliseconds. A Worker may drop background work once it
 * has answered, and an unsettled reservation would hold the key's money until
 * its lease lapses.
 */
export const SETTLE_TIMEOUT_MS = 5_000;

/**
 * `@flotilla/core` as the samples see it on this site: everything unchanged,
 * except that `dispatch` also reports its progress events to the recorder
 * (src/recorder.ts) so the page can chart them. See plugins/observe-samples.ts.
 */
import { dispatch as coreDispatch, type AgentResult, type DispatchOptions, type DispatchRun } from '@flotilla/core';
import { observe } from './recorder.js';

export * from '@flotilla/core';

/** Core's `dispatch`, observed: same options, same result, plus a recording of its events. */
export async function dispatch<I, O, V = AgentResult<I, O>[]>(options: DispatchOptions<I, O, V>): Promise<DispatchRun<I, O, V>> {
  const observer = observe(options as DispatchOptions<I, O, unknown>);
  try {
    const run = await coreDispatch({ ...options, onEvent: observer.onEvent });
    observer.finished(run as DispatchRun<I, O, unknown>);
    return run;
  } catch (error) {
    observer.failed(error);
    throw error;
  }
}

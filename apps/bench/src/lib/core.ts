/**
 * The Flotilla core under test. Normally the built package (what users
 * install); with FLOTILLA_BENCH_CORE_SRC=1 the TypeScript sources, so a CPU
 * profile names packages/core/src files and lines.
 */
type Core = typeof import('@flotilla/core');

export const core: Core =
  process.env.FLOTILLA_BENCH_CORE_SRC === '1'
    ? ((await import(new URL('../../../../packages/core/src/index.ts', import.meta.url).href)) as Core)
    : await import('@flotilla/core');

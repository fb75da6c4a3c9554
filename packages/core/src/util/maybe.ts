/**
 * A value now, or a promise of it when something had to wait. The life of an
 * item passes values this way from step to step, so that an item nothing
 * makes wait (a free slot, a memory cache, a synchronous agent) costs no
 * promise and no microtask; each step continues inline or in `.then`.
 */
export type Maybe<T> = T | Promise<T>;

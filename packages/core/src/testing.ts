/**
 * Test kits for implementers of Flotilla's interfaces. Import from
 * `@flotilla/core/testing` inside a vitest test file.
 * @packageDocumentation
 */
export { describeCacheConformance, type CacheConformanceOptions } from './testing/cache-conformance.js';
export { describeLedgerConformance, type LedgerConformanceOptions } from './testing/ledger-conformance.js';
export {
  describeRateLimiterConformance,
  type RateLimiterConformanceOptions,
  type RateLimiterQuotas,
} from './testing/rate-limiter-conformance.js';

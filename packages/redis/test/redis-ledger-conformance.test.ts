import { afterAll } from 'vitest';
import { describeLedgerConformance } from '@flotilla/core/testing';
import { redisLedger, type RedisLedger } from '../src/index.js';
import { client, deleteKeys, testPrefix } from './support/redis.js';

const prefix = testPrefix('ledger-conformance');
const redis = client();
let n = 0;
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describeLedgerConformance('redisLedger', {
  create: ({ capUsd }) => redisLedger({ redis, key: `${prefix}:${n++}`, capUsd }),
  destroy: (ledger) => (ledger as RedisLedger).close(),
});

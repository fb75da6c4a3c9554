import { LUA_NOW, redisScript } from './redis-script.js';

// Keys of one ledger, all hash-tagged into one Cluster slot:
//   KEYS[1] totals hash: spent, reserved (integer micro-dollars), expired, late (counters)
//   KEYS[2] holds hash: reservation id -> micro-dollars held
//   KEYS[3] leases zset: reservation id -> lease end (server ms)
//   KEYS[4] settled zset: reservation id -> settled at (server ms), so a replayed commit is not counted twice
// Every script first reclaims expired leases: a crashed process's money
// returns to the budget the next time anyone touches the ledger.
const PRELUDE = `${LUA_NOW}
local function reclaim(retention)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 256)
  for _, id in ipairs(expired) do
    local held = tonumber(redis.call('HGET', KEYS[2], id) or '0')
    redis.call('HDEL', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
    redis.call('HINCRBY', KEYS[1], 'reserved', -held)
    redis.call('HINCRBY', KEYS[1], 'expired', 1)
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - retention)
end
local function fits(amount, cap)
  if cap < 0 then return true end
  local used = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0') + tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
  -- A zero reservation still needs money left, as in core's memoryLedger.
  if amount == 0 then return used < cap end
  return used + amount <= cap
end
`;

/** ARGV: id, micros, cap (-1 = none), leaseMs, retentionMs. Returns 1 granted (or already held: a replay), 0 refused. */
export const RESERVE = redisScript(`${PRELUDE}
local id, amount, cap, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
reclaim(tonumber(ARGV[5]))
if redis.call('HEXISTS', KEYS[2], id) == 1 then return 1 end
if redis.call('ZSCORE', KEYS[4], id) then return 0 end
if not fits(amount, cap) then return 0 end
redis.call('HSET', KEYS[2], id, amount)
redis.call('ZADD', KEYS[3], now + lease, id)
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
return 1
`);

/** ARGV: id, micros, cap, leaseMs, retentionMs. Returns 1 granted (lease renewed too), 0 refused or unknown id. */
export const EXTEND = redisScript(`${PRELUDE}
local id, amount, cap, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
reclaim(tonumber(ARGV[5]))
if redis.call('HEXISTS', KEYS[2], id) == 0 then return 0 end
if not fits(amount, cap) then return 0 end
redis.call('HINCRBY', KEYS[2], id, amount)
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
redis.call('ZADD', KEYS[3], now + lease, id)
return 1
`);

/**
 * ARGV: id, spent micros, retentionMs. Returns 1 settled, 0 a replay (already
 * settled: not counted again), 2 late (the lease had expired: the spend is
 * still recorded, because the money really went).
 */
export const COMMIT = redisScript(`${PRELUDE}
local id, actual = ARGV[1], tonumber(ARGV[2])
reclaim(tonumber(ARGV[3]))
local held = redis.call('HGET', KEYS[2], id)
local status = 1
if held then
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
elseif redis.call('ZSCORE', KEYS[4], id) then
  return 0
else
  status = 2
  redis.call('HINCRBY', KEYS[1], 'late', 1)
end
redis.call('HINCRBY', KEYS[1], 'spent', actual)
redis.call('ZADD', KEYS[4], now, id)
return status
`);

/** ARGV: id, retentionMs. Returns 1 released, 0 unknown. */
export const RELEASE = redisScript(`${PRELUDE}
local id = ARGV[1]
reclaim(tonumber(ARGV[2]))
local held = redis.call('HGET', KEYS[2], id)
redis.call('ZADD', KEYS[4], now, id)
if not held then return 0 end
redis.call('HDEL', KEYS[2], id)
redis.call('ZREM', KEYS[3], id)
redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
return 1
`);

/** ARGV: leaseMs, retentionMs, id... Pushes the lease end of each held id; returns how many are still held. */
export const RENEW = redisScript(`${PRELUDE}
local lease = tonumber(ARGV[1])
reclaim(tonumber(ARGV[2]))
local held = 0
for i = 3, #ARGV do
  if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[3], now + lease, ARGV[i])
    held = held + 1
  end
end
return held
`);

/** ARGV: retentionMs. Returns [spent, reserved, expired, late]. */
export const SNAPSHOT = redisScript(`${PRELUDE}
reclaim(tonumber(ARGV[1]))
local totals = redis.call('HMGET', KEYS[1], 'spent', 'reserved', 'expired', 'late')
return { tonumber(totals[1] or '0'), tonumber(totals[2] or '0'), tonumber(totals[3] or '0'), tonumber(totals[4] or '0') }
`);

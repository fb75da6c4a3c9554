import { LUA_NOW, redisScript } from './redis-script.js';

// Keys of one ledger, all hash-tagged into one Cluster slot:
//   KEYS[1] totals hash: spent, reserved (integer micro-dollars), expired, late (counters), epoch
//   KEYS[2] holds hash: reservation id -> micro-dollars held
//   KEYS[3] leases zset: reservation id -> lease end (server ms)
//   KEYS[4] settled zset: reservation id -> settled at (server ms), so a replayed commit is not counted twice
// Every script takes ARGV[1] = the epoch this process knows ('' before its
// first call) and ARGV[2] = a fresh epoch to stamp on a new ledger. A known
// epoch that is missing or different means Redis lost the ledger (restarted
// empty): the script changes nothing and returns {-1, current epoch}.
// Otherwise it returns {status, epoch}. Every script also first reclaims
// expired leases: a crashed process's money returns to the budget the next
// time anyone touches the ledger.
const PRELUDE = `${LUA_NOW}
local function epoch()
  local known, fresh = ARGV[1], ARGV[2]
  local current = redis.call('HGET', KEYS[1], 'epoch')
  if not current then
    if known ~= '' then return nil, '' end
    redis.call('HSET', KEYS[1], 'epoch', fresh)
    return fresh, fresh
  end
  if known ~= '' and known ~= current then return nil, current end
  return current, current
end
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
local ok, current = epoch()
if not ok then return { -1, current } end
`;

/** ARGV: known epoch, fresh epoch, id, micros, cap (-1 = none), leaseMs, retentionMs. Status 1 granted (or already held: a replay), 0 refused. */
export const RESERVE = redisScript(`${PRELUDE}
local id, amount, cap, lease = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
reclaim(tonumber(ARGV[7]))
if redis.call('HEXISTS', KEYS[2], id) == 1 then return { 1, current } end
if redis.call('ZSCORE', KEYS[4], id) then return { 0, current } end
if not fits(amount, cap) then return { 0, current } end
redis.call('HSET', KEYS[2], id, amount)
redis.call('ZADD', KEYS[3], now + lease, id)
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
return { 1, current }
`);

/** ARGV: known epoch, fresh epoch, id, micros, cap, leaseMs, retentionMs. Status 1 granted (lease renewed too), 0 refused or unknown id. */
export const EXTEND = redisScript(`${PRELUDE}
local id, amount, cap, lease = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
reclaim(tonumber(ARGV[7]))
if redis.call('HEXISTS', KEYS[2], id) == 0 then return { 0, current } end
if not fits(amount, cap) then return { 0, current } end
redis.call('HINCRBY', KEYS[2], id, amount)
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
redis.call('ZADD', KEYS[3], now + lease, id)
return { 1, current }
`);

/**
 * ARGV: known epoch, fresh epoch, id, spent micros, retentionMs. Status 1
 * settled, 0 a replay (already settled: not counted again), 2 late (the
 * lease had expired: the spend is still recorded, because the money really went).
 */
export const COMMIT = redisScript(`${PRELUDE}
local id, actual = ARGV[3], tonumber(ARGV[4])
reclaim(tonumber(ARGV[5]))
local held = redis.call('HGET', KEYS[2], id)
local status = 1
if held then
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
elseif redis.call('ZSCORE', KEYS[4], id) then
  return { 0, current }
else
  status = 2
  redis.call('HINCRBY', KEYS[1], 'late', 1)
end
redis.call('HINCRBY', KEYS[1], 'spent', actual)
redis.call('ZADD', KEYS[4], now, id)
return { status, current }
`);

/** ARGV: known epoch, fresh epoch, id, retentionMs. Status 1 released, 0 unknown. */
export const RELEASE = redisScript(`${PRELUDE}
local id = ARGV[3]
reclaim(tonumber(ARGV[4]))
local held = redis.call('HGET', KEYS[2], id)
redis.call('ZADD', KEYS[4], now, id)
if not held then return { 0, current } end
redis.call('HDEL', KEYS[2], id)
redis.call('ZREM', KEYS[3], id)
redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
return { 1, current }
`);

/** ARGV: known epoch, fresh epoch, leaseMs, retentionMs, id... Pushes the lease end of each held id; status = how many are still held. */
export const RENEW = redisScript(`${PRELUDE}
local lease = tonumber(ARGV[3])
reclaim(tonumber(ARGV[4]))
local held = 0
for i = 5, #ARGV do
  if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[3], now + lease, ARGV[i])
    held = held + 1
  end
end
return { held, current }
`);

/** ARGV: known epoch, fresh epoch, retentionMs. Returns {spent, reserved, expired, late, epoch} (or {-1, epoch} when lost). */
export const SNAPSHOT = redisScript(`${PRELUDE}
reclaim(tonumber(ARGV[3]))
local totals = redis.call('HMGET', KEYS[1], 'spent', 'reserved', 'expired', 'late')
return { tonumber(totals[1] or '0'), tonumber(totals[2] or '0'), tonumber(totals[3] or '0'), tonumber(totals[4] or '0'), current }
`);

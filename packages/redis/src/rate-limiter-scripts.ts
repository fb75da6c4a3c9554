import { LUA_NOW, redisScript } from './redis-script.js';

// KEYS[1]: the bucket hash { tokens, at (server ms of the last refill), paused (server ms) }.
// Tokens accrue at perMs from max(at, paused): nothing accrues during a pause,
// as in core's tokenBucket. A bucket idle long enough to be full again expires,
// and a missing bucket reads as full, so idle limiters leave no keys behind.
const PRELUDE = `${LUA_NOW}
local perMs, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'paused')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
local paused = tonumber(state[3]) or 0
local from = math.max(at, paused)
if now > from then tokens = math.min(burst, tokens + (now - from) * perMs) end
if now > at then at = now end
-- tostring keeps 14 digits, a tenth of a millisecond at today's epoch: store and return all 17.
local function exact(x) return string.format('%.17g', x) end
local function save()
  redis.call('HSET', KEYS[1], 'tokens', exact(tokens), 'at', exact(at), 'paused', exact(paused))
  local idle = math.ceil((burst - tokens) / perMs + math.max(0, paused - now)) + 1000
  redis.call('PEXPIRE', KEYS[1], idle)
end
`;

/**
 * ARGV: perMs, burst. Takes a token when one is there. Returns
 * `[waitMs, nowMs]` as strings: `waitMs` 0 means granted at server time
 * `nowMs`; otherwise how long until the next token (or the pause's end).
 */
export const TAKE = redisScript(`${PRELUDE}
local wait = 0
if now < paused then
  wait = paused - now
elseif tokens >= 1 - 1e-9 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / perMs
end
save()
return { exact(wait), exact(now) }
`);

/** ARGV: perMs, burst, ms. Grants nothing until `ms` from now; a shorter pause never cuts a longer one. */
export const PAUSE = redisScript(`${PRELUDE}
paused = math.max(paused, now + tonumber(ARGV[3]))
save()
return 1
`);

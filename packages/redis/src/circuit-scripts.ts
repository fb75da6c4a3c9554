import { LUA_NOW, redisScript } from './redis-script.js';

// KEYS[1] state hash { state ('closed' | 'open'), openedAt (server ms), generation, consecutive, reason }
// KEYS[2] calls zset and KEYS[3] failures zset of the failure-ratio window (member: call id, score: server ms)
// Half-open is derived, not stored: an open circuit is half-open once
// halfOpenAfterMs has passed since openedAt, on every process at once.
// The generation moves on every open and close; outcomes of permits from an
// older generation no longer count (as in core's breaker).
// Every reply is { state, remainingOpenMs, generation, reason }.
const PRELUDE = `${LUA_NOW}
local halfOpenAfter = tonumber(ARGV[1])
local channel = ARGV[2]
local s = redis.call('HMGET', KEYS[1], 'state', 'openedAt', 'generation', 'reason')
local state, openedAt, generation, reason = s[1] or 'closed', tonumber(s[2]) or 0, tonumber(s[3]) or 0, s[4] or ''
local function view()
  if state == 'open' then
    local remaining = openedAt + halfOpenAfter - now
    if remaining <= 0 then return { 'half-open', '0', generation, reason } end
    return { 'open', tostring(remaining), generation, reason }
  end
  return { 'closed', '0', generation, reason }
end
local function move(next, why)
  state = next
  generation = generation + 1
  reason = why
  if next == 'open' then openedAt = now end
  redis.call('HSET', KEYS[1], 'state', state, 'openedAt', tostring(openedAt), 'generation', generation, 'reason', reason, 'consecutive', 0)
  redis.call('DEL', KEYS[2], KEYS[3])
  local v = view()
  redis.call('PUBLISH', channel, table.concat({ v[1], v[2], tostring(v[3]), v[4] }, '|'))
end
`;

/** ARGV: halfOpenAfterMs, channel. Reads the shared state. */
export const CIRCUIT_STATE = redisScript(`${PRELUDE}
return view()
`);

/**
 * ARGV: halfOpenAfterMs, channel, success (1/0), probe (1/0), generation,
 * consecutiveFailures (-1: off), failureRatio (-1: off), minimumCalls, windowMs, call id.
 */
export const CIRCUIT_RECORD = redisScript(`${PRELUDE}
local success, probe, permitGeneration = ARGV[3] == '1', ARGV[4] == '1', tonumber(ARGV[5])
local maxConsecutive, ratio, minimumCalls, windowMs, id = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10]
if permitGeneration ~= generation then return view() end
if probe then
  if view()[1] ~= 'half-open' then return view() end
  if success then move('closed', '') else move('open', 'opened after a probe call failed') end
  return view()
end
if state ~= 'closed' then return view() end
local consecutive = 0
if not success then consecutive = redis.call('HINCRBY', KEYS[1], 'consecutive', 1) else redis.call('HSET', KEYS[1], 'consecutive', 0) end
local calls, failures = 0, 0
if ratio >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - windowMs)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - windowMs)
  redis.call('ZADD', KEYS[2], now, id)
  if not success then redis.call('ZADD', KEYS[3], now, id) end
  redis.call('PEXPIRE', KEYS[2], windowMs)
  redis.call('PEXPIRE', KEYS[3], windowMs)
  calls, failures = redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3])
end
if not success then
  if maxConsecutive > 0 and consecutive >= maxConsecutive then
    move('open', 'opened after ' .. consecutive .. ' consecutive failures')
  elseif ratio >= 0 and calls >= minimumCalls and failures / calls >= ratio then
    move('open', 'opened after ' .. failures .. ' of the last ' .. calls .. ' calls failed within ' .. windowMs .. ' ms')
  end
end
return view()
`);

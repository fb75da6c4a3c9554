import { LUA_NOW, redisScript } from './redis-script.js';

// KEYS[1]: sorted set of grants in the window (member: grant id, score: server ms).
// KEYS[2]: hash grant id -> tokens charged.
// KEYS[3]: hash of state: used (tokens in the window), paused (server ms),
//          creq/creqUntil and ctok/ctokUntil (usage the provider reported that
//          no process here granted, until its reset), lreq/ltok (provider limits).
// KEYS[4]: hash of the processes whose next caller does not fit yet: owner ->
//          "since tokens until" (when it first waited, what it waits for, when
//          the claim lapses unless renewed). Callers behind an older claim
//          leave room for it, so a large request is not starved by the small
//          ones of other processes.
// ARGV[1..3]: requests per window (0: unmetered), tokens per window (0: unmetered), window ms.
// Grants leave the window at score + window: the same sliding window as core's rateLimit.
const PRELUDE = `${LUA_NOW}
local rpm, tpm, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if rpm == 0 then rpm = math.huge end
if tpm == 0 then tpm = math.huge end
local st = redis.call('HMGET', KEYS[3], 'used', 'paused', 'creq', 'creqUntil', 'ctok', 'ctokUntil', 'lreq', 'ltok')
local used = tonumber(st[1]) or 0
local paused = tonumber(st[2]) or 0
local creq, creqUntil = tonumber(st[3]) or 0, tonumber(st[4]) or 0
local ctok, ctokUntil = tonumber(st[5]) or 0, tonumber(st[6]) or 0
if st[7] then rpm = math.min(rpm, tonumber(st[7])) end
if st[8] then tpm = math.min(tpm, tonumber(st[8])) end
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - window)
-- One id at a time: unpack() of thousands of ids would overflow Lua's stack.
for i = 1, #old do
  used = used - (tonumber(redis.call('HGET', KEYS[2], old[i])) or 0)
  redis.call('HDEL', KEYS[2], old[i])
end
if #old > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window) end
local count = redis.call('ZCARD', KEYS[1])
if count == 0 then used = 0 end
local function exact(x) return string.format('%.17g', x) end
local function save()
  redis.call('HSET', KEYS[3], 'used', exact(used), 'paused', exact(paused), 'creq', exact(creq), 'creqUntil', exact(creqUntil), 'ctok', exact(ctok), 'ctokUntil', exact(ctokUntil))
  local ttl = math.ceil(math.max(window, paused - now, creqUntil - now, ctokUntil - now)) + 1000
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ttl) end
end
local function fits(t, w, n, u)
  if t < paused then return false end
  local xr, xt = 0, 0
  if creqUntil > t then xr = creq end
  if ctokUntil > t then xt = ctok end
  if n + xr + 1 > rpm then return false end
  return u + xt + math.min(w, tpm) <= tpm or (n == 0 and xt == 0 and u <= 0)
end
`;

/**
 * ARGV: rpm, tpm, window, owner, lease, n, then n triples tokens, id, age
 * (one process's callers in the order they queued; age: ms since each
 * queued). Grants them in that order while each fits beside the claims of
 * callers of other processes that queued before it (KEYS[4]); stops at the
 * first that does not, and claims room for it (renewed on every ask, lapsing
 * `lease` ms after it should fit). Returns `[granted, waitMs, nowMs]` as
 * strings: how many were granted at server time `nowMs`, and when some were
 * not, how long until the first of those would fit (from the window's
 * expiries, the pause, the provider corrections and the older claims; 0 when
 * all were granted).
 */
export const TAKE_WEIGHTED = redisScript(`${PRELUDE}
local owner, lease, n = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local others = {}
local claims = redis.call('HGETALL', KEYS[4])
for i = 1, #claims, 2 do
  local since, tokens, untill = string.match(claims[i + 1], '^(%S+) (%S+) (%S+)$')
  if tonumber(untill) <= now then
    redis.call('HDEL', KEYS[4], claims[i])
  elseif claims[i] ~= owner then
    -- The third figure: when that caller should fit (its claim lapses 'lease' later).
    others[#others + 1] = { tonumber(since), math.min(tonumber(tokens), tpm), tonumber(untill) - lease }
  end
end
-- Requests and tokens claimed by callers of other processes that queued before 'since'.
local function ahead(since)
  local ar, at = 0, 0
  for i = 1, #others do
    if others[i][1] < since then
      ar = ar + 1
      at = at + others[i][2]
    end
  end
  return ar, at
end
local function room(t, w, c, u, ar, at)
  if ar == 0 then return fits(t, w, c, u) end
  if t < paused then return false end
  local xr, xt = 0, 0
  if creqUntil > t then xr = creq end
  if ctokUntil > t then xt = ctok end
  if c + xr + ar + 1 > rpm then return false end
  return u + xt + math.min(at, tpm) + math.min(w, tpm) <= tpm
end
local granted = 0
while granted < n do
  local base = 7 + 3 * granted
  local w, id, since = tonumber(ARGV[base]), ARGV[base + 1], now - tonumber(ARGV[base + 2])
  local ar, at = ahead(since)
  if not room(now, w, count, used, ar, at) then break end
  redis.call('ZADD', KEYS[1], now, id)
  redis.call('HSET', KEYS[2], id, exact(w))
  used = used + w
  count = count + 1
  granted = granted + 1
end
local wait = 0
if granted < n then
  local base = 7 + 3 * granted
  local w, since = tonumber(ARGV[base]), now - tonumber(ARGV[base + 2])
  local ar, at = ahead(since)
  local grants = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
  local t = math.max(now, paused)
  local c, u, i = count, used, 1
  while true do
    while i <= #grants and tonumber(grants[i + 1]) + window <= t do
      c = c - 1
      u = u - (tonumber(redis.call('HGET', KEYS[2], grants[i])) or 0)
      i = i + 2
    end
    if room(t, w, c, u, ar, at) then break end
    local nxt = math.huge
    if i <= #grants then nxt = tonumber(grants[i + 1]) + window end
    if creqUntil > t and creqUntil < nxt then nxt = creqUntil end
    if ctokUntil > t and ctokUntil < nxt then nxt = ctokUntil end
    if nxt == math.huge then
      -- Only older claims stand in the way: ask again when the first of them should have been granted.
      for j = 1, #others do
        if others[j][1] < since and others[j][3] > t and others[j][3] < nxt then nxt = others[j][3] end
      end
      if nxt ~= math.huge then t = nxt end
      break
    end
    t = nxt
  end
  wait = math.max(t - now, 0.001)
  redis.call('HSET', KEYS[4], owner, exact(since) .. ' ' .. exact(w) .. ' ' .. exact(now + wait + lease))
else
  redis.call('HDEL', KEYS[4], owner)
end
save()
return { tostring(granted), exact(wait), exact(now) }
`);

/** ARGV: rpm, tpm, window, owner. Withdraws the owner's claim (its queue emptied before its caller fitted). */
export const UNCLAIM = redisScript(`${PRELUDE}
redis.call('HDEL', KEYS[4], ARGV[4])
save()
return 1
`);

/** ARGV: rpm, tpm, window, id, actual. Replaces a grant's charged tokens while it is in the window; returns 1 when it was. */
export const RECONCILE = redisScript(`${PRELUDE}
local id, actual = ARGV[4], tonumber(ARGV[5])
local charged = tonumber(redis.call('HGET', KEYS[2], id))
if not charged then save() return 0 end
used = used + actual - charged
redis.call('HSET', KEYS[2], id, exact(actual))
save()
return 1
`);

/** ARGV: rpm, tpm, window, ms. Grants nothing until `ms` from now; a shorter pause never cuts a longer one. */
export const PAUSE_WEIGHTED = redisScript(`${PRELUDE}
paused = math.max(paused, now + tonumber(ARGV[4]))
save()
return 1
`);

/**
 * ARGV: rpm, tpm, window, limitRequests, remainingRequests, resetRequestsMs,
 * limitTokens, remainingTokens, resetTokensMs ('' when absent). Applies the
 * provider's figures the way core's rateLimit does: a lower limit lowers the
 * quota; a remaining count below what is left here is held as used until its reset.
 */
export const OBSERVE = redisScript(`${PRELUDE}
local function num(x) if x == '' then return nil end return tonumber(x) end
local lreq, rreq, sreq = num(ARGV[4]), num(ARGV[5]), num(ARGV[6])
local ltok, rtok, stok = num(ARGV[7]), num(ARGV[8]), num(ARGV[9])
if lreq and lreq >= 1 and lreq < rpm then rpm = lreq; redis.call('HSET', KEYS[3], 'lreq', exact(lreq)) end
if ltok and ltok >= 1 and ltok < tpm then tpm = ltok; redis.call('HSET', KEYS[3], 'ltok', exact(ltok)) end
if rreq and rpm ~= math.huge then
  if creqUntil <= now then creq = 0 end
  local missing = rpm - count - creq - rreq
  if missing > 0 then
    creq = creq + missing
    creqUntil = math.max(creqUntil, now + math.min(sreq or window, window))
  end
end
if rtok and tpm ~= math.huge then
  if ctokUntil <= now then ctok = 0 end
  local missing = tpm - used - ctok - rtok
  if missing > 0 then
    ctok = ctok + missing
    ctokUntil = math.max(ctokUntil, now + math.min(stok or window, window))
  end
end
save()
return 1
`);

/** ARGV: rpm, tpm, window, id. Takes a grant out of the window altogether (its caller left before using it). */
export const RELEASE = redisScript(`${PRELUDE}
local id = ARGV[4]
local charged = tonumber(redis.call('HGET', KEYS[2], id))
if charged then
  used = used - charged
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[1], id)
end
save()
return 1
`);

/** ARGV: rpm, tpm, window, id, tokens. The request goes out now: move its grant to now (re-adding it when it already left the window). */
export const START = redisScript(`${PRELUDE}
local id, w = ARGV[4], tonumber(ARGV[5])
local charged = tonumber(redis.call('HGET', KEYS[2], id))
if not charged then
  redis.call('HSET', KEYS[2], id, exact(w))
  used = used + w
end
redis.call('ZADD', KEYS[1], now, id)
save()
return 1
`);

-- Checks every limit of a request, then counts it against all of them, or against none.
-- ARGV[1]: {ticket, leaseMs, idleMs, windows:[{k, bucketMs, buckets, limit, weight}],
--           parallel:[{k, limit}], budgets:[{k, x, limit, amount}]}; k and x index KEYS.
local plan = cjson.decode(ARGV[1])
local now = now_ms()
local out = { now = tostring(now), windows = {}, parallel = {}, budgets = {} }
local refused, unbuilt = false, false

local windows = {}
for i, w in ipairs(plan.windows) do
  local key = KEYS[w.k]
  local state = window_read(key, w.bucketMs, w.buckets, now)
  windows[i] = state
  local fits = state.total + w.weight <= w.limit
  local entry = { used = tostring(state.total), reset = tostring(window_reset(state, w.bucketMs, w.buckets, now)), refused = not fits }
  if not fits then
    refused = true
    entry.retry = tostring(window_retry(key, state, w.bucketMs, w.buckets, w.limit, w.weight, now))
  end
  out.windows[i] = entry
end

for i, p in ipairs(plan.parallel) do
  local key = KEYS[p.k]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local used = redis.call('ZCARD', key)
  local fits = used + 1 <= p.limit
  if not fits then refused = true end
  out.parallel[i] = { used = tostring(used), refused = not fits }
end

local budgets = {}
for i, b in ipairs(plan.budgets) do
  local state = budget_read(KEYS[b.k], KEYS[b.x], now)
  budgets[i] = state
  if not state then
    unbuilt = true
    out.budgets[i] = { unbuilt = true, spend = '0', reserved = '0', refused = false }
  else
    local committed = state.spend + state.reserved
    local fits = committed + b.amount <= b.limit and committed < b.limit
    if not fits then refused = true end
    out.budgets[i] = { spend = fmt(state.spend), reserved = fmt(state.reserved), refused = not fits, unbuilt = false }
  end
end

if unbuilt then
  out.status = 'unbuilt'
  return cjson.encode(out)
end
if refused then
  out.status = 'refused'
  return cjson.encode(out)
end

for i, w in ipairs(plan.windows) do
  window_add(KEYS[w.k], windows[i], w.bucketMs, w.buckets, w.weight, windows[i].current)
  out.windows[i].used = tostring(windows[i].total + w.weight)
  out.windows[i].reset = tostring((windows[i].current + w.buckets) * w.bucketMs - now)
  if w.weight == 0 then out.windows[i].reset = tostring(window_reset(windows[i], w.bucketMs, w.buckets, now)) end
end
for i, p in ipairs(plan.parallel) do
  redis.call('ZADD', KEYS[p.k], now + plan.leaseMs, plan.ticket)
  redis.call('PEXPIRE', KEYS[p.k], plan.leaseMs * 2)
  out.parallel[i].used = tostring(tonumber(out.parallel[i].used) + 1)
end
for i, b in ipairs(plan.budgets) do
  local key, expiries = KEYS[b.k], KEYS[b.x]
  local reserved = budgets[i].reserved + b.amount
  redis.call('HSET', key, 'rv', fmt(reserved), 'r:' .. plan.ticket, fmt(b.amount))
  redis.call('ZADD', expiries, now + plan.leaseMs, plan.ticket)
  redis.call('PEXPIRE', key, plan.idleMs)
  redis.call('PEXPIRE', expiries, plan.idleMs)
  out.budgets[i].reserved = fmt(reserved)
end
out.status = 'admitted'
return cjson.encode(out)

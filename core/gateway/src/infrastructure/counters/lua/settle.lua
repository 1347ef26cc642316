-- Ends an admitted request: token windows corrected to what was really used, its parallel slot
-- freed, its reservations closed and the real cost added to spend.
-- ARGV[1]: {ticket, idleMs, windows:[{k, bucketMs, buckets, bucket, correction}], parallel:[k],
--           budgets:[{k, x, cost}]}
local plan = cjson.decode(ARGV[1])
local now = now_ms()
local out = { budgets = {} }

for _, w in ipairs(plan.windows) do
  if w.correction ~= 0 then
    local key = KEYS[w.k]
    local state = window_read(key, w.bucketMs, w.buckets, now)
    local field = tostring(w.bucket)
    local current = redis.call('HGET', key, field)
    if current and w.bucket >= state.first then
      local updated = math.max(0, tonumber(current) + w.correction)
      redis.call('HSET', key, field, updated, 't', math.max(0, state.total + updated - tonumber(current)))
    elseif w.correction > 0 then
      window_add(key, state, w.bucketMs, w.buckets, w.correction, state.current)
    end
  end
end

for _, k in ipairs(plan.parallel) do
  redis.call('ZREM', KEYS[k], plan.ticket)
end

for i, b in ipairs(plan.budgets) do
  local key, expiries = KEYS[b.k], KEYS[b.x]
  local state = budget_read(key, expiries, now)
  if not state then
    out.budgets[i] = { gen = '' }
  else
    local reserved = budget_unreserve(key, expiries, plan.ticket, state.reserved)
    local spend = state.spend + b.cost
    redis.call('HSET', key, 's', fmt(spend), 'rv', fmt(reserved))
    redis.call('PEXPIRE', key, plan.idleMs)
    out.budgets[i] = { gen = state.gen, before = fmt(state.spend), after = fmt(spend) }
  end
end
return cjson.encode(out)

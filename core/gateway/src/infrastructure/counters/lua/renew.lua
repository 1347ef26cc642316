-- Extends the leases of requests still running, so only a crashed instance's leases expire.
-- ARGV[1]: {leaseMs, leases:[{k, ticket}]}: k is a parallel set or a reservation expiry set.
local plan = cjson.decode(ARGV[1])
local now = now_ms()
for _, lease in ipairs(plan.leases) do
  local key = KEYS[lease.k]
  redis.call('ZADD', key, 'XX', now + plan.leaseMs, lease.ticket)
  -- A parallel set expires twice its lease after its last admission: a request running longer than
  -- that (a realtime session) must keep the set alive, or its slot would vanish with it.
  local ttl = redis.call('PTTL', key)
  if ttl >= 0 and ttl < plan.leaseMs * 2 then redis.call('PEXPIRE', key, plan.leaseMs * 2) end
end
return 1

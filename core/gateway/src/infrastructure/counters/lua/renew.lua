-- Extends the leases of requests still running, so only a crashed instance's leases expire.
-- ARGV[1]: {leaseMs, leases:[{k, ticket}]}: k is a parallel set or a reservation expiry set.
local plan = cjson.decode(ARGV[1])
local now = now_ms()
for _, lease in ipairs(plan.leases) do
  redis.call('ZADD', KEYS[lease.k], 'XX', now + plan.leaseMs, lease.ticket)
end
return 1

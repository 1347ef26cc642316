-- Completes a rebuild from a database snapshot read after the mark was set: spend is the snapshot
-- plus whatever was flushed after it. KEYS[1]: budget hash; ARGV: gen, spend, version, idleMs.
local data = redis.call('HMGET', KEYS[1], 'st', 'g')
if data[1] ~= 'b' or data[2] ~= ARGV[1] then return 0 end
local spend = tonumber(ARGV[2])
local version = tonumber(ARGV[3])
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local name = fields[i]
  if string.sub(name, 1, 2) == 'a:' then
    if tonumber(string.sub(name, 3)) > version then spend = spend + tonumber(fields[i + 1]) end
    redis.call('HDEL', KEYS[1], name)
  end
end
redis.call('HSET', KEYS[1], 'st', 'r', 's', fmt(spend), 'v', ARGV[3], 'rv', '0')
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1

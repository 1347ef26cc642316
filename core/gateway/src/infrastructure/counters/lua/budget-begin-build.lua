-- Marks a missing budget counter as being rebuilt, before the database is read, so that spend
-- flushed meanwhile is noted on it (see reconcile). Returns {state, gen}.
-- KEYS[1]: budget hash; ARGV[1]: a new generation; ARGV[2]: how long the mark may live (ms).
local state = redis.call('HGET', KEYS[1], 'st')
if state then
  return { state, redis.call('HGET', KEYS[1], 'g') or '' }
end
redis.call('HSET', KEYS[1], 'st', 'b', 'g', ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return { 'b', ARGV[1] }

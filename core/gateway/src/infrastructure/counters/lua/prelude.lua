-- Shared by every Conduit counter script (prepended at load time).
-- Amounts are whole nano-dollars, exact in Lua's doubles up to 2^53; '%.17g' writes them as integers.
local function num(value)
  if value then return tonumber(value) end
  return 0
end

local function fmt(value)
  return string.format('%.17g', value)
end

local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- A sliding window kept as buckets: field <bucket number> holds the weight added in that bucket,
-- 't' the total, 'o' the oldest and 'n' the newest bucket that may hold weight.
local function window_read(key, bucket_ms, buckets, now)
  local current = math.floor(now / bucket_ms)
  local first = current - buckets + 1
  local data = redis.call('HMGET', key, 't', 'o', 'n')
  local total, oldest, newest = num(data[1]), tonumber(data[2]), tonumber(data[3])
  if not oldest or not newest or newest < first then
    if oldest then redis.call('DEL', key) end
    return { total = 0, oldest = current, newest = current, current = current, first = first, empty = true }
  end
  if oldest < first then
    for bucket = oldest, first - 1 do
      local field = tostring(bucket)
      local weight = redis.call('HGET', key, field)
      if weight then
        total = total - tonumber(weight)
        redis.call('HDEL', key, field)
      end
    end
    oldest = first
    redis.call('HSET', key, 't', total, 'o', oldest)
  end
  return { total = total, oldest = oldest, newest = newest, current = current, first = first, empty = false }
end

-- Milliseconds until every counted weight has left the window.
local function window_reset(state, bucket_ms, buckets, now)
  if state.total <= 0 then return 0 end
  return (state.newest + buckets) * bucket_ms - now
end

-- Milliseconds until `weight` more fits under `limit`; -1 when it never can.
local function window_retry(key, state, bucket_ms, buckets, limit, weight, now)
  if weight > limit then return -1 end
  local freed = 0
  for bucket = state.oldest, state.newest do
    freed = freed + num(redis.call('HGET', key, tostring(bucket)))
    if state.total - freed + weight <= limit then
      return (bucket + buckets) * bucket_ms - now
    end
  end
  return (state.newest + buckets) * bucket_ms - now
end

local function window_add(key, state, bucket_ms, buckets, weight, bucket)
  if weight == 0 then return end
  redis.call('HINCRBY', key, tostring(bucket), weight)
  local oldest = state.oldest
  if state.empty or bucket < oldest then oldest = bucket end
  if state.empty or bucket > state.newest then
    redis.call('HSET', key, 't', state.total + weight, 'o', oldest, 'n', bucket)
    -- The key outlives its newest bucket's window; set once per new bucket, not per request.
    redis.call('PEXPIRE', key, (buckets + 1) * bucket_ms)
  else
    redis.call('HSET', key, 't', state.total + weight, 'o', oldest)
  end
end

-- Budget counters: 'st' is 'b' (being rebuilt from the database) or 'r' (ready); 'g' the build's
-- generation, 'v' the database version it was built from, 's' settled spend, 'rv' the sum of open
-- reservations, 'r:<ticket>' each reservation. The companion sorted set holds reservation expiries.
local function budget_read(key, expiries, now)
  local data = redis.call('HMGET', key, 'st', 's', 'rv', 'g')
  if data[1] ~= 'r' then return nil end
  local reserved = num(data[3])
  local expired = redis.call('ZRANGEBYSCORE', expiries, '-inf', now, 'LIMIT', 0, 1000)
  if #expired > 0 then
    for _, ticket in ipairs(expired) do
      local amount = redis.call('HGET', key, 'r:' .. ticket)
      if amount then
        reserved = reserved - tonumber(amount)
        redis.call('HDEL', key, 'r:' .. ticket)
      end
      redis.call('ZREM', expiries, ticket)
    end
    if redis.call('ZCARD', expiries) == 0 or reserved < 0 then reserved = 0 end
    redis.call('HSET', key, 'rv', fmt(reserved))
  end
  return { spend = num(data[2]), reserved = reserved, gen = data[4] }
end

-- Closes a reservation; returns what it had reserved.
local function budget_unreserve(key, expiries, ticket, reserved)
  local amount = redis.call('HGET', key, 'r:' .. ticket)
  if not amount then return reserved end
  redis.call('HDEL', key, 'r:' .. ticket)
  redis.call('ZREM', expiries, ticket)
  reserved = reserved - tonumber(amount)
  if redis.call('ZCARD', expiries) == 0 or reserved < 0 then reserved = 0 end
  return reserved
end

-- After spend reached the database (at `version` of its row): a counter that did not count it when
-- the request settled (built since, or missing then) takes it now, unless its snapshot had it.
-- ARGV[1]: {entries:[{k, gen, version, amount}]}
local plan = cjson.decode(ARGV[1])
for _, entry in ipairs(plan.entries) do
  local key = KEYS[entry.k]
  local data = redis.call('HMGET', key, 'st', 'g', 'v', 's')
  if data[1] == 'r' then
    if data[2] ~= entry.gen and entry.version > tonumber(data[3]) then
      redis.call('HSET', key, 's', fmt(num(data[4]) + entry.amount))
    end
  elseif data[1] == 'b' then
    local field = 'a:' .. string.format('%d', entry.version)
    redis.call('HSET', key, field, fmt(num(redis.call('HGET', key, field)) + entry.amount))
  end
end
return 1

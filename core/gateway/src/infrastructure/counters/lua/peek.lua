-- Reads windows without counting anything (for responses that are not billed).
-- ARGV[1]: {windows:[{k, bucketMs, buckets}]}
local plan = cjson.decode(ARGV[1])
local now = now_ms()
local out = { windows = {} }
for i, w in ipairs(plan.windows) do
  local state = window_read(KEYS[w.k], w.bucketMs, w.buckets, now)
  out.windows[i] = { used = tostring(state.total), reset = tostring(window_reset(state, w.bucketMs, w.buckets, now)) }
end
return cjson.encode(out)

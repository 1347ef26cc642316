-- KEYS: the budget hash and its reservation expiries. Returns nil until the counter is built.
local state = budget_read(KEYS[1], KEYS[2], now_ms())
if not state then return nil end
return cjson.encode({ spend = fmt(state.spend), reserved = fmt(state.reserved) })

"""Lua scripts that Redis runs atomically for tracking-service."""

# Apply one order change. The status history gets one entry per version, whatever
# the order in which versions arrive. The hash, the event stream and the channel
# change only when the version is newer than the stored one.
#
# KEYS: 1 tracking hash, 2 history sorted set, 3 event stream
# ARGV: 1 numero, 2 cliente_id, 3 estado, 4 version, 5 actualizado_en,
#       6 sincronizado_en, 7 history entry JSON, 8 Tracking JSON, 9 stream MAXLEN,
#       10 channel
# Returns {applied (1 or 0), current version}.
APPLY_CHANGE = """
local version = tonumber(ARGV[4])
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if redis.call('ZCOUNT', KEYS[2], version, version) == 0 then
  redis.call('ZADD', KEYS[2], version, ARGV[7])
end
if version <= current then
  return {0, current}
end
redis.call('HSET', KEYS[1],
  'numero', ARGV[1], 'cliente_id', ARGV[2], 'estado', ARGV[3],
  'version', ARGV[4], 'actualizado_en', ARGV[5], 'sincronizado_en', ARGV[6])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[9], '*',
  'cliente_id', ARGV[2], 'data', ARGV[8])
redis.call('PUBLISH', ARGV[10], ARGV[8])
return {1, version}
"""

# Take a lease on one of a user's live stream slots. Leases expire unless they are
# refreshed, so the slots of a crashed worker free themselves. Time comes from the
# Redis server, so replicas with skewed clocks agree.
#
# KEYS: 1 the user's lease sorted set
# ARGV: 1 lease id, 2 max leases, 3 lease duration in ms
# Returns 1 when the lease was taken, 0 when the user has no free slot.
ACQUIRE_LEASE = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now_ms + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
"""

# Extend a lease taken by ACQUIRE_LEASE. Returns 0 when the lease has already
# expired and been removed, 1 otherwise.
#
# KEYS: 1 the user's lease sorted set
# ARGV: 1 lease id, 2 lease duration in ms
REFRESH_LEASE = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false then
  return 0
end
redis.call('ZADD', KEYS[1], now_ms + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""

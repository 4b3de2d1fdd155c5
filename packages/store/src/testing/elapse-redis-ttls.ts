// Makes a Redis server behave as if `ms` had passed for every key with a TTL, so TTL tests run
// against real Redis without sleeping: each key's remaining TTL shrinks by `ms`, or it is deleted.
import type { Redis } from "ioredis";

const script = `
local cursor = "0"
local elapsed = tonumber(ARGV[1])
repeat
  local page = redis.call("SCAN", cursor, "COUNT", 1000)
  cursor = page[1]
  for _, key in ipairs(page[2]) do
    local ttl = redis.call("PTTL", key)
    if ttl > 0 then
      if ttl <= elapsed then redis.call("DEL", key) else redis.call("PEXPIRE", key, ttl - elapsed) end
    end
  end
until cursor == "0"
return 0
`;

export async function elapseRedisTtls(client: Redis, ms: number): Promise<void> {
  await client.eval(script, 0, String(ms));
}

import type { Redis } from "ioredis";

/** Answers 0 when an attempt may go now, or how many ms to wait for the next token. */
export interface RateLimiter {
  take(endpointId: string, perSecond: number): Promise<number>;
}

// Token bucket with capacity = rate (one second of burst), refilled continuously.
// Shared across worker processes through Redis so the endpoint's limit is global.
const TOKEN_BUCKET_LUA = `
local rate = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1]) or rate
local ts = tonumber(b[2]) or now
tokens = math.min(rate, tokens + (now - ts) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 't', tokens, 'ts', now)
redis.call('PEXPIRE', KEYS[1], 60000)
return wait`;

export function redisRateLimiter(redis: Redis): RateLimiter {
  return {
    async take(endpointId, perSecond) {
      const wait = await redis.eval(TOKEN_BUCKET_LUA, 1, `herald:rl:${endpointId}`, perSecond, Date.now());
      return Number(wait);
    },
  };
}

/** The same bucket in process memory, for a single worker without Redis. */
export function localRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; ts: number }>();
  return {
    async take(endpointId, perSecond) {
      const t = now();
      const b = buckets.get(endpointId) ?? { tokens: perSecond, ts: t };
      b.tokens = Math.min(perSecond, b.tokens + ((t - b.ts) * perSecond) / 1000);
      b.ts = t;
      buckets.set(endpointId, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - b.tokens) * 1000) / perSecond);
    },
  };
}

import type { Redis } from 'ioredis';

import type { BudgetDecision, BudgetWindow, SharedRateBudget } from '../../core';

/**
 * Fixed windows aligned to the venue's clock, checked and spent in one atomic script: all windows or none.
 * Why fixed windows and not GCRA: Binance counts REQUEST_WEIGHT and ORDERS per fixed window (the
 * X-MBX-USED-WEIGHT-1M header resets on the minute), so counting the same windows spends the whole budget
 * and never more; a GCRA smooths the rate and either wastes budget or overshoots at window boundaries.
 * Keys are built inside the script, which standalone Redis allows (a cluster would need hash tags).
 */
const SCRIPT = `
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local retry = 0
for i = 0, n - 1 do
  local interval = tonumber(ARGV[3 + i * 4])
  local limit = tonumber(ARGV[4 + i * 4])
  local cost = tonumber(ARGV[5 + i * 4])
  local guard = tonumber(ARGV[6 + i * 4])
  if cost > 0 then
    local start = now - (now % interval)
    local offset = now - start
    if offset < guard then
      retry = math.max(retry, start + guard)
    elseif offset >= interval - guard then
      retry = math.max(retry, start + interval + guard)
    else
      local used = tonumber(redis.call('GET', KEYS[1] .. ':' .. interval .. ':' .. start) or '0')
      if used + cost > limit then retry = math.max(retry, start + interval + guard) end
    end
  end
end
if retry > 0 then return {0, retry} end
for i = 0, n - 1 do
  local interval = tonumber(ARGV[3 + i * 4])
  local cost = tonumber(ARGV[5 + i * 4])
  if cost > 0 then
    local key = KEYS[1] .. ':' .. interval .. ':' .. (now - (now % interval))
    redis.call('INCRBY', key, cost)
    redis.call('PEXPIRE', key, interval * 2)
  end
end
return {1, 0}
`;

/** Raises each window's count to the venue's figure (max), in one call. */
const OBSERVE = `
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
for i = 0, n - 1 do
  local interval = tonumber(ARGV[3 + i * 2])
  local used = tonumber(ARGV[4 + i * 2])
  local key = KEYS[1] .. ':' .. interval .. ':' .. (now - (now % interval))
  local current = tonumber(redis.call('GET', key) or '0')
  if used > current then
    redis.call('SET', key, used, 'PX', interval * 2)
  end
end
return 1
`;

type BudgetRedis = Redis & {
  tmtReserveBudget(key: string, ...args: (string | number)[]): Promise<[number, number]>;
  tmtObserveBudget(key: string, ...args: (string | number)[]): Promise<number>;
};

export class RedisRateBudget implements SharedRateBudget {
  private readonly redis: BudgetRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    // defineCommand runs EVALSHA and falls back to EVAL once: the script is sent rarely, not per call.
    redis.defineCommand('tmtReserveBudget', { numberOfKeys: 1, lua: SCRIPT });
    redis.defineCommand('tmtObserveBudget', { numberOfKeys: 1, lua: OBSERVE });
    this.redis = redis as BudgetRedis;
  }

  async reserve(key: string, windows: readonly BudgetWindow[], now: number): Promise<BudgetDecision> {
    const args: number[] = [Math.floor(now), windows.length];
    for (const window of windows) {
      if (!Number.isSafeInteger(window.intervalMs) || window.intervalMs <= 0)
        throw new RangeError(
          `budget window intervalMs must be a positive integer, found ${window.intervalMs}`,
        );
      const guard = window.guardMs ?? 0;
      if (guard * 2 >= window.intervalMs)
        throw new RangeError(`budget window guardMs ${guard} leaves nothing of ${window.intervalMs} ms`);
      args.push(window.intervalMs, window.limit, window.cost, guard);
    }
    const [granted, retryAt] = await this.redis.tmtReserveBudget(`${this.prefix}:ratelimit:${key}`, ...args);
    return { granted: granted === 1, retryAt };
  }

  async observe(
    key: string,
    windows: readonly { intervalMs: number; used: number }[],
    now: number,
  ): Promise<void> {
    const args: number[] = [Math.floor(now), windows.length];
    for (const window of windows) args.push(window.intervalMs, window.used);
    await this.redis.tmtObserveBudget(`${this.prefix}:ratelimit:${key}`, ...args);
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RedisBroker } from '../../../src/bus/redis/redis-broker';
import { encodeExact, InstrumentId, Price, type QuoteTick } from '../../../src/core';
import { TmtAgent } from '../../../src/orchestrator/sdk';
import { eventually, startRedis, uniquePrefix, type PrivateBroker } from './servers';

describe('agent instances of one kind share the event stream (consumer group), through the SDK', () => {
  let redis: PrivateBroker;
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await redis.stop();
  });

  it('two instances in group "trend" together get every quote, none twice; decimals arrive as strings', async () => {
    const prefix = uniquePrefix();
    const engine = await RedisBroker.connect({ url: redis.url, prefix });
    const brokers = [
      await RedisBroker.connect({ url: redis.url, prefix }),
      await RedisBroker.connect({ url: redis.url, prefix }),
    ];
    const agents = await Promise.all(
      brokers.map((broker) =>
        TmtAgent.start({ agentId: 'trend-1', bus: { broker, group: 'trend' }, heartbeatMs: 60_000 }),
      ),
    );
    const got: string[][] = [[], []];
    agents.forEach((agent, index) =>
      agent.onQuote((quote) => void got[index]?.push(`${quote.occurredAt}:${quote.bid}`)),
    );
    try {
      const quotes = Array.from({ length: 300 }, (_, i): QuoteTick => ({
        type: 'QuoteTick',
        instrumentId: InstrumentId.parse('EUR_USD.PAPER'),
        bid: Price.parse('1.08000'),
        ask: Price.parse('1.08010'),
        occurredAt: 1_700_000_000_000 + i,
        recordedAt: 1_700_000_000_000 + i,
      }));
      for (let i = 0; i < quotes.length; i += 30)
        await engine.events.publish(
          quotes
            .slice(i, i + 30)
            .map((quote) => ({
              v: 1,
              origin: 'engine-1',
              id: String(quote.occurredAt),
              type: 'QuoteTick',
              stream: 'system',
              at: quote.occurredAt,
              body: encodeExact(quote),
            })),
        );
      await eventually(() => (got[0]?.length ?? 0) + (got[1]?.length ?? 0) >= 300, 'all quotes shared out');
      const all = [...(got[0] ?? []), ...(got[1] ?? [])];
      expect(new Set(all).size).toBe(300);
      expect(all.length).toBe(300);
      expect(all[0]).toMatch(/:1\.08000$/);
    } finally {
      for (const agent of agents) agent.close();
      for (const broker of [engine, ...brokers]) await broker.close();
    }
  }, 60_000);
});

/** The venue contract's scenarios (venue-contract.ts): What the venue declares and lists: capabilities, instruments, the account, streamed market data. */
import { expect, it } from 'vitest';
import { Decimal, Price } from '../../src/core';
import type { MarketDataEvent } from '../../src/core';
import type { VenueContractContext } from './venue-contract-context';

export function venueContractBasics(c: VenueContractContext): void {
  const { caps, tick, waitFor } = c;
  it('declares coherent capabilities', () => {
    expect(caps().orderTypes.length).toBeGreaterThan(0);
    for (const type of Object.keys(caps().timeInForce)) expect(caps().orderTypes).toContain(type);
    expect(caps().clientOrderId.maxLength).toBeGreaterThan(0);
  });

  it('lists instruments with positive increments', async () => {
    const instruments = await c.f().client.instruments();
    expect(instruments.length).toBeGreaterThan(0);
    for (const i of instruments) {
      expect(i.priceIncrement.isPositive()).toBe(true);
      expect(i.sizeIncrement.isPositive()).toBe(true);
    }
  });

  it('reports the account with balances', async () => {
    const account = await c.f().client.account(c.f().accountId);
    expect(account.accountId).toBe(c.f().accountId);
    expect(account.balances.length).toBeGreaterThan(0);
  });

  it('streams market data with bid below ask (checked on the streamed events)', async () => {
    const events: MarketDataEvent[] = [];
    const stop = c.f().client.subscribeMarketData([c.f().instrumentId], (event) => events.push(event));
    const sides = (event: MarketDataEvent): { bid: Price; ask: Price } | undefined => {
      if (event.type === 'QuoteTick') return { bid: event.bid, ask: event.ask };
      const [bid, ask] = event.type === 'OrderBookUpdate' && event.kind === 'snapshot' && event.valid ? [event.bids[0], event.asks[0]] : [];
      return bid === undefined || ask === undefined ? undefined : { bid: bid.price, ask: ask.price };
    };
    try {
      // A venue that streams only on change is moved to its own mid, so that it publishes; the subscription
      // is made asynchronously, so the move repeats until something has arrived.
      const { bid, ask } = await c.f().market.quote(c.f().instrumentId);
      const mid = Price.roundToTick(bid.add(ask).div(Decimal.fromInteger(2), tick().scale + 2, 'half-even'), tick(), 'down');
      await waitFor('a streamed quote or book top', async () => {
        if (events.some((e) => sides(e) !== undefined)) return true;
        await c.f().market.movePrice(c.f().instrumentId, mid);
        return undefined;
      });
      expect(events.every((e) => e.instrumentId === c.f().instrumentId)).toBe(true);
      for (const top of events.map(sides)) if (top !== undefined) expect(top.bid.lt(top.ask), `bid ${top.bid.toString()} ask ${top.ask.toString()}`).toBe(true);
    } finally {
      stop();
    }
  });
}

import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, type TradingState } from '../../../src/core';
import { BTC } from './support/fake-venue';
import { createHarness, limitBuy, marketOrder, settle, type Harness } from './support/harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Advances the manual clock in steps, letting the engine's promise chains run between them. */
async function advance(h: Harness, ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    h.clock.advance(step);
    await settle(5);
  }
}

describe('unknown outcomes', () => {
  it('a lost answer after the venue took the order: unknown, never resent, settled as accepted by lookup', async () => {
    harness = await createHarness();
    harness.venue.faults = ['lost-answer-after-accept'];
    const outcome = await harness.engine.submit(limitBuy('99.00', '0.010', 'u-1'), 'test');
    expect(outcome.order.status).toBe('unknown');
    await advance(harness, 200);
    expect(harness.engine.order(ClientOrderId.parse('u-1'))?.status).toBe('accepted');
    expect(harness.venue.submitCount).toBe(1);
  });

  it('a lost request the venue never saw: unknown until every lookup finds nothing, then rejected, never resent', async () => {
    harness = await createHarness();
    harness.venue.faults = ['lost-answer-before-accept'];
    const outcome = await harness.engine.submit(limitBuy('99.00', '0.010', 'u-2'), 'test');
    expect(outcome.order.status).toBe('unknown');
    await advance(harness, 50);
    // One lookup so far found nothing: a local timeout alone never rejects.
    expect(harness.engine.order(ClientOrderId.parse('u-2'))?.status).toBe('unknown');
    await advance(harness, 2_000);
    const order = harness.engine.order(ClientOrderId.parse('u-2'));
    expect(order?.status).toBe('rejected');
    expect(order?.order.closingCode).toBe('VENUE_UNKNOWN_ORDER');
    expect(harness.venue.submitCount).toBe(1);
  });

  it('a refused connection is retried with backoff (safe: nothing was sent)', async () => {
    harness = await createHarness();
    harness.venue.faults = ['unavailable', 'unavailable'];
    const pending = harness.engine.submit(limitBuy('99.00', '0.010', 'u-3'), 'test');
    await advance(harness, 500);
    const outcome = await pending;
    expect(outcome.order.status).toBe('accepted');
    expect(harness.venue.submitCount).toBe(3);
  });

  it('an undeliverable submit goes to the dead-letter queue, survives a restart, and is retried with the same client id', async () => {
    harness = await createHarness();
    harness.venue.faults = ['unavailable', 'unavailable', 'unavailable', 'unavailable'];
    const pending = harness.engine.submit(limitBuy('99.00', '0.010', 'dl-1'), 'test');
    await advance(harness, 5_000);
    await pending;
    const letters = await harness.engine.deadLetters();
    expect(letters).toHaveLength(1);
    expect(harness.alerts.some((a) => a.kind === 'dead-letter')).toBe(true);
    harness = await harness.restart();
    expect(harness.engine.order(ClientOrderId.parse('dl-1'))?.status).toBe('submitted');
    const after = await harness.engine.deadLetters();
    expect(after.map((l) => l.id)).toEqual(letters.map((l) => l.id));
    await harness.engine.retryDeadLetter(after[0]!.id, 'admin');
    const order = harness.engine.order(ClientOrderId.parse('dl-1'));
    expect(order?.status).toBe('accepted');
    expect(harness.venue.orders.has(order!.order.venueClientOrderId!)).toBe(true);
    expect(await harness.engine.deadLetters()).toHaveLength(0);
  });
});

describe('dead letters', () => {
  it('a discarded dead letter is recorded as discarded, and its order ends rejected', async () => {
    harness = await createHarness();
    harness.venue.faults = ['unavailable', 'unavailable', 'unavailable', 'unavailable'];
    const pending = harness.engine.submit(limitBuy('99.00', '0.010', 'dl-2'), 'test');
    await advance(harness, 5_000);
    await pending;
    const [letter] = await harness.engine.deadLetters();
    await harness.engine.discardDeadLetter(letter!.id, 'admin');
    expect(await harness.engine.deadLetters()).toHaveLength(0);
    const all = await harness.store.deadLetters.list({ includeResolved: true });
    expect(all.find((l) => l.id === letter!.id)?.resolution?.kind).toBe('discarded');
    expect(harness.engine.order(ClientOrderId.parse('dl-2'))?.status).toBe('rejected');
    expect(harness.venue.submitCount).toBe(4);
  });
});

describe('state rebuild', () => {
  it('rebuilds orders and a HALT from the journal after a restart', async () => {
    harness = await createHarness();
    await harness.engine.submit(limitBuy('99.00', '0.010', 'r-1'), 'test');
    harness.engine.setTradingState('global', 'HALTED' satisfies TradingState, 'test', 'admin');
    harness = await harness.restart();
    expect(harness.engine.order(ClientOrderId.parse('r-1'))?.status).toBe('accepted');
    expect(harness.engine.tradingState('global')).toBe('HALTED');
  });

  it('rebuilds positions from a snapshot taken at stop, then the journal tail', async () => {
    harness = await createHarness();
    await harness.engine.submit(marketOrder('buy', '0.500'), 'test');
    await harness.engine.submit(marketOrder('sell', '0.800'), 'test');
    harness = await harness.restart();
    await harness.engine.submit(marketOrder('buy', '0.100'), 'test');
    harness = await harness.restart();
    expect(harness.engine.positions()[0]?.signedQuantity.toString()).toBe('-0.200');
    expect(harness.venue.net.get(BTC)?.toString()).toBe('-0.200');
  });

  it('replays from a snapshot plus the journal tail', async () => {
    harness = await createHarness();
    await harness.engine.submit(limitBuy('99.00', '0.010', 's-1'), 'test');
    await harness.engine.snapshot();
    await harness.engine.submit(limitBuy('99.00', '0.010', 's-2'), 'test');
    harness = await harness.restart();
    expect(harness.engine.order(ClientOrderId.parse('s-1'))?.status).toBe('accepted');
    expect(harness.engine.order(ClientOrderId.parse('s-2'))?.status).toBe('accepted');
  });
});

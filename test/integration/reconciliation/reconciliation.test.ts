import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, Price, Quantity, type VenueClientOrderId } from '../../../src/core';
import { ACCOUNT, BTC, FakeVenue } from '../engine/support/fake-venue';
import { createHarness, limitBuy, settle, type Harness } from '../engine/support/harness';
import { ManualClock } from '../../../src/core';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const id = ClientOrderId.parse;

async function waitFor(condition: () => boolean, h: Harness, stepMs = 0): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    if (stepMs > 0) h.clock.advance(stepMs);
    await settle(3);
  }
}

describe('reconciliation', () => {
  it('adopts an order found at the venue that the engine never saw', async () => {
    const clock = new ManualClock();
    const venue = new FakeVenue(clock);
    venue.accept({
      request: limitBuy('97.00', '0.020', 'manual-1'),
      venueClientOrderId: 'manual-1' as VenueClientOrderId,
    });
    harness = await createHarness({ clock, venue });
    const adopted = harness.engine.order(id('manual-1'));
    expect(adopted?.status).toBe('accepted');
    expect(adopted?.order.request.tag).toBe('adopted');
    expect(harness.alerts.some((a) => a.kind === 'reconciliation')).toBe(true);
    expect(harness.engine.reconciliation().accounts[0]?.state).toBe('reconciled');
  });

  it('records a fill the stream never delivered, found by the periodic open-order check', async () => {
    harness = await createHarness();
    const outcome = await harness.engine.submit(limitBuy('99.00', '0.030', 'mf-1'), 'test');
    harness.venue.fill(
      outcome.order.order.venueClientOrderId!,
      Quantity.parse('0.030'),
      Price.parse('99.00'),
      false,
    );
    expect(harness.engine.order(id('mf-1'))?.status).toBe('accepted');
    await waitFor(() => harness!.engine.order(id('mf-1'))?.status === 'filled', harness, 1_000);
    expect(harness.engine.order(id('mf-1'))?.status).toBe('filled');
    expect(harness.engine.positions(ACCOUNT)[0]?.signedQuantity.toString()).toBe('0.030');
  });

  it('settles an unknown outcome that did reach the venue as accepted, after a stream gap', async () => {
    harness = await createHarness();
    harness.venue.faults = ['lost-answer-after-accept'];
    await harness.engine.submit(limitBuy('99.00', '0.010', 'uo-1'), 'test');
    expect(harness.engine.order(id('uo-1'))?.status).toBe('unknown');
    harness.venue.push({ kind: 'gap', accountId: ACCOUNT, reason: 'sequence jump' });
    await waitFor(() => harness!.engine.order(id('uo-1'))?.status !== 'unknown', harness);
    expect(harness.engine.order(id('uo-1'))?.status).toBe('accepted');
    expect(harness.venue.submitCount).toBe(1);
  });

  it('settles an unknown outcome that never reached the venue as rejected, without resending', async () => {
    harness = await createHarness();
    harness.venue.faults = ['lost-answer-before-accept'];
    await harness.engine.submit(limitBuy('99.00', '0.010', 'uo-2'), 'test');
    harness.venue.push({ kind: 'gap', accountId: ACCOUNT, reason: 'reconnected' });
    await waitFor(() => harness!.engine.order(id('uo-2'))?.status !== 'unknown', harness);
    const order = harness.engine.order(id('uo-2'));
    expect(order?.status).toBe('rejected');
    expect(order?.order.closingCode).toBe('VENUE_UNKNOWN_ORDER');
    expect(harness.venue.submitCount).toBe(1);
  });

  it('raises a drift alert on a position mismatch and keeps the account out of ACTIVE until it matches', async () => {
    harness = await createHarness();
    harness.venue.net.set(BTC, Decimal.parse('0.5'));
    await waitFor(() => harness!.alerts.some((a) => a.kind === 'drift'), harness, 10_000);
    expect(harness.alerts.some((a) => a.kind === 'drift')).toBe(true);
    const view = harness.engine.reconciliation().accounts[0];
    expect(view?.state).toBe('unresolved');
    expect(view?.unresolved[0]?.kind).toBe('position-mismatch');
    const denied = await harness.engine.submit(limitBuy('99.00', '0.010', 'pm-1'), 'test');
    expect(denied.status === 'denied' && denied.denial.code).toBe('RISK_ACCOUNT_UNRECONCILED');
    harness.venue.net.delete(BTC);
    await waitFor(
      () => harness!.engine.reconciliation().accounts[0]?.state === 'reconciled',
      harness,
      10_000,
    );
    expect(harness.engine.reconciliation().accounts[0]?.state).toBe('reconciled');
    const accepted = await harness.engine.submit(limitBuy('99.00', '0.010', 'pm-2'), 'test');
    expect(accepted.status).toBe('accepted');
  });

  it('reconciles again when a venue reconnects, and alerts on a long disconnect', async () => {
    harness = await createHarness();
    harness.venue.connection({
      type: 'VenueConnectionChanged',
      venue: 'PAPER',
      state: 'disconnected',
      occurredAt: harness.clock.now(),
    });
    harness.clock.advance(31_000);
    await settle();
    expect(harness.alerts.some((a) => a.kind === 'venue-disconnected')).toBe(true);
    const before = harness.engine.reconciliation().accounts[0]?.lastRunAt ?? 0;
    harness.venue.connection({
      type: 'VenueConnectionChanged',
      venue: 'PAPER',
      state: 'connected',
      occurredAt: harness.clock.now(),
    });
    await waitFor(() => (harness!.engine.reconciliation().accounts[0]?.lastRunAt ?? 0) > before, harness);
    expect(harness.engine.reconciliation().accounts[0]?.lastRunAt).toBeGreaterThan(before);
  });
});

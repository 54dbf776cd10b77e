import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Price, type OrderRequest } from '../../../src/core';
import { createHarness, limitBuy, marketOrder, settle, type Harness } from './support/harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('kill switch', () => {
  it('with 500 open orders: HALTED, 0 open at the venue, submits denied, cancels pass, emulated gone, flattened', async () => {
    harness = await createHarness();
    const { engine, venue } = harness;
    await engine.submit(marketOrder('buy', '1.000', 'pos-1'), 'test');
    const submits: Promise<unknown>[] = [];
    for (let i = 0; i < 500; i++) submits.push(engine.submit(limitBuy('90.00', '0.010', `ks-${i}`), 'test'));
    for (let i = 0; i < 5; i++) {
      const stop: OrderRequest = {
        ...marketOrder('buy', '0.010', `ks-stop-${i}`),
        type: 'stop-market',
        triggerPrice: Price.parse('150.00'),
        timeInForce: 'GTC',
      };
      submits.push(engine.submit(stop, 'test'));
    }
    await Promise.all(submits);
    expect(venue.openCount()).toBe(500);

    const result = await engine.killSwitch({ flatten: true }, 'admin');
    expect(engine.tradingState('global')).toBe('HALTED');
    expect(result.failures).toEqual([]);
    expect(result.canceled).toBe(500);
    expect(result.emulatedRemoved).toBe(5);
    expect(result.flattenOrders).toBe(1);
    expect(venue.openCount()).toBe(0);
    expect(engine.orders({ openOnly: true })).toHaveLength(0);
    expect(engine.positions().every((p) => p.signedQuantity.isZero())).toBe(true);
    expect(harness.alerts.some((a) => a.kind === 'kill-switch')).toBe(true);

    const denied = await engine.submit(limitBuy('90.00', '0.010', 'after-ks'), 'test');
    expect(denied.status === 'denied' && denied.denial.code).toBe('RISK_TRADING_HALTED');
    // Nothing emulated is left to trigger.
    harness.venue.quote('150.00', '150.10');
    await settle();
    expect(engine.order(ClientOrderId.parse('ks-stop-0'))?.status).toBe('canceled');
  });

  it('cancels still pass under HALTED, and a submit waiting for the journal never leaves', async () => {
    harness = await createHarness();
    const { engine, venue } = harness;
    const open = await engine.submit(limitBuy('90.00', '0.010', 'h-1'), 'test');
    const queued = engine.submit(limitBuy('90.00', '0.010', 'h-2'), 'test');
    engine.setTradingState('global', 'HALTED', 'test', 'admin');
    const after = await queued;
    expect(after.order.status).toBe('canceled');
    const canceled = await engine.cancel(open.order.order.clientOrderId, 'test');
    expect(canceled.status).toBe('canceled');
    expect(venue.submitCount).toBe(1);
  });

  it('an order still on its way when the kill switch fires is canceled once the venue acknowledges it', async () => {
    harness = await createHarness();
    const { engine, venue } = harness;
    venue.faults = ['held'];
    const pending = engine.submit(limitBuy('90.00', '0.010', 'race-1'), 'test');
    await settle();
    expect(venue.submitCount).toBe(1);
    await engine.killSwitch({ flatten: false }, 'admin');
    venue.releaseHeld();
    await pending;
    await settle();
    expect(engine.order(ClientOrderId.parse('race-1'))?.status).toBe('canceled');
    expect(venue.openCount()).toBe(0);
  });

  it('stays HALTED after a restart until an admin sets it back', async () => {
    harness = await createHarness();
    await harness.engine.killSwitch({ flatten: false }, 'admin');
    harness = await harness.restart();
    expect(harness.engine.tradingState('global')).toBe('HALTED');
    harness.engine.setTradingState('global', 'ACTIVE', 'resume', 'admin');
    const outcome = await harness.engine.submit(limitBuy(), 'test');
    expect(outcome.status).toBe('accepted');
  });
});

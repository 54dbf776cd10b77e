import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, InstrumentId, Price, Quantity, isTmtError } from '../../../src/core';
import { ACCOUNT, BTC } from './support/fake-venue';
import { createHarness, limitBuy, marketOrder, settle, type Harness } from './support/harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('submit pipeline', () => {
  it('journals the submit command (OrderInitialized + OrderSubmitted) before the venue sees the order', async () => {
    harness = await createHarness();
    const { engine, venue, store } = harness;
    let journaledAtDispatch: string[] = [];
    const original = venue.submit.bind(venue);
    venue.submit = async (submission) => {
      journaledAtDispatch = (await store.journal.read(0, 100)).map((e) => e.type);
      return original(submission);
    };
    const outcome = await engine.submit(limitBuy(), 'test');
    expect(outcome.status).toBe('accepted');
    expect(outcome.order.status).toBe('accepted');
    // One entry: the command (OrderInitialized + OrderSubmitted), durable before dispatch.
    expect(journaledAtDispatch).toEqual(['CommandSubmitOrder']);
  });

  it('returns the existing order for the same client id and content, without sending again', async () => {
    harness = await createHarness();
    const request = limitBuy('99.00', '0.010', 'idem-1');
    await harness.engine.submit(request, 'test');
    const again = await harness.engine.submit({ ...request, price: Price.parse('99.0') }, 'test');
    expect(again.status).toBe('accepted');
    expect(again.status === 'accepted' && again.existing).toBe(true);
    expect(harness.venue.submitCount).toBe(1);
  });

  it('refuses the same client id with different content with OMS_DUPLICATE_CLIENT_ORDER_ID', async () => {
    harness = await createHarness();
    await harness.engine.submit(limitBuy('99.00', '0.010', 'idem-2'), 'test');
    const error = await harness.engine
      .submit(limitBuy('98.00', '0.010', 'idem-2'), 'test')
      .catch((e: unknown) => e);
    expect(isTmtError(error, 'OMS_DUPLICATE_CLIENT_ORDER_ID')).toBe(true);
  });

  it('denies a non-positive quantity with a journaled OrderDenied naming the field', async () => {
    harness = await createHarness();
    const outcome = await harness.engine.submit(limitBuy('99.00', '0'), 'test');
    expect(outcome.status).toBe('denied');
    if (outcome.status !== 'denied') return;
    expect(outcome.denial.code).toBe('RISK_INVALID_QUANTITY');
    expect(outcome.denial.details.field).toBe('quantity');
    const types = (await harness.store.journal.read(0, 100)).map((e) => e.type);
    expect(types).toEqual(['OrderInitialized', 'OrderDenied']);
    expect(harness.venue.submitCount).toBe(0);
  });

  it('denies an unknown instrument and a stop without a trigger price', async () => {
    harness = await createHarness();
    const unknown = await harness.engine.submit(
      { ...limitBuy(), instrumentId: InstrumentId.parse('ETHUSDT.PAPER') },
      'test',
    );
    expect(unknown.status === 'denied' && unknown.denial.code).toBe('OMS_UNKNOWN_INSTRUMENT');
    const stop = await harness.engine.submit({ ...limitBuy(), type: 'stop-market' }, 'test');
    expect(stop.status === 'denied' && stop.denial.code).toBe('RISK_TRIGGER_REQUIRED');
  });

  it('fills a market order and books the position', async () => {
    harness = await createHarness();
    const outcome = await harness.engine.submit(marketOrder('buy', '0.500'), 'test');
    expect(outcome.order.status).toBe('filled');
    const position = harness.engine.positions()[0];
    expect(position?.signedQuantity.toString()).toBe('0.500');
    expect(harness.engine.fills()).toHaveLength(1);
  });

  it('cancels an open order and modifies one natively', async () => {
    harness = await createHarness();
    const a = await harness.engine.submit(limitBuy('99.00', '0.010', 'c-1'), 'test');
    const b = await harness.engine.submit(limitBuy('99.00', '0.010', 'c-2'), 'test');
    const canceled = await harness.engine.cancel(a.order.order.clientOrderId, 'test');
    expect(canceled.status).toBe('canceled');
    const modified = await harness.engine.modify(
      b.order.order.clientOrderId,
      { price: Price.parse('98.50') },
      'test',
    );
    expect(modified.status).toBe('accepted');
    expect(modified.order.price?.toString()).toBe('98.50');
    expect(
      (
        await harness.venue.orderStatus({
          accountId: a.order.order.request.accountId,
          venueClientOrderId: b.order.order.venueClientOrderId!,
        })
      )?.price?.toString(),
    ).toBe('98.50');
  });

  it('modifies by cancel and new venue order where the venue cannot amend, keeping one engine order', async () => {
    harness = await createHarness();
    harness.venue.capabilities = { ...harness.venue.capabilities, modify: 'none' };
    const outcome = await harness.engine.submit(limitBuy('99.00', '0.010', 'cr-1'), 'test');
    const firstVenueId = outcome.order.order.venueClientOrderId;
    const view = await harness.engine.modify(
      ClientOrderId.parse('cr-1'),
      { quantity: Quantity.parse('0.020') },
      'test',
    );
    expect(view.status).toBe('accepted');
    expect(view.order.venueClientOrderId).not.toBe(firstVenueId);
    expect(view.order.venueOrderIds).toHaveLength(2);
    harness.venue.fill(view.order.venueClientOrderId!, Quantity.parse('0.020'), Price.parse('99.00'));
    await settle();
    expect(harness.engine.order(ClientOrderId.parse('cr-1'))?.status).toBe('filled');
  });

  it('stops taking intents when intake is off', async () => {
    harness = await createHarness();
    harness.engine.setIntake(false, 'test');
    const error = await harness.engine.submit(limitBuy(), 'test').catch((e: unknown) => e);
    expect(isTmtError(error, 'OMS_NOT_ACCEPTING')).toBe(true);
  });
});

describe('positions, resiliency and shutdown', () => {
  it('closes a position with a reduce-only market order, fully or in part', async () => {
    harness = await createHarness();
    await harness.engine.submit(marketOrder('buy', '0.500'), 'test');
    const partial = await harness.engine.closePosition(ACCOUNT, BTC, Quantity.parse('0.200'), 'test');
    expect(partial[0]?.order.order.request.reduceOnly).toBe(true);
    expect(harness.engine.positions(ACCOUNT)[0]?.signedQuantity.toString()).toBe('0.300');
    await harness.engine.closePosition(ACCOUNT, BTC, undefined, 'test');
    expect(harness.engine.positions(ACCOUNT)[0]?.signedQuantity.isZero() ?? true).toBe(true);
  });

  it('opens the venue circuit after repeated transport failures: alert raised, later submits rejected VENUE_CIRCUIT_OPEN, not sent, not open', async () => {
    harness = await createHarness({ engine: { circuitBreaker: { failureThreshold: 2, openForMs: 60_000 } } });
    harness.venue.faults = ['lost-answer-before-accept', 'lost-answer-before-accept'];
    await harness.engine.submit(limitBuy(), 'test');
    await harness.engine.submit(limitBuy(), 'test');
    expect(harness.alerts.some((a) => a.kind === 'circuit-breaker' && a.severity === 'critical')).toBe(true);
    const sent = harness.venue.submitCount;
    const third = await harness.engine.submit(limitBuy('99.00', '0.010', 'cb-3'), 'test');
    // Certainly never sent: rejected with a code the caller can act on, not left 'submitted' counting as open.
    expect(third.order.status).toBe('rejected');
    expect(third.order.order.closingCode).toBe('VENUE_CIRCUIT_OPEN');
    expect(harness.venue.submitCount).toBe(sent);
    expect(harness.engine.orders({ openOnly: true }).map((v) => v.order.clientOrderId)).not.toContain('cb-3');
    expect((await harness.engine.deadLetters()).map((l) => l.clientOrderId)).not.toContain('cb-3');
  });

  it('stop() lets in-flight submits finish and journals them before disconnecting', async () => {
    harness = await createHarness();
    const pending = harness.engine.submit(limitBuy('99.00', '0.010', 'gs-1'), 'test');
    await harness.engine.stop();
    expect((await pending).order.status).toBe('accepted');
    const types = (await harness.store.journal.read(0, 100)).map((e) => e.type);
    expect(types).toContain('OrderAccepted');
    harness = await harness.restart();
    expect(harness.engine.order(ClientOrderId.parse('gs-1'))?.status).toBe('accepted');
  });
});

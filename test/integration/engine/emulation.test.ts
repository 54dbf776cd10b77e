import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, OrderListId, Price, Quantity, type OrderRequest } from '../../../src/core';
import { createHarness, limitBuy, marketOrder, settle, type Harness } from './support/harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const id = ClientOrderId.parse;

function stopBuy(clientOrderId: string, trigger: string): OrderRequest {
  return {
    ...marketOrder('buy', '0.010', clientOrderId),
    type: 'stop-market',
    triggerPrice: Price.parse(trigger),
    timeInForce: 'GTC',
  };
}

describe('emulated orders', () => {
  it('holds a stop the venue cannot take, triggers it on the exact tick, and sends it exactly once', async () => {
    harness = await createHarness();
    const outcome = await harness.engine.submit(stopBuy('st-1', '101.00'), 'test');
    expect(outcome.order.emulated).toBe(true);
    expect(outcome.order.status).toBe('initialized');
    harness.venue.quote('100.00', '100.99');
    await settle();
    expect(harness.venue.submitCount).toBe(0);
    harness.venue.quote('100.50', '101.00');
    harness.venue.quote('100.60', '101.10');
    await settle();
    expect(harness.venue.submitCount).toBe(1);
    const order = harness.engine.order(id('st-1'));
    expect(order?.status).toBe('filled');
    expect(order?.order.events.map((e) => e.type)).toContain('OrderTriggered');
  });

  it('re-arms an emulated order from the journal after a restart', async () => {
    harness = await createHarness();
    await harness.engine.submit(stopBuy('st-2', '101.00'), 'test');
    harness = await harness.restart();
    expect(harness.engine.order(id('st-2'))?.emulated).toBe(true);
    harness.venue.quote('100.90', '101.20');
    await settle();
    expect(harness.venue.submitCount).toBe(1);
    expect(harness.engine.order(id('st-2'))?.status).toBe('filled');
  });

  it('trails a sell stop behind the highest bid and triggers when the bid falls back by the offset', async () => {
    harness = await createHarness();
    const request: OrderRequest = {
      ...marketOrder('sell', '0.010', 'tr-1'),
      type: 'trailing-stop',
      trailingOffset: { kind: 'price', value: Decimal.parse('1.00') },
      timeInForce: 'GTC',
    };
    await harness.engine.submit(marketOrder('buy', '0.010'), 'test');
    await harness.engine.submit(request, 'test');
    for (const bid of ['100.00', '102.00', '101.50', '101.01']) harness.venue.quote(bid, '105.00');
    await settle();
    expect(harness.engine.order(id('tr-1'))?.status).toBe('initialized');
    harness.venue.quote('101.00', '105.00');
    await settle();
    expect(harness.engine.order(id('tr-1'))?.status).toBe('filled');
  });

  it('a limit-if-touched buy triggers when the ask falls to the trigger and rests as a limit', async () => {
    harness = await createHarness();
    const request: OrderRequest = {
      ...limitBuy('95.00', '0.010', 'lit-1'),
      type: 'limit-if-touched',
      triggerPrice: Price.parse('96.00'),
    };
    await harness.engine.submit(request, 'test');
    harness.venue.quote('96.50', '96.60');
    await settle();
    expect(harness.venue.submitCount).toBe(0);
    harness.venue.quote('95.90', '96.00');
    await settle();
    const order = harness.engine.order(id('lit-1'));
    expect(order?.status).toBe('accepted');
    expect(harness.venue.orders.get(order!.order.venueClientOrderId!)?.report.type).toBe('limit');
  });
});

describe('emulated order types', () => {
  it('a market-if-touched sell triggers when the bid rises to the trigger', async () => {
    harness = await createHarness();
    await harness.engine.submit(marketOrder('buy', '0.010'), 'test');
    const request: OrderRequest = {
      ...marketOrder('sell', '0.010', 'mit-1'),
      type: 'market-if-touched',
      triggerPrice: Price.parse('105.00'),
      timeInForce: 'GTC',
    };
    await harness.engine.submit(request, 'test');
    harness.venue.quote('104.99', '105.50');
    await settle();
    expect(harness.engine.order(id('mit-1'))?.status).toBe('initialized');
    harness.venue.quote('105.00', '105.50');
    await settle();
    expect(harness.engine.order(id('mit-1'))?.status).toBe('filled');
  });

  it('a stop-limit buy triggers at the stop and rests as a limit at its limit price', async () => {
    harness = await createHarness();
    const request: OrderRequest = {
      ...limitBuy('102.50', '0.010', 'sl-1'),
      type: 'stop-limit',
      triggerPrice: Price.parse('102.00'),
    };
    await harness.engine.submit(request, 'test');
    harness.venue.quote('101.90', '102.00');
    await settle();
    const order = harness.engine.order(id('sl-1'));
    expect(order?.status).toBe('accepted');
    const atVenue = harness.venue.orders.get(order!.order.venueClientOrderId!)?.report;
    expect(atVenue?.type).toBe('limit');
    expect(atVenue?.price?.toString()).toBe('102.50');
  });

  it('a modify of a held stop moves its trigger without touching the venue', async () => {
    harness = await createHarness();
    await harness.engine.submit(stopBuy('mv-1', '101.00'), 'test');
    await harness.engine.modify(id('mv-1'), { triggerPrice: Price.parse('103.00') }, 'test');
    harness.venue.quote('101.50', '101.60');
    await settle();
    expect(harness.venue.submitCount).toBe(0);
    harness.venue.quote('102.90', '103.00');
    await settle();
    expect(harness.engine.order(id('mv-1'))?.status).toBe('filled');
  });
});

describe('contingent orders', () => {
  it('OCO: a fill on one cancels the other', async () => {
    harness = await createHarness();
    const listId = OrderListId.of('oco-1');
    const a: OrderRequest = {
      ...limitBuy('99.00', '0.010', 'oco-a'),
      contingency: { listId, type: 'OCO', linkedClientOrderIds: [id('oco-b')] },
    };
    const b: OrderRequest = {
      ...limitBuy('98.00', '0.010', 'oco-b'),
      contingency: { listId, type: 'OCO', linkedClientOrderIds: [id('oco-a')] },
    };
    const outcomes = await harness.engine.submitList([a, b], 'test');
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    harness.venue.fill(
      harness.engine.order(id('oco-a'))!.order.venueClientOrderId!,
      Quantity.parse('0.010'),
      Price.parse('99.00'),
    );
    await settle();
    expect(harness.engine.order(id('oco-a'))?.status).toBe('filled');
    expect(harness.engine.order(id('oco-b'))?.status).toBe('canceled');
  });

  it('bracket (OTO + OCO): children wait for the parent fill, then the stop is emulated and the target rests', async () => {
    harness = await createHarness();
    const listId = OrderListId.of('br-1');
    const parent: OrderRequest = {
      ...limitBuy('100.00', '0.010', 'br-p'),
      contingency: { listId, type: 'OTO', linkedClientOrderIds: [id('br-sl'), id('br-tp')] },
    };
    const stopLoss: OrderRequest = {
      ...marketOrder('sell', '0.010', 'br-sl'),
      type: 'stop-market',
      triggerPrice: Price.parse('95.00'),
      timeInForce: 'GTC',
      contingency: {
        listId,
        type: 'OCO',
        parentClientOrderId: id('br-p'),
        linkedClientOrderIds: [id('br-tp')],
      },
    };
    const takeProfit: OrderRequest = {
      ...limitBuy('110.00', '0.010', 'br-tp'),
      side: 'sell',
      contingency: {
        listId,
        type: 'OCO',
        parentClientOrderId: id('br-p'),
        linkedClientOrderIds: [id('br-sl')],
      },
    };
    await harness.engine.submitList([parent, stopLoss, takeProfit], 'test');
    expect(harness.venue.submitCount).toBe(1);
    harness.venue.fill(
      harness.engine.order(id('br-p'))!.order.venueClientOrderId!,
      Quantity.parse('0.010'),
      Price.parse('100.00'),
    );
    await settle();
    expect(harness.engine.order(id('br-tp'))?.status).toBe('accepted');
    expect(harness.engine.order(id('br-sl'))?.emulated).toBe(true);
    harness.venue.quote('94.90', '95.10');
    await settle();
    expect(harness.engine.order(id('br-sl'))?.status).toBe('filled');
    expect(harness.engine.order(id('br-tp'))?.status).toBe('canceled');
  });

  it('a list with one denied order is denied as a whole', async () => {
    harness = await createHarness();
    const listId = OrderListId.of('bad-1');
    const outcomes = await harness.engine.submitList(
      [
        {
          ...limitBuy('99.00', '0.010', 'bad-a'),
          contingency: { listId, type: 'OCO', linkedClientOrderIds: [id('bad-b')] },
        },
        {
          ...limitBuy('99.00', '0', 'bad-b'),
          contingency: { listId, type: 'OCO', linkedClientOrderIds: [id('bad-a')] },
        },
      ],
      'test',
    );
    expect(outcomes.map((o) => o.status)).toEqual(['denied', 'denied']);
    expect(harness.venue.submitCount).toBe(0);
  });

  it('attaches stop-loss and take-profit when the parent fills, as a reduce-only OCO pair', async () => {
    harness = await createHarness();
    const request: OrderRequest = {
      ...marketOrder('buy', '0.010', 'att-1'),
      attached: {
        stopLoss: { triggerPrice: Price.parse('90.00') },
        takeProfit: { price: Price.parse('120.00') },
      },
    };
    await harness.engine.submit(request, 'test');
    await settle();
    const stop = harness.engine.order(id('att-1.sl'));
    const target = harness.engine.order(id('att-1.tp'));
    expect(stop?.emulated).toBe(true);
    expect(stop?.order.request.reduceOnly).toBe(true);
    expect(target?.status).toBe('accepted');
  });
});

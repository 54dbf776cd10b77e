import { describe, expect, it } from 'vitest';
import { Price, Quantity } from '../../core';
import { BTCUSDT, EUR_USD, EUR_USD_BOOK, SPOT_ACCOUNT, d, scenario } from './test-kit';

function start(options: Parameters<typeof scenario>[0] = {}) {
  const s = scenario(options);
  s.book(EUR_USD, EUR_USD_BOOK.bids, EUR_USD_BOOK.asks);
  return s;
}

const accepted = (outcome: ReturnType<ReturnType<typeof scenario>['submit']>) => {
  if (outcome.status !== 'accepted') throw new Error(`expected accepted, found ${outcome.code}: ${outcome.reason}`);
  return outcome.order;
};

describe('market orders walk the book', () => {
  it('a market buy of 1.5M takes 1M at the best ask and 500k at the next level', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'market', quantity: '1500000' }));
    expect(s.fillsText()).toEqual(['buy 1000000 @ 1.08500 taker', 'buy 500000 @ 1.08510 taker']);
    expect(order.status).toBe('filled');
    expect(order.averagePrice?.toString()).toBe('1.085033333333');
    expect(s.engine.book(EUR_USD)?.levels(1).asks[0]?.quantity.toString()).toBe('1500000');
  });

  it('a market buy larger than the book fills what is shown and cancels the rest for lack of liquidity', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'market', quantity: '10000000' }));
    expect(s.fillsText()).toHaveLength(3);
    expect(order.filledQuantity.toString()).toBe('8000000');
    expect(order.status).toBe('canceled');
    expect(order.reason).toBe('NO_LIQUIDITY');
  });

  it('a market buy with a price bound stops at the bound', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'market', quantity: '1500000', price: Price.parse('1.08500') }));
    expect(s.fillsText()).toEqual(['buy 1000000 @ 1.08500 taker']);
    expect(order.status).toBe('canceled');
  });

  it('a market sell walks the bids', () => {
    const s = start();
    accepted(s.submit({ side: 'sell', type: 'market', quantity: '2500000' }));
    expect(s.fillsText()).toEqual(['sell 1000000 @ 1.08490 taker', 'sell 1500000 @ 1.08480 taker']);
  });
});

describe('limit orders queue behind the displayed size', () => {
  it('a resting bid fills only after the queue ahead has traded, then on a trade through', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'limit', quantity: '500000', price: Price.parse('1.08490') }));
    s.trade(EUR_USD, '1.08490', '800000', 'sell');
    expect(s.fillsText()).toEqual([]);
    s.trade(EUR_USD, '1.08490', '500000', 'sell');
    expect(s.fillsText()).toEqual(['buy 300000 @ 1.08490 maker']);
    s.trade(EUR_USD, '1.08490', '900000', 'buy');
    expect(s.fillsText()).toHaveLength(1);
    s.trade(EUR_USD, '1.08480', '1000000', 'sell');
    expect(s.fillsText(order.orderId)).toEqual(['buy 300000 @ 1.08490 maker', 'buy 200000 @ 1.08490 maker']);
    expect(s.engine.order({ orderId: order.orderId })?.status).toBe('filled');
  });

  it('a level that shrinks moves the queue up: the queue ahead is never more than is shown', () => {
    const s = start();
    accepted(s.submit({ side: 'buy', type: 'limit', quantity: '500000', price: Price.parse('1.08490') }));
    s.book(EUR_USD, [['1.08490', '100000']], EUR_USD_BOOK.asks);
    s.trade(EUR_USD, '1.08490', '300000', 'sell');
    expect(s.fillsText()).toEqual(['buy 200000 @ 1.08490 maker']);
  });

  it('a marketable limit takes up to its price and rests the remainder at the front of its own level', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'limit', quantity: '1500000', price: Price.parse('1.08500') }));
    expect(s.fillsText()).toEqual(['buy 1000000 @ 1.08500 taker']);
    expect(order.status).toBe('partially-filled');
    s.book(EUR_USD, EUR_USD_BOOK.bids, [['1.08500', '400000'], ['1.08510', '2000000']]);
    expect(s.fillsText()).toEqual(['buy 1000000 @ 1.08500 taker', 'buy 400000 @ 1.08500 maker']);
  });

  it('a resting limit the market jumps through fills at its own price, as a maker', () => {
    const s = start();
    accepted(s.submit({ side: 'buy', type: 'limit', quantity: '500000', price: Price.parse('1.08480') }));
    s.book(EUR_USD, [['1.08450', '1000000']], [['1.08460', '300000'], ['1.08470', '1000000']]);
    expect(s.fillsText()).toEqual(['buy 300000 @ 1.08480 maker', 'buy 200000 @ 1.08480 maker']);
    expect(s.engine.book(EUR_USD)?.isCrossed()).toBe(false);
  });

  it('an iceberg shows one slice at a time and each new slice joins the back of the queue', () => {
    const s = start();
    accepted(s.submit({ side: 'sell', type: 'limit', quantity: '300000', price: Price.parse('1.08500'), displayQuantity: Quantity.parse('100000') }));
    s.trade(EUR_USD, '1.08500', '1100000', 'buy');
    expect(s.fillsText()).toEqual(['sell 100000 @ 1.08500 maker']);
    s.trade(EUR_USD, '1.08500', '1100000', 'buy');
    expect(s.fillsText()).toEqual(['sell 100000 @ 1.08500 maker', 'sell 100000 @ 1.08500 maker']);
  });
});

describe('time in force', () => {
  it('IOC takes what it can and cancels the rest', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'limit', timeInForce: 'IOC', quantity: '1500000', price: Price.parse('1.08500') }));
    expect(s.fillsText()).toEqual(['buy 1000000 @ 1.08500 taker']);
    expect([order.status, order.reason]).toEqual(['canceled', 'IOC_REMAINDER']);
  });

  it('FOK fills completely or not at all, leaving the book untouched when it cannot', () => {
    const s = start();
    const killed = accepted(s.submit({ side: 'buy', type: 'limit', timeInForce: 'FOK', quantity: '1500000', price: Price.parse('1.08500') }));
    expect([killed.status, killed.reason, s.fillsText()]).toEqual(['canceled', 'FOK_NOT_FILLABLE', []]);
    expect(s.engine.book(EUR_USD)?.levels(1).asks[0]?.quantity.toString()).toBe('1000000');
    const filled = accepted(s.submit({ side: 'buy', type: 'limit', timeInForce: 'FOK', quantity: '1500000', price: Price.parse('1.08510') }));
    expect(filled.status).toBe('filled');
  });

  it('GTD expires at its time on the injected clock', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'limit', timeInForce: 'GTD', expireAt: s.clock.now() + 60_000, quantity: '1000', price: Price.parse('1.08000') }));
    s.advance(59_999);
    expect(s.engine.order({ orderId: order.orderId })?.status).toBe('accepted');
    s.advance(1);
    expect(s.events.some((e) => e.type === 'order-expired' && e.order.orderId === order.orderId && e.at === order.createdAt + 60_000)).toBe(true);
  });

  it('DAY expires at 17:00 New York for FX (22:00 UTC in January) and at 00:00 UTC for crypto', () => {
    const s = start();
    s.book(BTCUSDT, [['59999.99', '1.00000']], [['60000.00', '1.00000']]);
    const fxOrder = accepted(s.submit({ side: 'buy', type: 'limit', timeInForce: 'DAY', quantity: '1000', price: Price.parse('1.08000') }));
    const cryptoOrder = accepted(s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit', timeInForce: 'DAY', quantity: '0.01000', price: Price.parse('59000.00') }));
    s.advance(10 * 3_600_000 - 1);
    expect(s.engine.order({ orderId: fxOrder.orderId })?.status).toBe('accepted');
    s.advance(1);
    expect(s.engine.order({ orderId: fxOrder.orderId })?.status).toBe('expired');
    expect(s.engine.order({ orderId: cryptoOrder.orderId })?.status).toBe('accepted');
    s.advance(2 * 3_600_000);
    expect(s.engine.order({ orderId: cryptoOrder.orderId })?.status).toBe('expired');
  });

  it('a GTD in the past is rejected', () => {
    const s = start();
    const outcome = s.submit({ side: 'buy', type: 'limit', timeInForce: 'GTD', expireAt: s.clock.now(), quantity: '1000', price: Price.parse('1.08000') });
    expect(outcome.status === 'rejected' && outcome.code).toBe('INVALID_EXPIRY');
  });
});

describe('post-only', () => {
  it('is rejected when it would take, and rests when it would not', () => {
    const s = start();
    const taking = s.submit({ side: 'buy', type: 'limit', postOnly: true, quantity: '1000', price: Price.parse('1.08500') });
    expect(taking.status === 'rejected' && taking.code).toBe('POST_ONLY_WOULD_TAKE');
    const resting = accepted(s.submit({ side: 'buy', type: 'limit', postOnly: true, quantity: '1000', price: Price.parse('1.08490') }));
    expect(resting.status).toBe('accepted');
    expect(s.fills()).toEqual([]);
  });
});

describe('conditional orders trigger on the top of book', () => {
  it('a buy stop triggers when the ask reaches it and walks the book from there', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'stop-market', quantity: '1500000', triggerPrice: Price.parse('1.08520') }));
    s.book(EUR_USD, [['1.08510', '1000000']], [['1.08520', '1000000'], ['1.08530', '1000000']]);
    expect(s.fillsText()).toEqual(['buy 1000000 @ 1.08520 taker', 'buy 500000 @ 1.08530 taker']);
    expect(s.events.filter((e) => 'order' in e && e.order.orderId === order.orderId).map((e) => e.type).slice(0, 2)).toEqual(['order-accepted', 'order-triggered']);
  });

  it('a sell stop-limit triggers on the bid and then takes only down to its limit', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'sell', type: 'stop-limit', quantity: '2000000', triggerPrice: Price.parse('1.08450'), price: Price.parse('1.08440') }));
    s.book(EUR_USD, [['1.08450', '500000'], ['1.08440', '500000'], ['1.08430', '5000000']], [['1.08460', '1000000']]);
    expect(s.fillsText()).toEqual(['sell 500000 @ 1.08450 taker', 'sell 500000 @ 1.08440 taker']);
    expect(s.engine.order({ orderId: order.orderId })?.status).toBe('partially-filled');
  });

  it('a buy market-if-touched triggers when the ask falls to it', () => {
    const s = start();
    accepted(s.submit({ side: 'buy', type: 'market-if-touched', quantity: '100000', triggerPrice: Price.parse('1.08450') }));
    s.book(EUR_USD, [['1.08450', '1000000']], [['1.08460', '1000000']]);
    expect(s.fillsText()).toEqual([]);
    s.book(EUR_USD, [['1.08440', '1000000']], [['1.08450', '1000000']]);
    expect(s.fillsText()).toEqual(['buy 100000 @ 1.08450 taker']);
  });

  it('a sell limit-if-touched triggers when the bid rises to it and sells at its limit or better', () => {
    const s = start();
    accepted(s.submit({ side: 'sell', type: 'limit-if-touched', quantity: '100000', triggerPrice: Price.parse('1.08550'), price: Price.parse('1.08550') }));
    s.book(EUR_USD, [['1.08560', '50000'], ['1.08550', '1000000']], [['1.08570', '1000000']]);
    expect(s.fillsText()).toEqual(['sell 50000 @ 1.08560 taker', 'sell 50000 @ 1.08550 taker']);
  });

  it('a sell trailing stop follows the bid up and triggers on the way down', () => {
    const s = start();
    accepted(s.submit({ side: 'sell', type: 'trailing-stop', quantity: '100000', trailingOffset: { kind: 'price', value: d('0.00050') } }));
    s.book(EUR_USD, [['1.08600', '1000000']], [['1.08610', '1000000']]);
    s.book(EUR_USD, [['1.08560', '1000000']], [['1.08570', '1000000']]);
    expect(s.fillsText()).toEqual([]);
    s.book(EUR_USD, [['1.08550', '1000000']], [['1.08560', '1000000']]);
    expect(s.fillsText()).toEqual(['sell 100000 @ 1.08550 taker']);
  });

  it('a stop already through its trigger triggers at once, or is rejected when the venue says so', () => {
    const s = start();
    accepted(s.submit({ side: 'buy', type: 'stop-market', quantity: '1000', triggerPrice: Price.parse('1.08400') }));
    expect(s.fillsText()).toEqual(['buy 1000 @ 1.08500 taker']);
    const strict = start({ immediateTrigger: 'reject' });
    const outcome = strict.submit({ side: 'buy', type: 'stop-market', quantity: '1000', triggerPrice: Price.parse('1.08400') });
    expect(outcome.status === 'rejected' && outcome.code).toBe('TRIGGER_ALREADY_HIT');
  });
});

describe('latency', () => {
  it('a market order reaches the book after the latency and pays the prices of that moment', async () => {
    const s = start({ latency: { kind: 'fixed', ms: 50 } });
    const ticket = s.engine.submit(s.request({ side: 'buy', type: 'market', quantity: '1000' }));
    expect(ticket.outcome).toBeUndefined();
    s.clock.advance(10);
    s.book(EUR_USD, EUR_USD_BOOK.bids, [['1.08530', '1000000']]);
    s.advance(40);
    const outcome = await ticket.done;
    expect(outcome.status).toBe('accepted');
    expect(s.fillsText()).toEqual(['buy 1000 @ 1.08530 taker']);
  });
});

describe('cancel and modify', () => {
  it('cancels an open order once and refuses the second cancel', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'limit', quantity: '1000', price: Price.parse('1.08000') }));
    expect(s.engine.cancel({ orderId: order.orderId }).outcome?.status).toBe('canceled');
    const again = s.engine.cancel({ orderId: order.orderId }).outcome;
    expect(again?.status === 'rejected' && again.code).toBe('ORDER_NOT_OPEN');
    const unknown = s.engine.cancel({ orderId: '999' }).outcome;
    expect(unknown?.status === 'rejected' && unknown.code).toBe('ORDER_NOT_FOUND');
  });

  it('a new price loses the queue place; a marketable new price takes', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'limit', quantity: '500000', price: Price.parse('1.08480') }));
    const modified = s.engine.modify({ orderId: order.orderId }, { price: Price.parse('1.08500') }).outcome;
    expect(modified?.status).toBe('modified');
    expect(s.fillsText()).toEqual(['buy 500000 @ 1.08500 taker']);
  });

  it('refuses a quantity at or below what is filled', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'limit', quantity: '1500000', price: Price.parse('1.08500') }));
    const outcome = s.engine.modify({ orderId: order.orderId }, { quantity: Quantity.parse('1000000') }).outcome;
    expect(outcome?.status === 'rejected' && outcome.code).toBe('INVALID_MODIFY');
  });
});

describe('conditional orders expire untriggered with their time in force', () => {
  const untriggered = {
    'stop-market': { triggerPrice: Price.parse('1.09000') },
    'stop-limit': { triggerPrice: Price.parse('1.09000'), price: Price.parse('1.09010') },
    'market-if-touched': { triggerPrice: Price.parse('1.08000') },
    'limit-if-touched': { triggerPrice: Price.parse('1.08000'), price: Price.parse('1.08000') },
    'trailing-stop': { trailingOffset: { kind: 'price' as const, value: d('0.01000') } },
  };
  for (const [type, fields] of Object.entries(untriggered)) {
    for (const tif of ['GTD', 'DAY'] as const) {
      it(`a buy ${type} ${tif} waits, then expires without a fill`, () => {
        const s = start();
        const expiry = tif === 'GTD' ? { expireAt: s.clock.now() + 3_600_000 } : {};
        const order = accepted(s.submit({ side: 'buy', type: type as keyof typeof untriggered, timeInForce: tif, quantity: '1000', ...fields, ...expiry }));
        s.advance(3_600_000 - 1);
        expect(s.engine.order({ orderId: order.orderId })?.status).toBe('accepted');
        s.advance(tif === 'GTD' ? 1 : 9 * 3_600_000 + 1); // DAY: 17:00 New York, 22:00 UTC in January
        expect([s.engine.order({ orderId: order.orderId })?.status, s.fills()]).toEqual(['expired', []]);
      });
    }
  }

  it('a modified trigger is the one that counts', () => {
    const s = start();
    const order = accepted(s.submit({ side: 'buy', type: 'stop-market', quantity: '1000', triggerPrice: Price.parse('1.09000') }));
    expect(s.engine.modify({ orderId: order.orderId }, { triggerPrice: Price.parse('1.08510') }).outcome?.status).toBe('modified');
    s.book(EUR_USD, [['1.08500', '1000000']], [['1.08510', '1000000']]);
    expect(s.fillsText()).toEqual(['buy 1000 @ 1.08510 taker']);
  });

  it('cancel-all cancels every open order of the account and nothing else', () => {
    const s = start();
    accepted(s.submit({ side: 'buy', type: 'limit', quantity: '1000', price: Price.parse('1.08000') }));
    accepted(s.submit({ side: 'sell', type: 'stop-market', quantity: '1000', triggerPrice: Price.parse('1.08000') }));
    const canceled = s.engine.cancelAll(s.request({ side: 'buy', type: 'market', quantity: '1' }).accountId).outcome;
    expect(canceled?.map((o) => o.status)).toEqual(['canceled', 'canceled']);
    expect(s.engine.openOrders(s.request({ side: 'buy', type: 'market', quantity: '1' }).accountId)).toEqual([]);
  });
});

describe('re-entrancy', () => {
  it('a listener may place an order from inside a fill event (an on-fill stop-loss) and each command keeps its own fills', () => {
    const s = start();
    const placed: string[] = [];
    s.engine.onEvent((event) => {
      if (event.type !== 'order-filled' || event.order.request.clientOrderId !== 'entry' || event.order.status !== 'filled') return;
      const outcome = s.engine.submit(s.request({ clientOrderId: 'stop', side: 'sell', type: 'stop-market', quantity: '1500000', triggerPrice: Price.parse('1.08400') })).outcome;
      placed.push(outcome?.status ?? 'pending');
    });
    const entry = s.submit({ clientOrderId: 'entry', side: 'buy', type: 'market', quantity: '1500000' });
    expect(entry.status === 'accepted' && entry.fills.map((f) => f.quantity.toString())).toEqual(['1000000', '500000']);
    expect(placed).toEqual(['accepted']);
    expect(s.engine.openOrders(entry.status === 'accepted' ? entry.order.request.accountId : ('' as never)).map((o) => o.request.clientOrderId)).toEqual(['stop']);
  });

  it('a listener that throws does not stop the step half way: the order is fully matched, then the error surfaces', () => {
    const s = start();
    s.engine.onEvent((event) => {
      if (event.type === 'order-filled') throw new Error('consumer failed');
    });
    expect(() => s.submit({ clientOrderId: 'walk', side: 'buy', type: 'market', quantity: '1500000' })).toThrow('consumer failed');
    expect(s.fillsText()).toEqual(['buy 1000000 @ 1.08500 taker', 'buy 500000 @ 1.08510 taker']);
    expect(s.engine.order({ accountId: s.request({ side: 'buy', type: 'market', quantity: '1' }).accountId, clientOrderId: 'walk' })?.status).toBe('filled');
  });
});


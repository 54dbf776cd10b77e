import { describe, expect, it } from 'vitest';
import { Price } from '../../core';
import { BTCUSDT, EUR_USD, EUR_USD_BOOK, FX_ACCOUNT, SPOT_ACCOUNT, d, defaultAccounts, scenario } from './test-kit';

function fx(options: Parameters<typeof scenario>[0] = {}) {
  const s = scenario(options);
  s.book(EUR_USD, EUR_USD_BOOK.bids, EUR_USD_BOOK.asks);
  return s;
}

describe('margin accounts', () => {
  it('books exact realized P&L FIFO and moves the balance by it', () => {
    const s = fx();
    s.submit({ side: 'buy', type: 'market', quantity: '1000000' });
    s.book(EUR_USD, [['1.08610', '2000000']], [['1.08620', '2000000']]);
    s.submit({ side: 'sell', type: 'market', quantity: '400000' });
    const position = s.engine.positions(FX_ACCOUNT)[0];
    expect(position?.signedQuantity.toString()).toBe('600000');
    expect(position?.averagePrice.toString()).toBe('1.085');
    const fill = s.fills()[1];
    // (1.08610 - 1.08500) × 400,000 = 440 USD
    expect(fill?.realizedPnl?.eq(d('440'))).toBe(true);
    const account = s.engine.account(FX_ACCOUNT);
    expect(account.balances.find((b) => b.currency === 'USD')?.total.eq(d('1000440'))).toBe(true);
    // Unrealized marks the rest at the bid: (1.08610 - 1.08500) × 600,000 = 660
    expect(account.unrealizedPnl.eq(d('660'))).toBe(true);
    expect(account.equity.eq(d('1001100'))).toBe(true);
    // Margin at 2% of 600,000 at the mid 1.08615 = 13,033.8
    expect(account.marginUsed.eq(d('13033.8'))).toBe(true);
  });

  it('converts P&L of a JPY-quoted pair into the account currency at the current rate', () => {
    const s = scenario();
    const USD_JPY = 'USD_JPY.PAPER' as typeof EUR_USD;
    s.book(USD_JPY, [['151.490', '1000000']], [['151.500', '1000000']]);
    s.submit({ instrumentId: USD_JPY, side: 'buy', type: 'market', quantity: '100000' });
    s.book(USD_JPY, [['152.000', '1000000']], [['152.010', '1000000']]);
    s.submit({ instrumentId: USD_JPY, side: 'sell', type: 'market', quantity: '100000' });
    // 0.5 JPY × 100,000 = 50,000 JPY, at 1/152.005 USD per JPY
    expect(s.fills()[1]?.realizedPnl?.toString()).toBe(d('50000').mul(d('1').div(d('152.005'), 10, 'half-even')).rescale(10, 'half-even').toString());
  });

  it('refuses an order whose margin exceeds what is available', () => {
    const s = fx({ accounts: [{ ...defaultAccounts()[0]!, balances: [{ currency: 'USD', amount: d('1000') }] }] });
    const outcome = s.submit({ side: 'buy', type: 'market', quantity: '100000' });
    expect(outcome.status === 'rejected' && outcome.code).toBe('INSUFFICIENT_MARGIN');
    expect(s.submit({ side: 'buy', type: 'market', quantity: '40000' }).status).toBe('accepted');
  });

  it('refuses a reduce-only order that would open or grow a position', () => {
    const s = fx();
    const opening = s.submit({ side: 'sell', type: 'market', quantity: '1000', reduceOnly: true });
    expect(opening.status === 'rejected' && opening.code).toBe('REDUCE_ONLY_WOULD_INCREASE');
    s.submit({ side: 'buy', type: 'market', quantity: '1000' });
    expect(s.submit({ side: 'sell', type: 'market', quantity: '1000', reduceOnly: true }).status).toBe('accepted');
  });

  it('closes every position out when equity falls below half the margin used', () => {
    const s = fx({ accounts: [{ ...defaultAccounts()[0]!, balances: [{ currency: 'USD', amount: d('25000') }] }] });
    s.submit({ side: 'buy', type: 'market', quantity: '1000000' });
    s.book(EUR_USD, [['1.06500', '5000000']], [['1.06510', '5000000']]);
    expect(s.events.some((e) => e.type === 'margin-closeout')).toBe(true);
    expect(s.engine.positions(FX_ACCOUNT)).toEqual([]);
    expect(s.fillsText().at(-1)).toBe('sell 1000000 @ 1.06500 taker');
  });

  it('charges financing at the end of the trading day on open positions', () => {
    const s = fx();
    s.submit({ side: 'buy', type: 'market', quantity: '1000000' });
    s.advance(10 * 3_600_000); // 17:00 New York on 5 January is 22:00 UTC
    const financing = s.events.find((e) => e.type === 'financing');
    // 1,000,000 × mid 1.08500 (the buy took the 1.08500 asks: 1.08490/1.08510) × -2.5% / 365, in USD
    expect(financing?.type === 'financing' && financing.amount.toString()).toBe(d('1000000').mul(d('1.08500')).mul(d('-0.025')).div(d('365'), 10, 'half-even').toString());
  });

  it('keeps long and short legs apart in hedging mode', () => {
    const s = fx({ accounts: [{ ...defaultAccounts()[0]!, positionMode: 'hedging' }] });
    s.submit({ side: 'buy', type: 'market', quantity: '1000' });
    s.submit({ side: 'sell', type: 'market', quantity: '400' });
    const legs = s.engine.positions(FX_ACCOUNT).map((p) => `${p.leg} ${p.signedQuantity.toString()}`);
    expect(legs).toEqual(['long 1000', 'short -400']);
  });

  it('closes one leg of a hedged pair with a reduce-only order, sized to that leg', () => {
    const s = fx({ accounts: [{ ...defaultAccounts()[0]!, positionMode: 'hedging' }] });
    s.submit({ side: 'buy', type: 'market', quantity: '1000' });
    s.submit({ side: 'sell', type: 'market', quantity: '1000' });
    // The net is zero: a net-based check would refuse both closes.
    const tooBig = s.submit({ side: 'sell', type: 'market', quantity: '1001', reduceOnly: true });
    expect(tooBig.status === 'rejected' && tooBig.code).toBe('REDUCE_ONLY_WOULD_INCREASE');
    const closeLong = s.submit({ side: 'sell', type: 'market', quantity: '1000', reduceOnly: true });
    expect(closeLong.status).toBe('accepted');
    const legs = s.engine.positions(FX_ACCOUNT).filter((p) => !p.signedQuantity.isZero()).map((p) => `${p.leg} ${p.signedQuantity.toString()}`);
    expect(legs).toEqual(['short -1000']);
    const again = s.submit({ side: 'sell', type: 'market', quantity: '1', reduceOnly: true });
    expect(again.status === 'rejected' && again.code).toBe('REDUCE_ONLY_WOULD_INCREASE');
    expect(s.submit({ side: 'buy', type: 'market', quantity: '1000', reduceOnly: true }).status).toBe('accepted');
    expect(s.engine.positions(FX_ACCOUNT).filter((p) => !p.signedQuantity.isZero())).toEqual([]);
  });
});

describe('cash accounts', () => {
  const btcBook = () => {
    const s = scenario();
    s.book(BTCUSDT, [['59999.99', '1.00000']], [['60000.00', '0.50000'], ['60001.00', '1.00000']]);
    return s;
  };

  it('a buy pays quote plus the taker fee and receives base, exactly', () => {
    const s = btcBook();
    s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'market', quantity: '0.60000' });
    const balances = Object.fromEntries(s.engine.account(SPOT_ACCOUNT).balances.map((b) => [b.currency, b.total.toString()]));
    // 0.5 × 60000 + 0.1 × 60001 = 36000.1; fee 0.1% = 36.0001
    expect(d(balances.USDT!).eq(d('100000').sub(d('36000.1')).sub(d('36.0001')))).toBe(true);
    expect(d(balances.BTC!).eq(d('2.6'))).toBe(true);
  });

  it('locks quote for a resting buy and refuses what the free balance cannot pay', () => {
    const s = btcBook();
    s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit', quantity: '1.00000', price: Price.parse('59000.00') });
    const usdt = s.engine.account(SPOT_ACCOUNT).balances.find((b) => b.currency === 'USDT');
    expect(usdt?.locked.eq(d('59059'))).toBe(true);
    const refused = s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit', quantity: '1.00000', price: Price.parse('59000.00') });
    expect(refused.status === 'rejected' && refused.code).toBe('INSUFFICIENT_BALANCE');
    const oversell = s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'sell', type: 'market', quantity: '2.00001' });
    expect(oversell.status === 'rejected' && oversell.code).toBe('INSUFFICIENT_BALANCE');
  });

  it('enforces tick, step and minimum notional the way the venue does', () => {
    const s = btcBook();
    const offTick = s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit', quantity: '0.01000', price: Price.parse('59000.001') });
    expect(offTick.status === 'rejected' && offTick.code).toBe('PRICE_OFF_TICK');
    const offStep = s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit', quantity: '0.000015', price: Price.parse('59000.00') });
    expect(offStep.status === 'rejected' && offStep.code).toBe('QUANTITY_OFF_LOT');
    const tiny = s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit', quantity: '0.00008', price: Price.parse('59000.00') });
    expect(tiny.status === 'rejected' && tiny.code).toBe('NOTIONAL_BELOW_MINIMUM');
    const duplicate = s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit', quantity: '0.01000', price: Price.parse('59000.00'), clientOrderId: 'same' });
    expect(duplicate.status).toBe('accepted');
    const again = s.submit({ accountId: SPOT_ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit', quantity: '0.01000', price: Price.parse('59000.00'), clientOrderId: 'same' });
    expect(again.status === 'rejected' && again.code).toBe('DUPLICATE_CLIENT_ORDER_ID');
  });
});

import { describe, expect, it } from 'vitest';
import { btcUsdt, d, fill, fxPair, instrumentMap, quote } from '../../../test/integration/risk/fixtures';
import { AccountId, ManualClock, Money, type EngineEvent } from '../../core';
import { InProcessBus } from '../bus/in-process-bus';
import { PortfolioService } from './portfolio-service';
import type { AccountSetup } from './types';

const eurUsd = fxPair('EUR_USD');
const eurGbp = fxPair('EUR_GBP');
const gbpUsd = fxPair('GBP_USD');
const btc = btcUsdt();
const account = AccountId.parse('acc-1');

function setup(overrides: Partial<AccountSetup> = {}) {
  const bus = new InProcessBus();
  const events: EngineEvent[] = [];
  bus.subscribe('*', (event) => events.push(event));
  const clock = new ManualClock();
  const portfolio = new PortfolioService({
    bus,
    clock,
    instrument: instrumentMap(eurUsd, eurGbp, gbpUsd, btc),
  });
  portfolio.registerAccount({
    accountId: account,
    venue: 'OANDA',
    type: 'margin',
    baseCurrency: 'USD',
    positionMode: 'netting',
    costBasis: 'fifo-trades',
    balances: [{ currency: 'USD', total: d('10000') }],
    ...overrides,
  });
  return { portfolio, events, clock };
}

describe('PortfolioService, margin account (OANDA netting, FIFO trades)', () => {
  it('marks to market and reports equity, margin and leverage exactly', () => {
    const { portfolio, events } = setup();
    portfolio.applyFill(fill(eurUsd, 'buy', '10000', '1.10000'));
    portfolio.onQuote(quote(eurUsd, '1.10100', '1.10110'));
    const position = portfolio.position(account, eurUsd.id);
    expect(position?.unrealizedPnl.equals(Money.parse('10', 'USD'))).toBe(true);
    expect(position?.averagePrice.toString()).toBe('1.1');
    const snapshot = portfolio.account(account);
    expect(snapshot?.state.equity.amount.eq(d('10010'))).toBe(true);
    // margin = 10000 x 1.10100 (long marked at the bid) x 0.02
    expect(snapshot?.state.marginUsed.amount.eq(d('220.2'))).toBe(true);
    expect(snapshot?.state.marginAvailable.amount.eq(d('9789.8'))).toBe(true);
    expect(snapshot?.leverage.toString()).toBe('1.0999');
    expect(events.filter((event) => event.type === 'PositionChanged')).toHaveLength(2);
    expect(events.filter((event) => event.type === 'AccountStateChanged')).toHaveLength(2);
  });

  it('closes into history, books realized P&L into the balance, and ignores a duplicate fill', () => {
    const { portfolio, events } = setup();
    portfolio.applyFill(
      fill(eurUsd, 'buy', '10000', '1.10000', { commission: '0.50', commissionCurrency: 'USD' }),
    );
    const closing = fill(eurUsd, 'sell', '10000', '1.10200', { tag: 'agent-a' });
    const outcome = portfolio.applyFill(closing);
    expect(outcome.positionClosed).toBe(true);
    expect(portfolio.applyFill(closing).status).toBe('duplicate');
    expect(portfolio.positions(account)).toHaveLength(0);
    const closed = portfolio.closedPositions(account);
    expect(closed).toHaveLength(1);
    expect(closed[0]?.realizedPnl.amount.eq(d('20'))).toBe(true);
    expect(closed[0]?.commissions?.amount.eq(d('0.5'))).toBe(true);
    expect(closed[0]?.side).toBe('long');
    expect(events.some((event) => event.type === 'PositionClosed')).toBe(true);
    const snapshot = portfolio.account(account);
    expect(snapshot?.state.equity.amount.eq(d('10019.5'))).toBe(true);
    expect(snapshot?.realizedPnl.amount.eq(d('20'))).toBe(true);
  });

  it('flips a netting position: the old one goes to history and the rest opens a new one', () => {
    const { portfolio } = setup();
    portfolio.applyFill(fill(eurUsd, 'buy', '100', '1.10000'));
    const outcome = portfolio.applyFill(fill(eurUsd, 'sell', '150', '1.10010'));
    expect(outcome.flipped).toBe(true);
    expect(portfolio.closedPositions(account)).toHaveLength(1);
    expect(portfolio.netQuantity(account, eurUsd.id).toString()).toBe('-50');
    expect(portfolio.position(account, eurUsd.id)?.side).toBe('short');
  });

  it('applies a financing cash flow once per venue transaction id', () => {
    const { portfolio } = setup();
    portfolio.applyFill(fill(eurUsd, 'buy', '10000', '1.10000'));
    const flow = {
      accountId: account,
      instrumentId: eurUsd.id,
      kind: 'financing' as const,
      amount: Money.parse('-0.3512', 'USD'),
      venueTransactionId: '6410',
      occurredAt: 1,
    };
    expect(portfolio.applyCashFlow(flow)).toBe('applied');
    expect(portfolio.applyCashFlow(flow)).toBe('duplicate');
    expect(portfolio.position(account, eurUsd.id)?.financing.amount.eq(d('-0.3512'))).toBe(true);
    expect(portfolio.account(account)?.state.balances[0]?.total.eq(d('9999.6488'))).toBe(true);
  });

  it('reports P&L of a cross in the account currency through quote-driven rates', () => {
    const { portfolio } = setup();
    portfolio.onQuote(quote(gbpUsd, '1.25000', '1.25000'));
    portfolio.applyFill(fill(eurGbp, 'buy', '10000', '0.85000'));
    portfolio.applyFill(fill(eurGbp, 'sell', '10000', '0.86000'));
    const closed = portfolio.closedPositions(account)[0];
    expect(closed?.realizedPnl.equals(Money.parse('125', 'USD'))).toBe(true);
    expect(closed?.quoteRealizedPnl?.equals(Money.parse('100', 'GBP'))).toBe(true);
  });

  it('takes balances from a venue account report', () => {
    const { portfolio } = setup();
    portfolio.applyAccountReport({
      accountId: account,
      baseCurrency: 'USD',
      balances: [{ currency: 'USD', total: d('12345.67'), free: d('12345.67'), locked: d('0') }],
      reportedAt: 1,
    });
    expect(portfolio.account(account)?.state.equity.amount.eq(d('12345.67'))).toBe(true);
  });

  it('gives performance per account and per tag', () => {
    const { portfolio } = setup();
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.10000', { tag: 'a' }));
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.10000', { tag: 'b' }));
    portfolio.applyFill(fill(eurUsd, 'sell', '2000', '1.09900'));
    expect(portfolio.performance(account).trades).toBe(2);
    const a = portfolio.performance(account, 'a');
    expect(a.trades).toBe(1);
    expect(a.winRate.toString()).toBe('0.0000');
    expect(a.maxDrawdown.amount.eq(d('1'))).toBe(true);
  });
});

describe('PortfolioService, hedging mode', () => {
  it('keeps long and short legs apart; a reduce fill closes the opposite leg', () => {
    const { portfolio } = setup({ positionMode: 'hedging' });
    portfolio.applyFill(fill(eurUsd, 'buy', '100', '1.10000'));
    portfolio.applyFill(fill(eurUsd, 'sell', '40', '1.10100'));
    expect(portfolio.legQuantity(account, eurUsd.id, 'long').toString()).toBe('100');
    expect(portfolio.legQuantity(account, eurUsd.id, 'short').toString()).toBe('-40');
    expect(portfolio.netQuantity(account, eurUsd.id).toString()).toBe('60');
    portfolio.applyFill(fill(eurUsd, 'sell', '100', '1.10200', { effect: 'reduce' }));
    expect(portfolio.legQuantity(account, eurUsd.id, 'long').toString()).toBe('0');
    expect(portfolio.closedPositions(account)[0]?.realizedPnl.amount.eq(d('0.2'))).toBe(true);
    expect(portfolio.openPositionCount(account)).toBe(1);
  });
});

describe('PortfolioService, cash account (crypto spot, average cost)', () => {
  it('moves both assets, pays commission in the asset charged, and values equity at quote rates', () => {
    const { portfolio } = setup({
      venue: 'BINANCE',
      type: 'cash',
      baseCurrency: 'USDT',
      costBasis: 'average-cost',
      balances: [{ currency: 'USDT', total: d('10000') }],
    });
    portfolio.applyFill(
      fill(btc, 'buy', '0.1', '50000.00', { commission: '0.0001', commissionCurrency: 'BTC' }),
    );
    expect(portfolio.freeBalance(account, 'BTC').toString()).toBe('0.0999');
    expect(portfolio.freeBalance(account, 'USDT').eq(d('5000'))).toBe(true);
    portfolio.onQuote(quote(btc, '51000.00', '51000.01'));
    // 5000 + 0.0999 x 51000.005 (the mid)
    expect(portfolio.account(account)?.state.equity.amount.eq(d('10094.9004995'))).toBe(true);
    expect(portfolio.position(account, btc.id)?.unrealizedPnl.amount.eq(d('100'))).toBe(true);
  });
});

describe('PortfolioService and the venue as the source of balances', () => {
  it('rebuilds positions from fills the venue report already counts without moving cash twice (journal replay)', () => {
    const { portfolio } = setup();
    const reportedAt = Date.UTC(2026, 0, 5, 12, 0, 0, 500);
    portfolio.applyAccountReport({
      accountId: account,
      baseCurrency: 'USD',
      balances: [{ currency: 'USD', total: d('10020'), free: d('10020'), locked: d('0') }],
      reportedAt,
    });
    portfolio.applyFill(fill(eurUsd, 'buy', '10000', '1.10000', { at: reportedAt - 200 }));
    portfolio.applyFill(fill(eurUsd, 'sell', '5000', '1.10400', { at: reportedAt - 100 }));
    expect(portfolio.netQuantity(account, eurUsd.id).toString()).toBe('5000');
    expect(portfolio.freeBalance(account, 'USD').eq(d('10020'))).toBe(true);
    // A fill after the report moves cash.
    portfolio.applyFill(fill(eurUsd, 'sell', '5000', '1.10400', { at: reportedAt + 1 }));
    expect(portfolio.freeBalance(account, 'USD').eq(d('10040'))).toBe(true);
  });

  it('keeps a fill for an account not yet registered and rebuilds it under the real set-up', () => {
    const bus = new InProcessBus();
    const portfolio = new PortfolioService({
      bus,
      clock: new ManualClock(),
      instrument: instrumentMap(eurUsd, eurGbp, gbpUsd, btc),
    });
    const late = AccountId.parse('late-1');
    portfolio.applyFill(fill(eurUsd, 'buy', '100', '1.10000', { account: 'late-1' }));
    portfolio.registerAccount({
      accountId: late,
      venue: 'OANDA',
      type: 'margin',
      baseCurrency: 'USD',
      positionMode: 'hedging',
      costBasis: 'fifo-trades',
      balances: [{ currency: 'USD', total: d('500') }],
    });
    expect(portfolio.legQuantity(late, eurUsd.id, 'long').toString()).toBe('100');
    expect(portfolio.accountSetup(late)?.positionMode).toBe('hedging');
    expect(portfolio.freeBalance(late, 'USD').eq(d('500'))).toBe(true);
  });
});

describe('PortfolioService performance figures', () => {
  it('keeps a trade with no account-currency value out of the statistics, never mixing currencies', () => {
    const { portfolio } = setup();
    // EUR_GBP in a USD account with no GBP rate yet: the close is worth 20 GBP, an unknown amount of USD.
    portfolio.applyFill(fill(eurGbp, 'buy', '10000', '0.85000'));
    portfolio.applyFill(fill(eurGbp, 'sell', '10000', '0.85200'));
    expect(portfolio.performance(account).trades).toBe(0);
    // Once GBP_USD quotes, a closed trade converts at close time and counts, in USD.
    portfolio.onQuote(quote(gbpUsd, '1.25000', '1.25000'));
    portfolio.applyFill(fill(eurGbp, 'buy', '10000', '0.85000'));
    portfolio.applyFill(fill(eurGbp, 'sell', '10000', '0.85200'));
    const performance = portfolio.performance(account);
    expect(performance.trades).toBe(1);
    expect(performance.winRate.eq(d('1'))).toBe(true);
  });
});

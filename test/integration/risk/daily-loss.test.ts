import { describe, expect, it } from 'vitest';
import { AccountId, Money, type AccountStateChanged } from '../../../src/core';
import { ACCOUNT, riskHarness } from './harness';

function equityAt(equity: string, at: string, accountId: AccountId = ACCOUNT): AccountStateChanged {
  const time = Date.parse(at);
  return {
    type: 'AccountStateChanged',
    accountId,
    baseCurrency: 'USD',
    balances: [],
    equity: Money.parse(equity, 'USD'),
    marginUsed: Money.parse('0', 'USD'),
    marginAvailable: Money.parse(equity, 'USD'),
    occurredAt: time,
    recordedAt: time,
  };
}

/** Daily loss limit 100; the FX trading day ends 17:00 New York: 22:00 UTC in winter, 21:00 UTC in summer. */
describe('daily loss limit at the New York 17:00 boundary', () => {
  const limits = { account: { dailyLossLimit: '100' } };

  for (const [season, date, boundaryUtc, beforeUtc] of [
    ['winter (EST)', '2026-01-14', '22:00:00.000', '21:59:59.999'],
    ['summer (EDT)', '2026-07-14', '21:00:00.000', '20:59:59.999'],
  ] as const) {
    it(`${season}: a loss spread across the boundary does not trip; the same loss before it does`, () => {
      const across = riskHarness(limits);
      across.risk.onAccountState(equityAt('10000', `${date}T15:00:00Z`));
      across.risk.onAccountState(equityAt('9910', `${date}T${beforeUtc}Z`));
      across.risk.onAccountState(equityAt('9890', `${date}T${boundaryUtc}Z`));
      expect(across.risk.dailyLoss(ACCOUNT).toString()).toBe('20');
      expect(across.risk.tradingState(ACCOUNT)).toBe('ACTIVE');

      const within = riskHarness(limits);
      within.risk.onAccountState(equityAt('10000', `${date}T15:00:00Z`));
      within.risk.onAccountState(equityAt('9910', `${date}T${beforeUtc.slice(0, 2)}:00:00.000Z`));
      within.risk.onAccountState(equityAt('9899.99', `${date}T${beforeUtc}Z`));
      expect(within.risk.tradingState(ACCOUNT)).toBe('HALTED');
      const trip = within.events.find((event) => event.type === 'TradingStateChanged');
      expect(trip).toMatchObject({ current: 'HALTED', actor: 'risk' });
      const alert = within.events.find(
        (event) => event.type === 'AlertRaised' && event.severity === 'critical',
      );
      expect(alert).toMatchObject({
        kind: 'risk-limit',
        details: { code: 'RISK_DAILY_LOSS_LIMIT', limit: '100', found: '100.01' },
      });
    });
  }

  it('in the hour DST moves, 21:30 UTC belongs to the old day in winter and to the new one in summer', () => {
    const winter = riskHarness(limits);
    winter.risk.onAccountState(equityAt('10000', '2026-01-14T20:00:00Z'));
    winter.risk.onAccountState(equityAt('9950', '2026-01-14T20:30:00Z'));
    winter.risk.onAccountState(equityAt('9950', '2026-01-14T21:30:00Z'));
    expect(winter.risk.dailyLoss(ACCOUNT).toString()).toBe('50');
    const summer = riskHarness(limits);
    summer.risk.onAccountState(equityAt('10000', '2026-07-14T20:00:00Z'));
    summer.risk.onAccountState(equityAt('9950', '2026-07-14T20:30:00Z'));
    summer.risk.onAccountState(equityAt('9950', '2026-07-14T21:30:00Z'));
    expect(summer.risk.dailyLoss(ACCOUNT).toString()).toBe('0');
  });

  it('uses 00:00 UTC when the account is configured for crypto', () => {
    const { risk } = riskHarness({
      account: { dailyLossLimit: '100', tradingDayTimeZone: 'UTC', tradingDayEnd: '00:00' },
    });
    risk.onAccountState(equityAt('10000', '2026-01-14T23:00:00Z'));
    risk.onAccountState(equityAt('9950', '2026-01-14T23:59:59.999Z'));
    risk.onAccountState(equityAt('9890', '2026-01-15T00:00:00Z'));
    expect(risk.dailyLoss(ACCOUNT).toString()).toBe('60');
    expect(risk.tradingState(ACCOUNT)).toBe('ACTIVE');
  });

  it('trips the whole system when the summed loss of all accounts passes the global limit', () => {
    const { risk, portfolio } = riskHarness({
      global: { dailyLossLimit: '150', dailyLossAction: 'REDUCING' },
    });
    const other = AccountId.parse('acc-2');
    portfolio.registerAccount({
      accountId: other,
      venue: 'OANDA',
      type: 'margin',
      baseCurrency: 'USD',
      positionMode: 'netting',
      costBasis: 'fifo-trades',
    });
    risk.onAccountState(equityAt('10000', '2026-01-14T15:00:00Z'));
    risk.onAccountState(equityAt('5000', '2026-01-14T15:00:00Z', other));
    risk.onAccountState(equityAt('9920', '2026-01-14T16:00:00Z'));
    risk.onAccountState(equityAt('4930', '2026-01-14T16:00:00Z', other));
    expect(risk.tradingState('global')).toBe('ACTIVE');
    risk.onAccountState(equityAt('4929', '2026-01-14T16:01:00Z', other));
    expect(risk.tradingState('global')).toBe('REDUCING');
  });
});

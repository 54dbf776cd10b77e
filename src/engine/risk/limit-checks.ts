import type { AccountId, Currency, Decimal, Instrument, OrderRequest } from '../../core';
import { Decimal as DecimalValue, requiresPrice } from '../../core';
import { deny } from './denial';
import {
  checkFunds,
  checkGross,
  checkInstrumentNotional,
  checkInstrumentPosition,
  checkLeverage,
  checkMaxOrderNotional,
  checkRiskPerTrade,
  type Valuation,
} from './exposure-checks';
import type { LimitStore, ResolvedLimits } from './limit-store';
import type { PendingSummary } from './open-orders';
import { isWithinTradingHours } from './trading-hours';
import type { RiskDenial, RiskEngineDependencies } from './types';
import { checkNoHedging, checkUsLeverage } from './us-fx';

/** The limits that read portfolio state: hours, open orders, hedging, notional, funds, exposure, leverage. */
export class LimitChecks {
  constructor(
    private readonly deps: RiskEngineDependencies,
    private readonly store: LimitStore,
  ) {}

  private valuation(
    request: OrderRequest,
    quantity: Decimal,
    instrument: Instrument,
    accountCurrency: string,
  ): Valuation | RiskDenial {
    const quote = this.deps.portfolio.lastQuote(request.instrumentId);
    const price =
      (requiresPrice(request.type) ? request.price : undefined) ??
      request.triggerPrice ??
      request.price ??
      (request.side === 'buy' ? quote?.ask : quote?.bid);
    const rate = this.rate(instrument.quoteCurrency, accountCurrency);
    if (price === undefined || rate === undefined) {
      return deny(
        'RISK_PRICE_UNAVAILABLE',
        `cannot value ${request.instrumentId}: ${price === undefined ? 'no price and no quote yet' : `no rate ${instrument.quoteCurrency}->${accountCurrency}`}`,
        { rule: 'valuation', quoteCurrency: instrument.quoteCurrency, accountCurrency },
      );
    }
    const quoteNotional = quantity.mul(price);
    return { price, rate, quoteNotional, notional: quoteNotional.mul(rate) };
  }

  /**
   * Limits that need state. Per-order rules (notional bounds, risk per trade) value the whole order; exposure
   * rules (funds, positions, leverage) value `added`: the whole order on submit, the increase on a modify.
   */
  check(
    request: OrderRequest,
    added: Decimal,
    instrument: Instrument,
    limits: ResolvedLimits,
    pending: PendingSummary,
    reduces: boolean,
    modify: boolean,
  ): RiskDenial | undefined {
    const { portfolio } = this.deps;
    const accountId = request.accountId;
    const setup = portfolio.accountSetup(accountId);
    const type = setup?.type ?? (instrument.kind === 'crypto-spot' ? 'cash' : 'margin');
    const now = this.deps.clock.now();
    const hours = limits.limits.instrumentHours.get(request.instrumentId) ?? limits.get('tradingHours');
    if (hours && !isWithinTradingHours(hours, now)) {
      return deny(
        'RISK_OUTSIDE_TRADING_HOURS',
        `${request.instrumentId} is outside its trading hours (${hours.text})`,
        { rule: 'trading-hours', hours: hours.text, now: new Date(now).toISOString() },
      );
    }
    if (!modify) {
      const maxOpen = limits.get('maxOpenOrders');
      if (maxOpen && pending.count + 1 > maxOpen) {
        return deny('RISK_MAX_OPEN_ORDERS', `${pending.count + 1} open orders would exceed ${maxOpen}`, {
          rule: 'max-open-orders',
          limit: String(maxOpen),
          found: String(pending.count + 1),
        });
      }
      const venueMax = instrument.kind === 'crypto-spot' ? instrument.maxOpenOrders : undefined;
      if (venueMax !== undefined && pending.instrumentCount + 1 > venueMax) {
        return deny(
          'RISK_MAX_OPEN_ORDERS',
          `${pending.instrumentCount + 1} open orders on ${instrument.id} would exceed the venue's ${venueMax}`,
          {
            rule: 'instrument-max-open-orders',
            limit: String(venueMax),
            found: String(pending.instrumentCount + 1),
          },
        );
      }
    }
    const usFx = limits.usFx;
    if (usFx !== undefined && setup?.positionMode === 'hedging' && !request.reduceOnly) {
      const opposite = portfolio.legQuantity(
        accountId,
        request.instrumentId,
        request.side === 'buy' ? 'short' : 'long',
      );
      const denial = checkNoHedging(request.side, opposite);
      if (denial !== undefined) return denial;
    }
    const accountCurrency = setup === undefined ? instrument.quoteCurrency : String(setup.baseCurrency);
    const whole = this.valuation(request, request.quantity, instrument, accountCurrency);
    if (!('rate' in whole)) return whole;
    const perOrder =
      checkInstrumentNotional(request, instrument, whole) ??
      checkMaxOrderNotional(whole, limits.get('maxOrderNotional'));
    if (perOrder !== undefined) return perOrder;
    if (added.isZero() || (reduces && type === 'margin')) return undefined;
    const quantity = added;
    const valued = added.eq(request.quantity)
      ? whole
      : { ...whole, quoteNotional: added.mul(whole.price), notional: added.mul(whole.price).mul(whole.rate) };
    const figures = portfolio.figures(accountId);
    if (figures !== undefined) {
      const view = {
        marginAvailable: figures.marginAvailable,
        baseCurrency: figures.baseCurrency,
        free: (currency: string) => portfolio.freeBalance(accountId, currency),
      };
      const funds = checkFunds(request, instrument, valued, view, type);
      if (funds !== undefined) return funds;
    }
    if (reduces) return undefined;
    const net = portfolio.netQuantity(accountId, request.instrumentId);
    const signed = request.side === 'buy' ? quantity : quantity.neg();
    const pendingSigned = request.side === 'buy' ? pending.growing : pending.growing.neg();
    const venueMaxPosition = instrument.kind === 'fx' ? instrument.maxPositionSize : undefined;
    const unitsAfter = net.add(signed).add(pendingSigned).abs();
    if (venueMaxPosition !== undefined && unitsAfter.gt(venueMaxPosition)) {
      return deny(
        'RISK_MAX_POSITION_INSTRUMENT',
        `position of ${unitsAfter.toString()} units would exceed the venue's ${venueMaxPosition.toString()}`,
        {
          rule: 'instrument-max-position-units',
          limit: venueMaxPosition.toString(),
          found: unitsAfter.toString(),
        },
      );
    }
    const maxPositions = limits.get('maxConcurrentPositions');
    const count = portfolio.openPositionCount(accountId);
    if (maxPositions && net.isZero() && count + 1 > maxPositions) {
      return deny('RISK_MAX_POSITIONS', `${count + 1} positions would exceed ${maxPositions}`, {
        rule: 'max-concurrent-positions',
        limit: String(maxPositions),
        found: String(count + 1),
      });
    }
    const gross = figures?.grossExposure ?? DecimalValue.ZERO;
    const equity = figures?.equity ?? DecimalValue.ZERO;
    return (
      checkInstrumentPosition(
        net,
        signed,
        pendingSigned,
        valued,
        limits.get('maxPositionNotionalPerInstrument'),
      ) ??
      checkGross(
        'RISK_MAX_POSITION_ACCOUNT',
        gross,
        valued.notional,
        limits.get('maxPositionNotionalPerAccount'),
      ) ??
      this.checkSystem(valued.notional, accountCurrency) ??
      checkRiskPerTrade(request, whole, equity, limits.get('riskPerTrade')) ??
      checkLeverage(gross, valued, equity, limits.get('maxLeverage')) ??
      (usFx === undefined || instrument.kind !== 'fx'
        ? undefined
        : checkUsLeverage(
            instrument,
            valued.notional,
            this.positionsWithInstruments(accountId),
            equity,
            usFx,
          ))
    );
  }

  private *positionsWithInstruments(
    accountId: AccountId,
  ): Iterable<{ instrument: Instrument | undefined; notional: Decimal | undefined }> {
    for (const exposure of this.deps.portfolio.positionExposures(accountId)) {
      yield { instrument: this.deps.instrument(exposure.instrumentId), notional: exposure.notional };
    }
  }

  private checkSystem(notional: Decimal, accountCurrency: string): RiskDenial | undefined {
    const global = this.store.for('global');
    const limit = global.get('maxPositionNotionalSystem');
    if (!limit) return undefined;
    const reporting = global.get('reportingCurrency') ?? 'USD';
    const { portfolio } = this.deps;
    let gross: Decimal = DecimalValue.ZERO;
    // A sum with an account left out would understate exposure: without every rate, the order is not valued.
    const missing = (currency: string) =>
      deny('RISK_PRICE_UNAVAILABLE', `cannot sum system exposure: no rate ${currency}->${reporting}`, {
        rule: 'system-valuation',
        from: currency,
        to: reporting,
      });
    for (const accountId of portfolio.accountIds()) {
      const exposure = portfolio.grossExposure(accountId);
      if (exposure.isZero()) continue;
      const currency = String(portfolio.accountSetup(accountId)?.baseCurrency ?? reporting);
      const rate = this.rate(currency, reporting);
      if (rate === undefined) return missing(currency);
      gross = gross.add(exposure.mul(rate));
    }
    const rate = this.rate(accountCurrency, reporting);
    if (rate === undefined) return missing(accountCurrency);
    return checkGross('RISK_MAX_POSITION_SYSTEM', gross, notional.mul(rate), limit);
  }

  /** Currency codes here come from validated Currency values or the validated reportingCurrency limit. */
  private rate(from: string, to: string): Decimal | undefined {
    return this.deps.portfolio.rates.rate(from as Currency, to as Currency);
  }
}

import type { Decimal, Instrument, OrderRequest } from '../../core';
import { Decimal as DecimalValue } from '../../core';
import { deny } from './denial';
import type { RiskDenial } from './types';

/** The order valued: price in the quote currency, rate quote -> account, notional in the account currency. */
export interface Valuation {
  readonly price: Decimal;
  readonly rate: Decimal;
  readonly quoteNotional: Decimal;
  readonly notional: Decimal;
}

const s = (value: Decimal) => value.toString();

/** Instrument minimum / maximum notional, in the quote currency (Binance NOTIONAL; min may skip market orders). */
export function checkInstrumentNotional(
  request: OrderRequest,
  instrument: Instrument,
  valuation: Valuation,
): RiskDenial | undefined {
  const { quoteNotional } = valuation;
  const minApplies =
    instrument.kind !== 'crypto-spot' || request.type !== 'market' || instrument.minNotionalAppliesToMarket;
  if (minApplies && instrument.minNotional !== undefined && quoteNotional.lt(instrument.minNotional)) {
    return deny(
      'RISK_NOTIONAL_BELOW_MINIMUM',
      `order notional ${s(quoteNotional)} ${instrument.quoteCurrency} is below the minimum ${s(instrument.minNotional)}`,
      {
        rule: 'instrument-min-notional',
        limit: s(instrument.minNotional),
        found: s(quoteNotional),
        price: s(valuation.price),
      },
    );
  }
  if (instrument.maxNotional !== undefined && quoteNotional.gt(instrument.maxNotional)) {
    return deny(
      'RISK_NOTIONAL_ABOVE_MAXIMUM',
      `order notional ${s(quoteNotional)} ${instrument.quoteCurrency} is above the maximum ${s(instrument.maxNotional)}`,
      {
        rule: 'instrument-max-notional',
        limit: s(instrument.maxNotional),
        found: s(quoteNotional),
        price: s(valuation.price),
      },
    );
  }
  return undefined;
}

export function checkMaxOrderNotional(
  valuation: Valuation,
  limit: Decimal | null | undefined,
): RiskDenial | undefined {
  if (!limit || valuation.notional.lte(limit)) return undefined;
  return deny(
    'RISK_MAX_ORDER_NOTIONAL',
    `order notional ${s(valuation.notional)} exceeds the limit ${s(limit)}`,
    {
      rule: 'max-order-notional',
      limit: s(limit),
      found: s(valuation.notional),
      price: s(valuation.price),
      rate: s(valuation.rate),
    },
  );
}

/** What the funds check reads: margin available (margin account) or the free balance of the needed asset (cash). */
export interface FundsView {
  readonly marginAvailable: Decimal;
  readonly free: (currency: string) => Decimal;
  readonly baseCurrency: string;
}

/**
 * Free cash or margin. Margin account: notional x margin rate must fit in margin available. Cash account: a
 * buy needs the quote currency, a sell the base asset, free (venue-reported locked amounts excluded).
 */
export function checkFunds(
  request: OrderRequest,
  instrument: Instrument,
  valuation: Valuation,
  funds: FundsView,
  type: 'cash' | 'margin',
): RiskDenial | undefined {
  if (type === 'margin') {
    const rate = instrument.kind === 'fx' ? instrument.marginRate : DecimalValue.ONE;
    const required = valuation.notional.mul(rate);
    const available = funds.marginAvailable;
    if (required.lte(available)) return undefined;
    return deny(
      'RISK_INSUFFICIENT_FUNDS',
      `margin required ${s(required)} exceeds margin available ${s(available)}`,
      {
        rule: 'margin-available',
        limit: s(available),
        found: s(required),
        marginRate: s(rate),
        currency: funds.baseCurrency,
      },
    );
  }
  const currency = request.side === 'buy' ? instrument.quoteCurrency : instrument.baseCurrency;
  const needed = request.side === 'buy' ? valuation.quoteNotional : request.quantity;
  const free = funds.free(currency);
  if (needed.lte(free)) return undefined;
  return deny('RISK_INSUFFICIENT_FUNDS', `needs ${s(needed)} ${currency} free, has ${s(free)}`, {
    rule: 'free-balance',
    currency,
    limit: s(free),
    found: s(needed),
  });
}

/** |position + order + same-side open orders| x price, account currency, against the per-instrument limit. */
export function checkInstrumentPosition(
  net: Decimal,
  signed: Decimal,
  pending: Decimal,
  valuation: Valuation,
  limit: Decimal | null | undefined,
): RiskDenial | undefined {
  if (!limit) return undefined;
  const after = net.add(signed).add(pending);
  const notional = after.abs().mul(valuation.price).mul(valuation.rate);
  if (notional.lte(limit)) return undefined;
  return deny(
    'RISK_MAX_POSITION_INSTRUMENT',
    `position notional after the order ${s(notional)} exceeds the limit ${s(limit)}`,
    {
      rule: 'max-position-instrument',
      limit: s(limit),
      found: s(notional),
      positionAfter: s(after),
      price: s(valuation.price),
    },
  );
}

export function checkGross(
  code: 'RISK_MAX_POSITION_ACCOUNT' | 'RISK_MAX_POSITION_SYSTEM',
  gross: Decimal,
  added: Decimal,
  limit: Decimal | null | undefined,
): RiskDenial | undefined {
  if (!limit) return undefined;
  const after = gross.add(added);
  if (after.lte(limit)) return undefined;
  const scope = code === 'RISK_MAX_POSITION_ACCOUNT' ? 'account' : 'system';
  return deny(code, `${scope} gross notional after the order ${s(after)} exceeds the limit ${s(limit)}`, {
    rule: `max-position-${scope}`,
    limit: s(limit),
    found: s(after),
    current: s(gross),
  });
}

/** (gross + order notional) / equity <= max leverage, compared without division. */
export function checkLeverage(
  gross: Decimal,
  valuation: Valuation,
  equity: Decimal,
  limit: Decimal | null | undefined,
): RiskDenial | undefined {
  if (!limit) return undefined;
  const after = gross.add(valuation.notional);
  const allowed = equity.mul(limit);
  if (after.lte(allowed)) return undefined;
  const found = equity.isPositive() ? after.div(equity, 4, 'up') : after;
  return deny(
    'RISK_MAX_LEVERAGE',
    `leverage after the order ${s(found)} exceeds ${s(limit)} (gross ${s(after)}, equity ${s(equity)})`,
    {
      rule: 'max-leverage',
      limit: s(limit),
      found: s(found),
      grossAfter: s(after),
      equity: s(equity),
      maxGross: s(allowed),
    },
  );
}

/** Loss to the attached stop, account currency, must be at most riskPerTrade x equity. */
export function checkRiskPerTrade(
  request: OrderRequest,
  valuation: Valuation,
  equity: Decimal,
  fraction: Decimal | null | undefined,
): RiskDenial | undefined {
  if (!fraction) return undefined;
  const stop = request.attached?.stopLoss?.triggerPrice;
  if (stop === undefined) {
    return deny(
      'RISK_STOP_LOSS_REQUIRED',
      `riskPerTrade ${s(fraction)} is set: the order needs attached.stopLoss`,
      { rule: 'stop-loss-required', limit: s(fraction) },
      'attached.stopLoss',
    );
  }
  const loss = valuation.price.sub(stop).abs().mul(request.quantity).mul(valuation.rate);
  const allowed = equity.mul(fraction);
  if (loss.lte(allowed)) return undefined;
  return deny(
    'RISK_RISK_PER_TRADE',
    `loss to the stop ${s(loss)} exceeds ${s(fraction)} of equity (${s(allowed)})`,
    {
      rule: 'risk-per-trade',
      limit: s(allowed),
      found: s(loss),
      fraction: s(fraction),
      equity: s(equity),
      entry: s(valuation.price),
      stop: s(stop),
    },
  );
}

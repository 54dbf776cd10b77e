import { Decimal } from '../../core/money/decimal';
import type { SimAccountState } from '../matching';
import { specOf, type OandaInstrumentSpec } from './instruments';
import type { SimOandaAccount, SimOandaOrder, SimOandaTrade } from './state';
import { accountUnits, priceText, rfc3339, type Json } from './wire-format';

/** v20 objects as OANDA writes them (Order, Trade, Position, AccountSummary, Instrument). */

export function orderView(order: SimOandaOrder): Json {
  return {
    id: order.id,
    createTime: rfc3339(order.createTime),
    state: order.state,
    ...order.wire,
    ...(order.tradeId === undefined ? {} : { tradeID: order.tradeId }),
    ...(order.fillingTransactionId === undefined ? {} : { fillingTransactionID: order.fillingTransactionId }),
    ...(order.filledTime === undefined ? {} : { filledTime: rfc3339(order.filledTime) }),
    ...(order.tradeOpenedId === undefined ? {} : { tradeOpenedID: order.tradeOpenedId }),
    ...(order.tradeClosedIds.length === 0 ? {} : { tradeClosedIDs: order.tradeClosedIds }),
    ...(order.cancellingTransactionId === undefined ? {} : { cancellingTransactionID: order.cancellingTransactionId }),
    ...(order.cancelledTime === undefined ? {} : { cancelledTime: rfc3339(order.cancelledTime) }),
    ...(order.replacesOrderId === undefined ? {} : { replacesOrderID: order.replacesOrderId }),
    ...(order.replacedByOrderId === undefined ? {} : { replacedByOrderID: order.replacedByOrderId }),
  };
}

export type Quote = (instrument: string) => { bid: Decimal; ask: Decimal } | undefined;

/** How the account converts its instruments' quote currencies into its home currency. */
export interface HomeConversion {
  /** Units of home per unit of `currency` at the mid (margin, position value). */
  rate(currency: string): Decimal;
  /** OANDA's quoteHomeConversionFactors: a gain converts at `positive`, a loss at `negative`. */
  factors(currency: string): { readonly positive: Decimal; readonly negative: Decimal };
}

/**
 * Unrealized P&L of a trade in the account currency, marked at the price that would close it and converted as
 * OANDA does: a gain in the quote currency by the positive factor, a loss by the negative one (the same factors
 * the pricing stream publishes, so a client applying them gets this figure).
 */
export function unrealizedOf(trade: SimOandaTrade, quote: Quote, home: HomeConversion): Decimal {
  const q = quote(trade.instrument);
  if (q === undefined || trade.state !== 'OPEN') return Decimal.ZERO;
  const close = trade.currentUnits.isPositive() ? q.bid : q.ask;
  const currency = trade.instrument.split('_')[1] ?? 'USD';
  const inQuote = close.sub(trade.price).mul(trade.currentUnits);
  const factors = home.factors(currency);
  return inQuote.mul(inQuote.isNegative() ? factors.negative : factors.positive).rescale(4, 'half-even');
}

export function tradeView(trade: SimOandaTrade, account: SimOandaAccount, quote: Quote, home: HomeConversion): Json {
  const spec = specOf(trade.instrument) as OandaInstrumentSpec;
  const dependent = (id: string | undefined): Json | undefined => {
    const order = id === undefined ? undefined : account.orders.get(id);
    // A trade shows its live dependent orders only; canceled or filled ones are history.
    return order === undefined || order.state !== 'PENDING' ? undefined : orderView(order);
  };
  const tp = dependent(trade.takeProfitOrderId);
  const sl = dependent(trade.stopLossOrderId);
  const ts = dependent(trade.trailingStopLossOrderId);
  return {
    id: trade.id,
    instrument: trade.instrument,
    price: priceText(trade.price, spec.displayPrecision),
    openTime: rfc3339(trade.openTime),
    state: trade.state,
    initialUnits: trade.initialUnits.toString(),
    initialMarginRequired: accountUnits(trade.initialUnits.abs().mul(trade.price).mul(Decimal.parse(spec.marginRate)).mul(home.rate(trade.instrument.split('_')[1] ?? 'USD'))),
    currentUnits: trade.currentUnits.toString(),
    realizedPL: accountUnits(trade.realizedPL),
    unrealizedPL: accountUnits(unrealizedOf(trade, quote, home)),
    marginUsed: accountUnits(trade.currentUnits.abs().mul(trade.price).mul(Decimal.parse(spec.marginRate)).mul(home.rate(trade.instrument.split('_')[1] ?? 'USD'))),
    financing: accountUnits(trade.financing),
    dividendAdjustment: '0.0000',
    ...(trade.closingTransactionIds.length === 0 ? {} : { closingTransactionIDs: trade.closingTransactionIds }),
    ...(trade.closeTime === undefined ? {} : { closeTime: rfc3339(trade.closeTime) }),
    ...(trade.clientExtensions === undefined ? {} : { clientExtensions: trade.clientExtensions }),
    ...(tp === undefined ? {} : { takeProfitOrder: tp }),
    ...(sl === undefined ? {} : { stopLossOrder: sl }),
    ...(ts === undefined ? {} : { trailingStopLossOrder: ts }),
  };
}

/** A Position: long and short legs from the open trades, P&L from all trades of the instrument. */
export function positionView(instrument: string, account: SimOandaAccount, quote: Quote, home: HomeConversion): Json {
  const spec = specOf(instrument) as OandaInstrumentSpec;
  const trades = [...account.trades.values()].filter((t) => t.instrument === instrument);
  const leg = (sign: 1 | -1): Json => {
    const open = trades.filter((t) => t.state === 'OPEN' && t.currentUnits.sign() === sign);
    const units = open.reduce((s, t) => s.add(t.currentUnits), Decimal.ZERO);
    const notional = open.reduce((s, t) => s.add(t.currentUnits.mul(t.price)), Decimal.ZERO);
    const all = trades.filter((t) => t.initialUnits.sign() === sign);
    const pl = all.reduce((s, t) => s.add(t.realizedPL), Decimal.ZERO);
    const unrealized = open.reduce((s, t) => s.add(unrealizedOf(t, quote, home)), Decimal.ZERO);
    return {
      units: units.toString(),
      ...(units.isZero() ? {} : { averagePrice: priceText(notional.div(units, spec.displayPrecision + 1, 'half-even'), spec.displayPrecision + 1), tradeIDs: open.map((t) => t.id) }),
      pl: accountUnits(pl), resettablePL: accountUnits(pl), unrealizedPL: accountUnits(unrealized),
      financing: accountUnits(all.reduce((s, t) => s.add(t.financing), Decimal.ZERO)), guaranteedExecutionFees: '0.0000',
    };
  };
  const long = leg(1);
  const short = leg(-1);
  const sum = (field: string): string => accountUnits(Decimal.parse(String(long[field])).add(Decimal.parse(String(short[field]))));
  return {
    instrument, long, short,
    pl: sum('pl'), resettablePL: sum('resettablePL'), unrealizedPL: sum('unrealizedPL'),
    marginUsed: accountUnits(Decimal.ZERO), financing: sum('financing'), commission: '0.0000', guaranteedExecutionFees: '0.0000',
  };
}

export function summaryView(account: SimOandaAccount, state: SimAccountState): Json {
  const balance = state.balances.find((b) => b.currency === account.currency)?.total ?? Decimal.ZERO;
  const open = [...account.trades.values()].filter((t) => t.state === 'OPEN');
  const pending = [...account.orders.values()].filter((o) => o.state === 'PENDING');
  return {
    id: account.id,
    alias: account.alias,
    currency: account.currency,
    balance: accountUnits(balance),
    createdByUserID: 1,
    createdTime: rfc3339(account.createdTime),
    guaranteedStopLossOrderMode: 'DISABLED',
    pl: accountUnits(state.realizedPnl),
    resettablePL: accountUnits(state.realizedPnl),
    resettablePLTime: '0',
    financing: accountUnits(state.financing),
    commission: accountUnits(state.commission),
    guaranteedExecutionFees: '0.0000',
    marginRate: account.marginRate,
    openTradeCount: open.length,
    openPositionCount: new Set(open.map((t) => t.instrument)).size,
    pendingOrderCount: pending.length,
    hedgingEnabled: account.hedgingEnabled,
    unrealizedPL: accountUnits(state.unrealizedPnl),
    NAV: accountUnits(state.equity),
    marginUsed: accountUnits(state.marginUsed),
    marginAvailable: accountUnits(state.marginAvailable),
    positionValue: accountUnits(state.marginUsed.mul(Decimal.fromInteger(50))),
    marginCloseoutUnrealizedPL: accountUnits(state.unrealizedPnl),
    marginCloseoutNAV: accountUnits(state.equity),
    marginCloseoutMarginUsed: accountUnits(state.marginUsed),
    marginCloseoutPercent: state.equity.isPositive() ? state.marginUsed.div(state.equity.mul(Decimal.fromInteger(2)), 5, 'half-even').toString() : '0.00000',
    marginCloseoutPositionValue: accountUnits(state.marginUsed.mul(Decimal.fromInteger(50))),
    withdrawalLimit: accountUnits(state.marginAvailable),
    marginCallMarginUsed: accountUnits(state.marginUsed),
    marginCallPercent: state.equity.isPositive() ? state.marginUsed.div(state.equity, 5, 'half-even').toString() : '0.00000',
  };
}

export function instrumentView(spec: OandaInstrumentSpec): Json {
  return {
    name: spec.name, type: 'CURRENCY', displayName: spec.displayName, pipLocation: spec.pipLocation,
    displayPrecision: spec.displayPrecision, tradeUnitsPrecision: spec.tradeUnitsPrecision, minimumTradeSize: spec.minimumTradeSize,
    maximumTrailingStopDistance: spec.maximumTrailingStopDistance, minimumTrailingStopDistance: spec.minimumTrailingStopDistance,
    maximumPositionSize: spec.maximumPositionSize, maximumOrderUnits: spec.maximumOrderUnits, marginRate: spec.marginRate,
    guaranteedStopLossOrderMode: 'DISABLED',
    financing: { longRate: spec.longRate, shortRate: spec.shortRate, financingDaysOfWeek: [] },
  };
}

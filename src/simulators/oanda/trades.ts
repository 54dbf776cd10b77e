import type { Timestamp } from '../../core/clock';
import { Decimal } from '../../core/money/decimal';
import type { OandaInstrumentSpec } from './instruments';
import type { SimOandaAccount, SimOandaOrder, SimOandaTrade } from './state';
import { accountUnits, priceText, type Json } from './wire-format';

/** How a fill lands on the account's trades (OANDA's positionFill, or a close of named trades). */
export type FillTarget =
  | { readonly kind: 'open' }
  | { readonly kind: 'reduce-first' }
  | { readonly kind: 'reduce-only' }
  | { readonly kind: 'trades'; readonly tradeIds: readonly string[] };

export interface TradeEffects {
  readonly opened?: SimOandaTrade;
  readonly closed: { trade: SimOandaTrade; units: Decimal; realizedPL: Decimal }[];
  readonly reduced?: { trade: SimOandaTrade; units: Decimal; realizedPL: Decimal };
  /** Units of the fill that neither closed nor opened (reduce-only past the position). */
  readonly unused: Decimal;
}

/** Units of `home` per unit of `quote`, from mids; OANDA's quote→home conversion. */
export type HomeRate = (quoteCurrency: string) => Decimal;

/**
 * Applies a fill of `units` (signed) at `price` to the account's trades: FIFO reduction of opposite trades
 * where the target allows, then a new trade with the rest. Realized P&L per trade is (close - open) × units in
 * the quote currency, converted to the account currency.
 */
export function applyFillToTrades(
  account: SimOandaAccount,
  spec: OandaInstrumentSpec,
  order: SimOandaOrder,
  units: Decimal,
  price: Decimal,
  target: FillTarget,
  fillId: string,
  time: Timestamp,
  homeRate: HomeRate,
): TradeEffects {
  const quote = spec.name.split('_')[1] ?? 'USD';
  const rate = homeRate(quote);
  let remaining = units;
  const closed: TradeEffects['closed'] = [];
  let reduced: TradeEffects['reduced'];
  const candidates =
    target.kind === 'trades'
      ? target.tradeIds.map((id) => account.trades.get(id)).filter((t): t is SimOandaTrade => t !== undefined && t.state === 'OPEN')
      : target.kind === 'open'
        ? []
        : [...account.trades.values()].filter((t) => t.state === 'OPEN' && t.instrument === spec.name && t.currentUnits.sign() === -units.sign());
  candidates.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  for (const trade of candidates) {
    if (remaining.isZero()) break;
    const closing = trade.currentUnits.abs().min(remaining.abs());
    const direction = trade.currentUnits.isPositive() ? Decimal.ONE : Decimal.ONE.neg();
    const plQuote = price.sub(trade.price).mul(closing).mul(direction);
    const realizedPL = plQuote.mul(rate).rescale(4, 'half-even');
    trade.realizedPL = trade.realizedPL.add(realizedPL);
    trade.currentUnits = trade.currentUnits.sub(closing.mul(direction));
    remaining = remaining.add(closing.mul(direction));
    trade.closingTransactionIds.push(fillId);
    if (trade.currentUnits.isZero()) {
      trade.state = 'CLOSED';
      trade.closeTime = time;
      closed.push({ trade, units: closing.mul(direction).neg(), realizedPL });
    } else {
      reduced = { trade, units: closing.mul(direction).neg(), realizedPL };
    }
  }
  let opened: SimOandaTrade | undefined;
  if (!remaining.isZero() && (target.kind === 'open' || target.kind === 'reduce-first')) {
    const extensions = order.wire['tradeClientExtensions'] as Json | undefined;
    opened = {
      id: fillId,
      instrument: spec.name,
      price,
      openTime: time,
      state: 'OPEN',
      initialUnits: remaining,
      currentUnits: remaining,
      realizedPL: Decimal.ZERO,
      financing: Decimal.ZERO,
      closingTransactionIds: [],
      ...(extensions === undefined ? {} : { clientExtensions: extensions }),
      openingOrderId: order.id,
    };
    account.trades.set(opened.id, opened);
    const clientId = extensions?.['id'];
    if (typeof clientId === 'string') account.tradesByClientId.set(clientId, opened);
    remaining = Decimal.ZERO;
  }
  return { ...(opened === undefined ? {} : { opened }), closed, ...(reduced === undefined ? {} : { reduced }), unused: remaining };
}

/** The ORDER_FILL transaction body for a fill and its effect on trades. */
export function orderFillBody(input: {
  order: SimOandaOrder;
  spec: OandaInstrumentSpec;
  units: Decimal;
  price: Decimal;
  bid: Decimal;
  ask: Decimal;
  effects: TradeEffects;
  reason: string;
  accountBalance: Decimal;
  marginRate: Decimal;
  homeRate: Decimal;
  time: string;
}): Json {
  const { spec, effects, price } = input;
  const p = (value: Decimal): string => priceText(value, spec.displayPrecision);
  const pl = [...effects.closed, ...(effects.reduced === undefined ? [] : [effects.reduced])].reduce((sum, x) => sum.add(x.realizedPL), Decimal.ZERO);
  const halfSpread = input.ask.sub(input.bid).div(Decimal.fromInteger(2), spec.displayPrecision + 1, 'half-even');
  const halfSpreadCost = (units: Decimal): string => accountUnits(units.abs().mul(halfSpread).mul(input.homeRate));
  const tradeReduce = (x: { trade: SimOandaTrade; units: Decimal; realizedPL: Decimal }): Json => ({
    tradeID: x.trade.id, units: x.units.toString(), price: p(price), realizedPL: accountUnits(x.realizedPL),
    financing: '0.0000', guaranteedExecutionFee: '0.0000', halfSpreadCost: halfSpreadCost(x.units),
  });
  const clientId = input.order.clientId;
  return {
    type: 'ORDER_FILL',
    orderID: input.order.id,
    ...(clientId === undefined ? {} : { clientOrderID: clientId }),
    instrument: spec.name,
    units: input.units.toString(),
    gainQuoteHomeConversionFactor: input.homeRate.rescale(8, 'half-even').toString(),
    lossQuoteHomeConversionFactor: input.homeRate.rescale(8, 'half-even').toString(),
    price: p(price),
    fullVWAP: p(price),
    fullPrice: {
      type: 'PRICE',
      bids: [{ price: p(input.bid), liquidity: 10000000 }],
      asks: [{ price: p(input.ask), liquidity: 10000000 }],
      closeoutBid: p(input.bid),
      closeoutAsk: p(input.ask),
    },
    reason: input.reason,
    pl: accountUnits(pl),
    financing: '0.0000',
    commission: '0.0000',
    guaranteedExecutionFee: '0.0000',
    accountBalance: accountUnits(input.accountBalance),
    ...(effects.opened === undefined
      ? {}
      : {
          tradeOpened: {
            tradeID: effects.opened.id,
            units: effects.opened.initialUnits.toString(),
            price: p(price),
            guaranteedExecutionFee: '0.0000',
            halfSpreadCost: halfSpreadCost(effects.opened.initialUnits),
            initialMarginRequired: accountUnits(effects.opened.initialUnits.abs().mul(price).mul(input.marginRate).mul(input.homeRate)),
            ...(effects.opened.clientExtensions === undefined ? {} : { clientExtensions: effects.opened.clientExtensions }),
          },
        }),
    ...(effects.closed.length === 0 ? {} : { tradesClosed: effects.closed.map(tradeReduce) }),
    ...(effects.reduced === undefined ? {} : { tradeReduced: tradeReduce(effects.reduced) }),
    halfSpreadCost: halfSpreadCost(input.units),
  };
}

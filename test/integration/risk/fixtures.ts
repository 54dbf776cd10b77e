import {
  AccountId,
  ClientOrderId,
  Currency,
  Decimal,
  InstrumentId,
  Money,
  Price,
  Quantity,
  TradeId,
  type CryptoSpot,
  type FxPair,
  type Instrument,
  type OrderRequest,
  type PositionFill,
  type QuoteTick,
} from '../../../src/core';

export const d = Decimal.parse;

/** OANDA-like EUR_USD (v20 instrument fields: 5-decimal tick, 1-unit lots, 2% margin = 50:1). */
export function fxPair(symbol: string, overrides: Partial<FxPair> = {}): FxPair {
  const [base, quote] = symbol.split('_') as [string, string];
  const jpy = quote === 'JPY';
  return {
    kind: 'fx',
    id: InstrumentId.of(symbol, 'OANDA'),
    venue: 'OANDA',
    venueSymbol: symbol,
    baseCurrency: Currency.parse(base),
    quoteCurrency: Currency.parse(quote),
    priceIncrement: d(jpy ? '0.001' : '0.00001'),
    sizeIncrement: d('1'),
    minQuantity: d('1'),
    status: 'trading',
    pipLocation: jpy ? -2 : -4,
    displayPrecision: jpy ? 3 : 5,
    maxOrderUnits: d('100000000'),
    marginRate: d('0.02'),
    trailingStopDistance: { min: d(jpy ? '0.050' : '0.00050'), max: d(jpy ? '100.000' : '1.00000') },
    ...overrides,
  };
}

/** Binance-like BTCUSDT (PRICE_FILTER 0.01, LOT_SIZE 0.00001, NOTIONAL min 5). */
export function btcUsdt(overrides: Partial<CryptoSpot> = {}): CryptoSpot {
  return {
    kind: 'crypto-spot',
    id: InstrumentId.of('BTCUSDT', 'BINANCE'),
    venue: 'BINANCE',
    venueSymbol: 'BTCUSDT',
    baseCurrency: Currency.parse('BTC'),
    quoteCurrency: Currency.parse('USDT'),
    priceIncrement: d('0.01'),
    sizeIncrement: d('0.00001'),
    minQuantity: d('0.00001'),
    maxQuantity: d('9000'),
    minNotional: d('5'),
    maxNotional: d('9000000'),
    minNotionalAppliesToMarket: true,
    status: 'trading',
    maxOpenOrders: 200,
    trailingDeltaBasisPoints: { min: 10, max: 2000 },
    ...overrides,
  };
}

export function instrumentMap(...instruments: Instrument[]): (id: InstrumentId) => Instrument | undefined {
  const map = new Map(instruments.map((instrument) => [instrument.id, instrument] as const));
  return (id) => map.get(id);
}

let fillSequence = 0;

export function fill(
  instrument: Instrument,
  side: 'buy' | 'sell',
  quantity: string,
  price: string,
  options: {
    account?: string;
    commission?: string;
    commissionCurrency?: string;
    tag?: string;
    effect?: 'open' | 'reduce';
    at?: number;
    tradeId?: string;
    venuePnl?: Money;
  } = {},
): PositionFill {
  fillSequence++;
  return {
    accountId: AccountId.parse(options.account ?? 'acc-1'),
    instrumentId: instrument.id,
    tradeId: TradeId.of(options.tradeId ?? `t${fillSequence}`),
    side,
    quantity: Quantity.parse(quantity),
    price: Price.parse(price),
    commission: Money.parse(
      options.commission ?? '0',
      options.commissionCurrency ?? instrument.quoteCurrency,
    ),
    ...(options.tag === undefined ? {} : { tag: options.tag }),
    ...(options.effect === undefined ? {} : { effect: options.effect }),
    ...(options.venuePnl === undefined ? {} : { venueRealizedPnl: options.venuePnl }),
    occurredAt: options.at ?? Date.UTC(2026, 0, 5, 12, 0, 0) + fillSequence,
  };
}

export function quote(
  instrument: Instrument,
  bid: string,
  ask: string,
  at = Date.UTC(2026, 0, 5, 12),
): QuoteTick {
  return {
    type: 'QuoteTick',
    instrumentId: instrument.id,
    bid: Price.parse(bid),
    ask: Price.parse(ask),
    occurredAt: at,
    recordedAt: at,
  };
}

let orderSequence = 0;

export function order(
  instrument: Instrument,
  side: 'buy' | 'sell',
  quantity: string,
  extra: Partial<OrderRequest> = {},
): OrderRequest {
  orderSequence++;
  return {
    clientOrderId: ClientOrderId.parse(`o-${orderSequence}`),
    accountId: AccountId.parse('acc-1'),
    instrumentId: instrument.id,
    side,
    type: 'market',
    quantity: Quantity.parse(quantity),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
    ...extra,
  };
}

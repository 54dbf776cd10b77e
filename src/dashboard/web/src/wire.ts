/**
 * What the API sends, read defensively into the view's own records. Decimals stay strings (exact) all the
 * way to the screen; only the plots turn them into floats. Field names follow the engine's JSON (core's
 * toJSON: Decimal → "1.25", Money → {amount, currency}); an order may arrive as the engine's OrderView
 * ({order: {request, ...}, status}) or flattened, and both read the same.
 */

export type Json = Record<string, unknown>;

export interface MoneyValue {
  readonly amount: string;
  readonly currency: string;
}

export interface AccountRow {
  readonly accountId: string;
  readonly venue: string;
  readonly enabled: boolean;
  readonly tradingState: string;
  readonly baseCurrency: string;
  readonly balances: readonly { currency: string; total: string; free: string; locked: string }[];
  readonly equity?: MoneyValue;
  readonly marginUsed?: MoneyValue;
  readonly realizedPnl?: MoneyValue;
  readonly unrealizedPnl?: MoneyValue;
}

export interface QuoteRow {
  readonly instrumentId: string;
  readonly bid: string;
  readonly ask: string;
  readonly at: number;
}

export interface PositionRow {
  readonly accountId: string;
  readonly instrumentId: string;
  readonly side: string;
  readonly signedQuantity: string;
  readonly averagePrice: string;
  readonly unrealizedPnl?: MoneyValue;
  readonly realizedPnl?: MoneyValue;
}

export interface OrderRow {
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly side: string;
  readonly type: string;
  readonly quantity: string;
  readonly filledQuantity: string;
  readonly price?: string;
  readonly triggerPrice?: string;
  readonly timeInForce: string;
  readonly status: string;
  readonly reason?: string;
  /** Attached stop-loss trigger and take-profit price, placed when the order fills. */
  readonly stopLoss?: string;
  readonly takeProfit?: string;
}

export interface FillRow {
  readonly tradeId: string;
  readonly clientOrderId?: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly side: string;
  readonly quantity: string;
  readonly price: string;
  readonly commission?: MoneyValue;
  readonly at: number;
}

export interface InstrumentRow {
  readonly id: string;
  readonly venue: string;
  readonly kind: string;
  readonly quoteCurrency: string;
  readonly priceIncrement: string;
  readonly sizeIncrement: string;
  readonly minQuantity: string;
}

export interface AlertRow {
  readonly alertId: string;
  readonly kind: string;
  readonly severity: string;
  readonly message: string;
  readonly at: number;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list either bare or wrapped (`{orders: [...]}`, `{items: [...]}`, `{data: [...]}`). */
export function listOf(body: unknown, key: string): Json[] {
  const list = Array.isArray(body)
    ? body
    : isRecord(body)
      ? (body[key] ?? body.items ?? body.data ?? body.results)
      : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

export function text(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return fallback;
}

function optionalText(value: unknown): string | undefined {
  const found = text(value);
  return found === '' ? undefined : found;
}

export function money(value: unknown): MoneyValue | undefined {
  if (isRecord(value) && value.amount !== undefined) {
    return { amount: text(value.amount), currency: text(value.currency) };
  }
  return undefined;
}

/** Milliseconds since the epoch from a number or an ISO string. */
export function time(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? 0 : parsed;
  }
  return 0;
}

export function readAccount(raw: Json): AccountRow {
  const state = isRecord(raw.state) ? raw.state : raw;
  const balances = Array.isArray(state.balances) ? state.balances.filter(isRecord) : [];
  return {
    accountId: text(raw.accountId ?? raw.id),
    venue: text(raw.venue),
    enabled: raw.enabled !== false,
    tradingState: text(raw.tradingState, 'ACTIVE'),
    baseCurrency: text(state.baseCurrency ?? raw.baseCurrency),
    balances: balances.map((b) => ({
      currency: text(b.currency),
      total: text(b.total),
      free: text(b.free),
      locked: text(b.locked),
    })),
    ...optionalMoney('equity', state.equity ?? raw.equity),
    ...optionalMoney('marginUsed', state.marginUsed ?? raw.marginUsed),
    ...optionalMoney('realizedPnl', raw.realizedPnl),
    ...optionalMoney('unrealizedPnl', raw.unrealizedPnl),
  };
}

function optionalMoney<K extends string>(key: K, value: unknown): Partial<Record<K, MoneyValue>> {
  const found = money(value);
  return found === undefined ? {} : ({ [key]: found } as Record<K, MoneyValue>);
}

function optionalField<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export function readQuote(raw: Json): QuoteRow {
  return {
    instrumentId: text(raw.instrumentId),
    bid: text(raw.bid),
    ask: text(raw.ask),
    at: time(raw.occurredAt ?? raw.recordedAt ?? raw.time),
  };
}

export function readPosition(raw: Json): PositionRow {
  return {
    accountId: text(raw.accountId),
    instrumentId: text(raw.instrumentId),
    side: text(raw.side),
    signedQuantity: text(raw.signedQuantity ?? raw.quantity),
    averagePrice: text(raw.averagePrice),
    ...optionalMoney('unrealizedPnl', raw.unrealizedPnl),
    ...optionalMoney('realizedPnl', raw.realizedPnl),
  };
}

export function readOrder(raw: Json): OrderRow {
  const order = isRecord(raw.order) ? raw.order : raw;
  const request = isRecord(order.request) ? order.request : order;
  const pick = (key: string): unknown => order[key] ?? request[key] ?? raw[key];
  return {
    clientOrderId: text(pick('clientOrderId')),
    accountId: text(pick('accountId')),
    instrumentId: text(pick('instrumentId')),
    side: text(pick('side')),
    type: text(pick('type')),
    quantity: text(pick('quantity')),
    filledQuantity: text(pick('filledQuantity'), '0'),
    timeInForce: text(pick('timeInForce')),
    status: text(raw.status ?? order.status),
    ...optionalField('price', optionalText(pick('price'))),
    ...optionalField('triggerPrice', optionalText(pick('triggerPrice'))),
    ...optionalField('reason', optionalText(order.closingReason ?? raw.reason)),
    ...optionalField('stopLoss', optionalText(nested(nested(pick('attached'), 'stopLoss'), 'triggerPrice'))),
    ...optionalField('takeProfit', optionalText(nested(nested(pick('attached'), 'takeProfit'), 'price'))),
  };
}

function nested(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

export function readFill(raw: Json): FillRow {
  return {
    tradeId: text(raw.tradeId),
    accountId: text(raw.accountId),
    instrumentId: text(raw.instrumentId),
    side: text(raw.side),
    quantity: text(raw.quantity ?? raw.lastQuantity),
    price: text(raw.price ?? raw.lastPrice),
    at: time(raw.occurredAt ?? raw.recordedAt),
    // A fill report names the venue's client id, which need not be ours: only an event's clientOrderId counts.
    ...optionalField('clientOrderId', optionalText(raw.clientOrderId)),
    ...optionalMoney('commission', raw.commission),
  };
}

export function readInstrument(raw: Json): InstrumentRow {
  return {
    id: text(raw.id ?? raw.instrumentId),
    venue: text(raw.venue),
    kind: text(raw.kind),
    quoteCurrency: text(raw.quoteCurrency),
    priceIncrement: text(raw.priceIncrement, '0.00001'),
    sizeIncrement: text(raw.sizeIncrement, '1'),
    minQuantity: text(raw.minQuantity, text(raw.sizeIncrement, '1')),
  };
}

export function readAlert(raw: Json): AlertRow {
  return {
    alertId: text(raw.alertId),
    kind: text(raw.kind),
    severity: text(raw.severity, 'info'),
    message: text(raw.message),
    at: time(raw.occurredAt),
  };
}

import {
  AccountId,
  CLIENT_ID_RULES,
  Currency,
  Decimal,
  InstrumentId,
  Money,
  Price,
  Quantity,
  TmtError,
  TradeId,
  VenueOrderId,
  type AccountReport,
  type CancelRequest,
  type CancelResult,
  type Clock,
  type FillReport,
  type Instrument,
  type MarketDataEvent,
  type ModifyRequest,
  type ModifyResult,
  type OrderLookup,
  type OrderStatusReport,
  type PositionStatusReport,
  type SubmitResult,
  type Timestamp,
  type VenueCapabilities,
  type VenueClient,
  type VenueConnectionChanged,
  type VenueOrderSubmission,
  type VenueReport,
} from '../../../../src/core';

/**
 * A small in-test venue, used only until the paper venue (src/simulators/paper) lands, and for the faults
 * the paper venue cannot be asked for (a lost answer after the order was taken). Market orders fill at once
 * at the configured price; limit orders rest until `fill()`. De-duplicates on the venue client id.
 */
export const BTC = InstrumentId.parse('BTCUSDT.PAPER');
export const ACCOUNT = AccountId.parse('acc-1');

export function btcInstrument(): Instrument {
  return {
    kind: 'crypto-spot',
    id: BTC,
    venue: 'PAPER',
    venueSymbol: 'BTCUSDT',
    baseCurrency: Currency.parse('BTC'),
    quoteCurrency: Currency.parse('USDT'),
    priceIncrement: Decimal.parse('0.01'),
    sizeIncrement: Decimal.parse('0.001'),
    minQuantity: Decimal.parse('0.001'),
    status: 'trading',
    minNotionalAppliesToMarket: false,
  };
}

export const FULL_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['market', 'limit'],
  timeInForce: {},
  postOnly: true,
  reduceOnly: true,
  iceberg: false,
  modify: 'native',
  attachedOrders: false,
  orderLists: [],
  cancelAll: true,
  positions: true,
  hedging: false,
  quoteQuantityMarket: false,
  clientOrderId: CLIENT_ID_RULES.binance,
};

export type SubmitFault = 'lost-answer-after-accept' | 'lost-answer-before-accept' | 'unavailable' | 'held';

interface FakeOrder {
  report: OrderStatusReport;
}

export class FakeVenue implements VenueClient {
  readonly venue = 'PAPER' as const;
  readonly accountIds = [ACCOUNT];
  capabilities: VenueCapabilities;
  readonly orders = new Map<string, FakeOrder>();
  readonly fillLog: FillReport[] = [];
  /** Net position per instrument as the venue books it. */
  readonly net = new Map<string, Decimal>();
  submitCount = 0;
  cancelCount = 0;
  marketPrice = Price.parse('100.00');
  faults: SubmitFault[] = [];
  private sequence = 0;
  private heldRequests: (() => void)[] = [];
  private reportHandlers: ((report: VenueReport) => void)[] = [];
  private connectionHandlers: ((event: VenueConnectionChanged) => void)[] = [];
  private dataHandlers: ((event: MarketDataEvent) => void)[] = [];

  constructor(
    private readonly clock: Clock,
    capabilities: Partial<VenueCapabilities> = {},
  ) {
    this.capabilities = { ...FULL_CAPABILITIES, ...capabilities };
  }

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  async instruments(): Promise<readonly Instrument[]> {
    return [btcInstrument()];
  }

  async submit(submission: VenueOrderSubmission): Promise<SubmitResult> {
    this.submitCount++;
    const fault = this.faults.shift();
    if (fault === 'unavailable') throw new TmtError('VENUE_UNAVAILABLE', 'connection refused');
    if (fault === 'lost-answer-before-accept') throw new TmtError('VENUE_TIMEOUT', 'no answer');
    if (fault === 'held') {
      // The request is on the wire: the venue takes it only when the test says so.
      await new Promise<void>((resolve) => this.heldRequests.push(resolve));
    }
    const result = this.accept(submission);
    if (fault === 'lost-answer-after-accept') throw new TmtError('VENUE_TIMEOUT', 'no answer');
    return result;
  }

  /** Places an order directly at the venue (as if from another client, or lost in a crash). */
  accept(submission: VenueOrderSubmission): SubmitResult {
    const { request, venueClientOrderId } = submission;
    if (this.orders.has(venueClientOrderId)) {
      return {
        status: 'rejected',
        code: 'VENUE_DUPLICATE_ORDER',
        reason: 'duplicate client id',
        venueReason: '-2010',
      };
    }
    const venueOrderId = VenueOrderId.of(`v-${++this.sequence}`);
    const report: OrderStatusReport = {
      accountId: request.accountId,
      instrumentId: request.instrumentId,
      venueOrderId,
      venueClientOrderId,
      side: request.side,
      type: request.type,
      timeInForce: request.timeInForce,
      status: 'accepted',
      quantity: request.quantity,
      filledQuantity: Quantity.ZERO,
      ...(request.price === undefined ? {} : { price: request.price }),
      reportedAt: this.clock.now(),
    };
    const order = { report };
    this.orders.set(venueClientOrderId, order);
    if (request.type === 'market') {
      const fill = this.fill(venueClientOrderId, request.quantity, this.marketPrice, false);
      return { status: 'accepted', venueOrderId, report: order.report, fills: [fill] };
    }
    return { status: 'accepted', venueOrderId, report };
  }

  /** Fills (part of) a resting order; `stream` also pushes the fill on the report stream. */
  fill(venueClientOrderId: string, quantity: Quantity, price: Price, stream = true): FillReport {
    const order = this.orders.get(venueClientOrderId);
    if (order === undefined) throw new Error(`no order ${venueClientOrderId}`);
    const filled = Quantity.of(order.report.filledQuantity.add(quantity));
    order.report = {
      ...order.report,
      filledQuantity: filled,
      status: filled.gte(order.report.quantity) ? 'filled' : 'partially-filled',
      reportedAt: this.clock.now(),
    };
    const fill: FillReport = {
      accountId: order.report.accountId,
      instrumentId: order.report.instrumentId,
      venueOrderId: order.report.venueOrderId,
      venueClientOrderId: order.report.venueClientOrderId as never,
      tradeId: TradeId.of(`t-${++this.sequence}`),
      side: order.report.side,
      quantity,
      price,
      commission: Money.zero('USDT'),
      liquidity: 'taker',
      occurredAt: this.clock.now(),
    };
    this.fillLog.push(fill);
    const signed = order.report.side === 'buy' ? quantity : quantity.neg();
    this.net.set(
      order.report.instrumentId,
      (this.net.get(order.report.instrumentId) ?? Decimal.ZERO).add(signed),
    );
    if (stream) this.push({ kind: 'fill', report: fill });
    return fill;
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    this.cancelCount++;
    const order = this.orders.get(request.venueClientOrderId);
    if (order === undefined || ['filled', 'canceled'].includes(order.report.status)) {
      return {
        status: 'rejected',
        code: 'VENUE_UNKNOWN_ORDER',
        reason: 'unknown or closed order',
        venueReason: '-2011',
      };
    }
    order.report = { ...order.report, status: 'canceled', reportedAt: this.clock.now() };
    return { status: 'canceled', report: order.report };
  }

  async modify(request: ModifyRequest): Promise<ModifyResult> {
    const order = this.orders.get(request.venueClientOrderId);
    if (order === undefined || order.report.status !== 'accepted')
      return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: 'not open', venueReason: '' };
    order.report = {
      ...order.report,
      ...(request.amendment.quantity === undefined ? {} : { quantity: request.amendment.quantity }),
      ...(request.amendment.price === undefined ? {} : { price: request.amendment.price }),
    };
    return { status: 'modified', venueOrderId: order.report.venueOrderId };
  }

  async orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    if ('venueClientOrderId' in lookup) return this.orders.get(lookup.venueClientOrderId)?.report;
    return [...this.orders.values()].find((o) => o.report.venueOrderId === lookup.venueOrderId)?.report;
  }

  async openOrders(accountId: AccountId): Promise<readonly OrderStatusReport[]> {
    return [...this.orders.values()]
      .map((o) => o.report)
      .filter(
        (r) => r.accountId === accountId && (r.status === 'accepted' || r.status === 'partially-filled'),
      );
  }

  async fillsSince(accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    return this.fillLog.filter((f) => f.accountId === accountId && f.occurredAt >= since);
  }

  async positions(accountId: AccountId): Promise<readonly PositionStatusReport[]> {
    return [...this.net]
      .filter(([, q]) => !q.isZero())
      .map(([instrumentId, signedQuantity]) => ({
        accountId,
        instrumentId: instrumentId as InstrumentId,
        signedQuantity,
        reportedAt: this.clock.now(),
      }));
  }

  async account(accountId: AccountId): Promise<AccountReport> {
    return {
      accountId,
      baseCurrency: 'USDT',
      balances: [
        {
          currency: 'USDT',
          total: Decimal.parse('1000000'),
          free: Decimal.parse('1000000'),
          locked: Decimal.ZERO,
        },
        { currency: 'BTC', total: Decimal.parse('1000'), free: Decimal.parse('1000'), locked: Decimal.ZERO },
      ],
      reportedAt: this.clock.now(),
    };
  }

  onReport(handler: (report: VenueReport) => void): () => void {
    this.reportHandlers.push(handler);
    return () => (this.reportHandlers = this.reportHandlers.filter((h) => h !== handler));
  }

  onConnection(handler: (event: VenueConnectionChanged) => void): () => void {
    this.connectionHandlers.push(handler);
    return () => (this.connectionHandlers = this.connectionHandlers.filter((h) => h !== handler));
  }

  subscribeMarketData(_ids: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): () => void {
    this.dataHandlers.push(handler);
    return () => (this.dataHandlers = this.dataHandlers.filter((h) => h !== handler));
  }

  /** Lets the held submits arrive at the venue. */
  releaseHeld(): void {
    for (const resolve of this.heldRequests.splice(0)) resolve();
  }

  push(report: VenueReport): void {
    for (const handler of this.reportHandlers) handler(report);
  }

  connection(event: VenueConnectionChanged): void {
    for (const handler of this.connectionHandlers) handler(event);
  }

  quote(bid: string, ask: string): void {
    const now = this.clock.now();
    const event: MarketDataEvent = {
      type: 'QuoteTick',
      instrumentId: BTC,
      bid: Price.parse(bid),
      ask: Price.parse(ask),
      occurredAt: now,
      recordedAt: now,
    };
    for (const handler of this.dataHandlers) handler(event);
  }

  openCount(): number {
    return [...this.orders.values()].filter(
      (o) => o.report.status === 'accepted' || o.report.status === 'partially-filled',
    ).length;
  }
}

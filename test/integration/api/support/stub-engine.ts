import {
  AccountId,
  Decimal,
  InstrumentId,
  Money,
  Order,
  Price,
  TmtError,
  TradeId,
  VenueOrderId,
  type ClientOrderId,
  type Clock,
  type DeadLetter,
  type FillReport,
  type Instrument,
  type OrderEvent,
  type OrderRequest,
  type QuoteTick,
  type TradingState,
} from '../../../../src/core';
import { InProcessBus } from '../../../../src/engine/bus/in-process-bus';
import type {
  AccountView,
  OrderView,
  SubmitOutcome,
  TradingEngine,
} from '../../../../src/engine/trading-engine';

/**
 * A small in-memory TradingEngine for testing the HTTP layer in isolation: market orders fill at the quote,
 * others rest; a `maxQuantity` limit stands in for risk. The end-to-end tests use the real engine via createApp.
 */
export class StubEngine implements TradingEngine {
  readonly bus = new InProcessBus();
  readonly orderMap = new Map<string, Order>();
  readonly fillList: FillReport[] = [];
  readonly deadLetterList: DeadLetter[] = [];
  private accepting = true;
  private readonly states = new Map<string, TradingState>([['global', 'ACTIVE']]);
  private readonly enabled = new Map<string, boolean>([['paper-fx', true]]);
  private limits: Record<string, string | number | null> = { maxQuantity: '1000000' };
  private sequence = 0;
  readonly instrument: Instrument = {
    kind: 'fx',
    id: InstrumentId.parse('EUR_USD.PAPER'),
    venue: 'PAPER',
    venueSymbol: 'EUR_USD',
    baseCurrency: 'EUR' as Instrument['baseCurrency'],
    quoteCurrency: 'USD' as Instrument['quoteCurrency'],
    priceIncrement: Decimal.parse('0.00001'),
    sizeIncrement: Decimal.parse('1'),
    minQuantity: Decimal.parse('1'),
    status: 'trading',
    pipLocation: -4,
    displayPrecision: 5,
    maxOrderUnits: Decimal.parse('100000000'),
    marginRate: Decimal.parse('0.02'),
    trailingStopDistance: { min: Decimal.parse('0.0005'), max: Decimal.parse('1') },
  };
  quote: QuoteTick;

  constructor(private readonly clock: Clock) {
    this.quote = {
      type: 'QuoteTick',
      instrumentId: this.instrument.id,
      bid: Price.parse('1.10000'),
      ask: Price.parse('1.10002'),
      occurredAt: clock.now(),
      recordedAt: clock.now(),
    };
  }

  private event<T extends OrderEvent['type']>(
    request: OrderRequest,
    type: T,
    extra: Record<string, unknown> = {},
  ): Extract<OrderEvent, { type: T }> {
    const now = this.clock.now();
    return {
      type,
      eventId: `e${++this.sequence}`,
      clientOrderId: request.clientOrderId,
      accountId: request.accountId,
      instrumentId: request.instrumentId,
      occurredAt: now,
      recordedAt: now,
      ...extra,
    } as Extract<OrderEvent, { type: T }>;
  }

  private emit(order: Order, event: OrderEvent): void {
    if (event.type !== 'OrderInitialized') order.apply(event);
    this.bus.publish(event);
  }

  private view(order: Order): OrderView {
    return { order, status: order.status, emulated: false };
  }

  async submit(request: OrderRequest): Promise<SubmitOutcome> {
    if (!this.accepting) throw new TmtError('OMS_NOT_ACCEPTING', 'intake is stopped');
    const existing = this.orderMap.get(request.clientOrderId);
    if (existing !== undefined) {
      if (JSON.stringify(existing.request) !== JSON.stringify(request))
        throw new TmtError('OMS_DUPLICATE_CLIENT_ORDER_ID', 'different content');
      return { status: 'accepted', order: this.view(existing), existing: true };
    }
    if (!this.accounts().some((a) => a.accountId === request.accountId))
      throw new TmtError('OMS_UNKNOWN_ACCOUNT', `no account ${request.accountId}`);
    const initialized = this.event(request, 'OrderInitialized', { request });
    const order = Order.fromEvents([initialized]);
    this.orderMap.set(request.clientOrderId, order);
    this.bus.publish(initialized);
    const denial = this.check(request);
    if (denial !== undefined) {
      const denied = this.event(request, 'OrderDenied', denial);
      this.emit(order, denied);
      return { status: 'denied', order: this.view(order), denial: denied };
    }
    this.emit(order, this.event(request, 'OrderSubmitted', { venueClientOrderId: request.clientOrderId }));
    const venueOrderId = VenueOrderId.of(`v${this.sequence}`);
    this.emit(order, this.event(request, 'OrderAccepted', { venueOrderId }));
    if (request.type === 'market') this.fill(order, venueOrderId);
    return { status: 'accepted', order: this.view(order), existing: false };
  }

  private check(
    request: OrderRequest,
  ): { code: string; reason: string; details: Record<string, string> } | undefined {
    if (this.enabled.get(request.accountId) === false)
      return { code: 'RISK_ACCOUNT_DISABLED', reason: 'disabled', details: {} };
    if (this.tradingState('global') === 'HALTED')
      return { code: 'RISK_TRADING_HALTED', reason: 'halted', details: {} };
    const max = this.limits.maxQuantity;
    if (typeof max === 'string' && request.quantity.gt(Decimal.parse(max))) {
      return {
        code: 'RISK_QUANTITY_ABOVE_MAXIMUM',
        reason: `quantity above ${max}`,
        details: { limit: max, found: request.quantity.toString() },
      };
    }
    return undefined;
  }

  private fill(order: Order, venueOrderId: VenueOrderId): void {
    const request = order.request;
    const price = request.side === 'buy' ? this.quote.ask : this.quote.bid;
    const tradeId = TradeId.of(`t${++this.sequence}`);
    const commission = Money.zero('USD');
    this.emit(
      order,
      this.event(request, 'OrderFilled', {
        venueOrderId,
        tradeId,
        side: request.side,
        lastQuantity: order.leavesQuantity,
        lastPrice: price,
        commission,
        liquidity: 'taker',
      }),
    );
    this.fillList.push({
      accountId: request.accountId,
      instrumentId: request.instrumentId,
      venueOrderId,
      tradeId,
      side: request.side,
      quantity: order.quantity,
      price,
      commission,
      liquidity: 'taker',
      occurredAt: this.clock.now(),
    });
  }

  async submitList(requests: readonly OrderRequest[]): Promise<readonly SubmitOutcome[]> {
    const out: SubmitOutcome[] = [];
    for (const request of requests) out.push(await this.submit(request));
    return out;
  }

  async cancel(clientOrderId: ClientOrderId): Promise<OrderView> {
    const order = this.orderMap.get(clientOrderId);
    if (order === undefined) throw new TmtError('OMS_UNKNOWN_ORDER', `no order ${clientOrderId}`);
    if (!order.isOpen())
      throw new TmtError('OMS_ORDER_NOT_OPEN', `order ${clientOrderId} is ${order.status}`);
    this.emit(order, this.event(order.request, 'OrderCanceled', {}));
    return this.view(order);
  }

  async modify(clientOrderId: ClientOrderId): Promise<OrderView> {
    const order = this.orderMap.get(clientOrderId);
    if (order === undefined) throw new TmtError('OMS_UNKNOWN_ORDER', `no order ${clientOrderId}`);
    return this.view(order);
  }

  async cancelAll(): Promise<number> {
    let count = 0;
    for (const order of this.orderMap.values()) {
      if (order.isOpen()) {
        this.emit(order, this.event(order.request, 'OrderCanceled', {}));
        count++;
      }
    }
    return count;
  }

  async closePosition(): Promise<readonly SubmitOutcome[]> {
    return [];
  }

  async killSwitch(_options: { flatten: boolean }, actor: string) {
    this.setTradingState('global', 'HALTED', 'kill switch', actor);
    return { canceled: await this.cancelAll(), emulatedRemoved: 0, flattenOrders: 0, failures: [] };
  }

  setIntake(accepting: boolean): void {
    this.accepting = accepting;
  }
  isAcceptingIntents(): boolean {
    return this.accepting;
  }
  setTradingState(scope: AccountId | 'global', state: TradingState, reason: string, actor: string): void {
    const previous = this.tradingState(scope);
    this.states.set(scope, state);
    this.bus.publish({
      type: 'TradingStateChanged',
      previous,
      current: state,
      reason,
      actor,
      occurredAt: this.clock.now(),
      ...(scope === 'global' ? {} : { accountId: scope }),
    });
  }
  tradingState(scope: AccountId | 'global'): TradingState {
    return this.states.get(scope) ?? 'ACTIVE';
  }
  setAccountEnabled(accountId: AccountId, enabled: boolean): void {
    this.enabled.set(accountId, enabled);
  }
  riskLimits() {
    return { global: this.limits, accounts: {} };
  }
  updateRiskLimits(_scope: AccountId | 'global', limits: Readonly<Record<string, string | number | null>>) {
    for (const key of Object.keys(limits)) {
      if (key !== 'maxQuantity') throw new TmtError('CONFIG_INVALID', `unknown limit ${key}`, { field: key });
    }
    this.limits = { ...this.limits, ...limits };
    return this.riskLimits();
  }
  order(clientOrderId: ClientOrderId): OrderView | undefined {
    const order = this.orderMap.get(clientOrderId);
    return order === undefined ? undefined : this.view(order);
  }
  orders(): readonly OrderView[] {
    return [...this.orderMap.values()].map((o) => this.view(o));
  }
  positions() {
    return [];
  }
  closedPositions() {
    return [];
  }
  fills() {
    return this.fillList;
  }
  accounts(): readonly AccountView[] {
    const accountId = AccountId.parse('paper-fx');
    const zero = Money.zero('USD');
    return [
      {
        accountId,
        venue: 'PAPER',
        enabled: this.enabled.get('paper-fx') ?? true,
        tradingState: this.tradingState(accountId),
        state: {
          accountId,
          baseCurrency: 'USD',
          balances: [],
          equity: Money.parse('100000', 'USD'),
          marginUsed: zero,
          marginAvailable: Money.parse('100000', 'USD'),
          occurredAt: 0,
          recordedAt: 0,
        },
        leverage: Decimal.ZERO,
        realizedPnl: zero,
        unrealizedPnl: zero,
      },
    ];
  }
  performance(accountId: AccountId) {
    return {
      accountId,
      trades: 0,
      winRate: Decimal.ZERO,
      maxDrawdown: Money.zero('USD'),
      exposure: Money.zero('USD'),
    };
  }
  instruments() {
    return [this.instrument];
  }
  quotes() {
    return [this.quote];
  }
  reconciliation() {
    return {
      accounts: [{ accountId: AccountId.parse('paper-fx'), state: 'reconciled' as const, unresolved: [] }],
    };
  }
  async deadLetters() {
    return this.deadLetterList;
  }
  async retryDeadLetter(id: string) {
    if (!this.deadLetterList.some((d) => d.id === id))
      throw new TmtError('API_NOT_FOUND', `no dead letter ${id}`);
  }
  async discardDeadLetter(id: string) {
    await this.retryDeadLetter(id);
  }
  venueConnections() {
    return [{ venue: 'PAPER' as const, state: 'connected', since: 0 }];
  }
  async start() {}
  async stop() {}
}

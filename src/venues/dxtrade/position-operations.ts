import type { Clock } from '../../core/clock';
import { TmtError } from '../../core/errors';
import { TradeId, VenueOrderId, type AccountId, type InstrumentId } from '../../core/identifiers';
import type { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import type { TradeCloseOutcome, TradeOrderChanges, VenueTrade, VenueTradeOperations } from '../../core/ports/trades';
import { exactJson } from './encode';
import { errorOf, failure } from './http/answers';
import type { DxtradeRestClient } from './http/rest-client';
import { fillsOf } from './parse/reports';
import { OrderSchema, parseEach, PositionSchema, type OrderWire, type PositionWire } from './parse/wire';
import { instrumentIdOfSymbol, symbolOf } from './symbols';
import { venueReasonOf } from './errors';

const SETTLE_TIMEOUT_MS = 15_000;

/** What the position verbs use of the execution client. */
export interface PositionHost {
  readonly rest: DxtradeRestClient;
  lookup(account: string, filter: { 'with-client-id'?: string }): Promise<OrderWire | undefined>;
  currencyOf(account: string): string;
}

/**
 * DXtrade positions as the engine's trades: each position (its `positionCode`) is one trade. A close is a
 * MARKET order with positionEffect CLOSE and the positionCode (all of it, or `units` of it); a stop-loss or
 * take-profit is a STOP or LIMIT closing order on the position, changed with PUT and removed with DELETE.
 */
export class DxtradePositionOperations implements VenueTradeOperations {
  private counter = 0;

  constructor(private readonly client: PositionHost, private readonly clock: Clock) {}

  private code(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.clock.now().toString(36)}${this.counter}`;
  }

  private async positionList(account: string): Promise<PositionWire[]> {
    const answer = await this.client.rest.positions(account);
    if (answer.status !== 200) throw failure(answer, 'positions');
    return parseEach(PositionSchema, (answer.body as { positions?: unknown } | undefined)?.positions).values;
  }

  /** Working closing orders on a position (its stop-loss and take-profit). */
  private async protection(account: string, positionCode: string): Promise<OrderWire[]> {
    const answer = await this.client.rest.openOrders(account);
    if (answer.status !== 200) throw failure(answer, 'open orders');
    const orders = parseEach(OrderSchema, (answer.body as { orders?: unknown } | undefined)?.orders).values;
    return orders.filter((o) => o.legs[0]?.positionEffect === 'CLOSE' && o.legs[0].positionCode === positionCode);
  }

  async openTrades(accountId: AccountId): Promise<readonly VenueTrade[]> {
    const positions = await this.positionList(accountId);
    const trades: VenueTrade[] = [];
    for (const p of positions) {
      const orders = await this.protection(accountId, p.positionCode);
      const stop = orders.find((o) => o.type === 'STOP');
      const limit = orders.find((o) => o.type === 'LIMIT');
      trades.push({
        tradeId: TradeId.of(p.positionCode), instrumentId: instrumentIdOfSymbol(p.symbol), currentUnits: p.side === 'SELL' ? p.quantity.abs().neg() : p.quantity.abs(),
        price: Price.of(p.openPrice), openedAt: p.openTime,
        ...(stop?.stopPrice === undefined ? {} : { stopLoss: { orderId: VenueOrderId.of(stop.orderId), price: Price.of(stop.stopPrice) } }),
        ...(limit?.limitPrice === undefined ? {} : { takeProfit: { orderId: VenueOrderId.of(limit.orderId), price: Price.of(limit.limitPrice) } }),
      });
    }
    return trades;
  }

  /** Closes a position, or `units` of it, with a closing market order; resolves with the fills it booked. */
  async closeTrade(accountId: AccountId, tradeId: string, units?: Decimal): Promise<TradeCloseOutcome> {
    const position = (await this.positionList(accountId)).find((p) => p.positionCode === tradeId);
    if (position === undefined) throw new TmtError('VENUE_UNKNOWN_ORDER', `DXtrade has no position ${tradeId}`, { field: 'tradeId' });
    return this.close(accountId, position, units);
  }

  async closePosition(accountId: AccountId, instrumentId: InstrumentId, sides: { long?: Decimal | 'ALL'; short?: Decimal | 'ALL' }): Promise<TradeCloseOutcome> {
    const symbol = symbolOf(instrumentId);
    const fills: TradeCloseOutcome['fills'][number][] = [];
    for (const position of (await this.positionList(accountId)).filter((p) => p.symbol === symbol)) {
      const wanted = position.side === 'BUY' ? sides.long : sides.short;
      if (wanted === undefined) continue;
      const outcome = await this.close(accountId, position, wanted === 'ALL' ? undefined : wanted);
      if (outcome.canceledReason !== undefined) return { fills, canceledReason: outcome.canceledReason };
      fills.push(...outcome.fills);
    }
    return { fills };
  }

  private async close(account: string, position: PositionWire, units: Decimal | undefined): Promise<TradeCloseOutcome> {
    const orderCode = this.code('close-');
    const body = {
      account, orderCode, type: 'MARKET', instrument: position.symbol, positionEffect: 'CLOSE', positionCode: position.positionCode,
      side: position.side === 'BUY' ? 'SELL' : 'BUY', tif: 'GTC', ...(units === undefined ? {} : { quantity: units }),
    };
    const answer = await this.client.rest.placeOrder(account, exactJson(body));
    if (answer.status !== 200) return { fills: [], canceledReason: venueReasonOf(errorOf(answer)) };
    const order = await this.settled(account, orderCode);
    if (order.status !== 'COMPLETED') return { fills: fillsOf(order, this.client.currencyOf(account)), canceledReason: order.executions[order.executions.length - 1]?.rejectReason ?? order.status };
    return { fills: fillsOf(order, this.client.currencyOf(account)) };
  }

  /** Waits for an order to reach its final state (a closing market order is final within one round trip). */
  private async settled(account: string, orderCode: string): Promise<OrderWire> {
    const deadline = this.clock.now() + SETTLE_TIMEOUT_MS;
    for (;;) {
      const order = await this.client.lookup(account, { 'with-client-id': orderCode });
      if (order?.finalStatus === true) return order;
      if (this.clock.now() > deadline) throw new TmtError('VENUE_TIMEOUT', `DXtrade closing order ${orderCode} did not settle`);
      await new Promise((resolve) => this.clock.setTimeout(50, () => resolve(undefined)));
    }
  }

  /** Sets, replaces or removes a position's stop-loss and take-profit (absent: left as it is). */
  async setTradeOrders(accountId: AccountId, tradeId: string, changes: TradeOrderChanges): Promise<void> {
    if (changes.trailingStopDistance !== undefined && changes.trailingStopDistance !== null) throw new TmtError('VENUE_UNSUPPORTED', 'DXtrade protection orders here take a price, not a trailing distance', { field: 'trailingStopDistance' });
    const position = (await this.positionList(accountId)).find((p) => p.positionCode === tradeId);
    if (position === undefined) throw new TmtError('VENUE_UNKNOWN_ORDER', `DXtrade has no position ${tradeId}`, { field: 'tradeId' });
    const existing = await this.protection(accountId, tradeId);
    for (const [type, change] of [['STOP', changes.stopLoss], ['LIMIT', changes.takeProfit]] as const) {
      if (change === undefined) continue;
      const current = existing.find((o) => o.type === type);
      if (change === null) {
        if (current !== undefined) {
          const answer = await this.client.rest.cancelOrder(accountId, current.orderCode, current.version);
          if (answer.status !== 200) throw failure(answer, `remove the ${type} order of ${tradeId}`);
        }
        continue;
      }
      const priceField = type === 'STOP' ? 'stopPrice' : 'limitPrice';
      const body = {
        account: accountId, orderCode: current?.orderCode ?? this.code(type === 'STOP' ? 'sl-' : 'tp-'), type, instrument: position.symbol, positionEffect: 'CLOSE',
        positionCode: tradeId, side: position.side === 'BUY' ? 'SELL' : 'BUY', tif: 'GTC', quantity: position.quantity.abs(), [priceField]: change,
      };
      const answer = current === undefined ? await this.client.rest.placeOrder(accountId, exactJson(body)) : await this.client.rest.modifyOrder(accountId, exactJson(body), current.version);
      if (answer.status !== 200) throw failure(answer, `set the ${type} order of ${tradeId}`);
    }
  }
}

import type {
  AccountId,
  Decimal,
  FillReport,
  InstrumentId,
  TradeCloseOutcome,
  TradeId,
  TradeOrderChanges,
  VenueName,
  VenueTrade,
  VenueTradeOperations,
} from '../../core';
import { ClientOrderId, Decimal as DecimalValue, Quantity, TmtError } from '../../core';
import type { OrderRequest, VenueClientOrderId } from '../../core';
import type { EngineContext } from '../context';
import type { ReportApplier } from '../execution/report-applier';
import { isUsFx } from './fifo-close';


/**
 * Trade-level operations after a fill, on venues that keep trades (issue 15, item 5): change a trade's
 * stop-loss / take-profit / trailing stop, close one trade, close a position with the venue's own position
 * close. The venue's answer is the truth; the fills it returns are booked at once (the stream's copy of the
 * same fill is a duplicate by trade id). Every call is logged with its actor.
 */
export class TradeOperations {
  constructor(
    private readonly context: EngineContext,
    private readonly applier: ReportApplier,
  ) {}

  /**
   * Books the fills of a venue-side close as a reduce-only market order per venue order (`close-<id>`), so
   * that in hedging mode they reduce the trade's leg rather than open the opposite one. A fill the stream
   * delivered first is already on its order; the applier skips a fill it has seen (by trade id).
   */
  private recordFills(fills: readonly FillReport[], venue: VenueName, tag: string): void {
    const { book, cache, clock } = this.context;
    for (const venueOrderId of new Set(fills.map((fill) => fill.venueOrderId))) {
      const group = fills.filter((fill) => fill.venueOrderId === venueOrderId);
      const first = group[0];
      if (first === undefined) continue;
      let entry = this.applier.findEntry(first);
      if (entry === undefined) {
        const id = `close-${venueOrderId}`.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 64);
        const total = group.reduce((sum: Decimal, fill) => sum.add(fill.quantity), DecimalValue.ZERO);
        const request: OrderRequest = {
          clientOrderId: ClientOrderId.parse(id),
          accountId: first.accountId,
          instrumentId: first.instrumentId,
          side: first.side,
          type: 'market',
          quantity: Quantity.of(total),
          timeInForce: 'IOC',
          postOnly: false,
          reduceOnly: true,
          tag,
        };
        entry = book.create(request, this.context.instruments.get(first.instrumentId), venue, undefined).entry;
        const venueClientOrderId = id as VenueClientOrderId;
        cache.linkVenueClientOrderId(entry, venueClientOrderId);
        book.apply(entry, book.events.make(entry.order, 'OrderSubmitted', { venueClientOrderId }, first.occurredAt));
        this.applier.accept(entry, venueOrderId, clock.now());
      }
      for (const fill of group) this.applier.applyFill(entry, fill);
    }
  }

  openTrades(accountId: AccountId): Promise<readonly VenueTrade[]> {
    return this.venue(accountId).trades.openTrades(accountId);
  }

  async changeTradeOrders(
    accountId: AccountId,
    tradeId: TradeId,
    changes: TradeOrderChanges,
    actor: string,
  ): Promise<VenueTrade> {
    if (changes.takeProfit === undefined && changes.stopLoss === undefined && changes.trailingStopDistance === undefined)
      throw new TmtError('OMS_INVALID_REQUEST', 'expected at least one of takeProfit, stopLoss, trailingStopDistance', {
        field: 'takeProfit',
      });
    const { trades } = this.venue(accountId);
    await this.trade(trades, accountId, tradeId);
    await trades.setTradeOrders(accountId, tradeId, changes);
    this.context.logger.info(
      {
        actor,
        accountId,
        tradeId,
        takeProfit: text(changes.takeProfit),
        stopLoss: text(changes.stopLoss),
        trailingStopDistance: text(changes.trailingStopDistance),
      },
      'trade orders changed',
    );
    return this.trade(trades, accountId, tradeId);
  }

  /**
   * Closes one trade (all, or `units` of it). On a US FX account only the oldest open trade of the
   * instrument on that side may be closed (FIFO): the venue's own trade list decides which that is.
   */
  async closeTrade(
    accountId: AccountId,
    tradeId: TradeId,
    units: Decimal | undefined,
    actor: string,
  ): Promise<TradeCloseOutcome> {
    const { trades, venue } = this.venue(accountId);
    const all = await trades.openTrades(accountId);
    const trade = all.find((t) => t.tradeId === tradeId);
    if (trade === undefined) throw notOpen(accountId, tradeId);
    if (units !== undefined && units.gt(trade.currentUnits.abs()))
      throw new TmtError(
        'OMS_INVALID_REQUEST',
        `units ${units.toString()} exceed the ${trade.currentUnits.abs().toString()} open on trade ${tradeId}`,
        { field: 'units', details: { limit: trade.currentUnits.abs().toString(), found: units.toString() } },
      );
    if (isUsFx(this.context, accountId)) {
      const oldest = all
        .filter((t) => t.instrumentId === trade.instrumentId && t.currentUnits.sign() === trade.currentUnits.sign())
        .sort((a, b) => a.openedAt - b.openedAt)[0];
      if (oldest !== undefined && oldest.tradeId !== tradeId)
        throw new TmtError('RISK_FIFO_VIOLATION', `FIFO: trade ${tradeId} cannot close before the older trade ${oldest.tradeId}`, {
          field: 'tradeId',
          details: { rule: 'fifo-oldest-first', oldestTradeId: oldest.tradeId, found: tradeId },
        });
    }
    const outcome = await trades.closeTrade(accountId, tradeId, units);
    this.recordFills(outcome.fills, venue, `close-trade:${actor}`);
    this.context.logger.info({ actor, accountId, tradeId, units: units?.toString() ?? 'ALL', fills: outcome.fills.length }, 'trade closed');
    return outcome;
  }

  /** The venue's own position close of the side the engine holds (its FIFO order on US accounts). */
  async closePosition(accountId: AccountId, instrumentId: InstrumentId, actor: string): Promise<TradeCloseOutcome> {
    const { trades, venue } = this.venue(accountId);
    const open = (await trades.openTrades(accountId)).filter((t) => t.instrumentId === instrumentId);
    const long = open.some((t) => t.currentUnits.isPositive());
    const short = open.some((t) => t.currentUnits.isNegative());
    if (!long && !short)
      throw new TmtError('OMS_INVALID_REQUEST', `account ${accountId} has no open position in ${instrumentId}`, {
        field: 'instrumentId',
      });
    const outcome = await trades.closePosition(accountId, instrumentId, {
      ...(long ? { long: 'ALL' as const } : {}),
      ...(short ? { short: 'ALL' as const } : {}),
    });
    this.recordFills(outcome.fills, venue, `close-position:${actor}`);
    this.context.logger.info({ actor, accountId, instrumentId, fills: outcome.fills.length }, 'position closed at the venue');
    return outcome;
  }

  private async trade(trades: VenueTradeOperations, accountId: AccountId, tradeId: TradeId): Promise<VenueTrade> {
    const trade = (await trades.openTrades(accountId)).find((t) => t.tradeId === tradeId);
    if (trade === undefined) throw notOpen(accountId, tradeId);
    return trade;
  }

  private venue(accountId: AccountId): { trades: VenueTradeOperations; venue: VenueName } {
    const venue = this.context.accountVenues.get(accountId);
    if (venue === undefined)
      throw new TmtError('OMS_UNKNOWN_ACCOUNT', `unknown account ${accountId}`, { field: 'accountId' });
    const trades = this.context.gateways.get(venue)?.client.trades;
    if (trades === undefined)
      throw new TmtError('OMS_MODIFY_NOT_SUPPORTED', `${venue} keeps no trades: trade-level operations do not apply`, {
        field: 'accountId',
      });
    return { trades, venue };
  }
}

function notOpen(accountId: AccountId, tradeId: TradeId): TmtError {
  return new TmtError('OMS_UNKNOWN_ORDER', `account ${accountId} has no open trade ${tradeId}`, { field: 'tradeId' });
}

function text(value: { toString(): string } | null | undefined): string | undefined {
  return value === undefined ? undefined : value === null ? 'removed' : value.toString();
}

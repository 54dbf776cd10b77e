import type { AccountId, FillReport, InstrumentId, PositionStatusReport, VenueName } from '../../core';
import { Decimal, InstrumentId as Instruments, Money, Price, Quantity, TmtError, TradeId, VenueOrderId } from '../../core';
import type { EngineContext } from '../context';
import type { OrderAdoption } from './adoption';
import type { VenueTruthAccepted } from '../trading-engine';
import type { Reconciler, UnresolvedItem } from './reconciler';

/**
 * The operator's way out of a mismatch the engine cannot repair on its own (issue 15, item 7): TMT adopts the
 * venue's view of one unresolved item. Every change goes through order events, so it is journaled and survives
 * a restart like any other; the API audits who asked.
 * - an order open in TMT that the venue does not know ends canceled, with the code naming why;
 * - an order working at the venue that TMT had settled was already adopted: the item is acknowledged;
 * - a position that differs gets an adjustment fill (an adopted order, tag 'adopted') that brings TMT's net
 *   quantity to the venue's, priced at the venue's average price or else the current quote.
 * Items whose venue view is not known (unreachable, lookup failed) cannot be accepted: there is no truth yet.
 */
export class VenueTruthAcceptance {
  private adjustments = 0;

  constructor(
    private readonly context: EngineContext,
    private readonly reconciler: Reconciler,
    private readonly adoption: OrderAdoption,
  ) {}

  async accept(accountId: AccountId | undefined, key: string, actor: string): Promise<VenueTruthAccepted> {
    const found = this.reconciler.findItem(accountId, key);
    const match = found[0];
    if (match === undefined)
      throw new TmtError('OMS_RECONCILIATION_ITEM_UNKNOWN', `no unresolved reconciliation item ${key}${accountId === undefined ? '' : ` on ${accountId}`}`, { field: 'item' });
    if (found.length > 1)
      throw new TmtError('OMS_INVALID_REQUEST', `item ${key} is unresolved on several accounts (${found.map((f) => f.accountId).join(', ')}): name the account`, { field: 'accountId' });
    const venue = this.context.accountVenues.get(match.accountId);
    if (venue === undefined) throw new TmtError('OMS_UNKNOWN_ACCOUNT', `unknown account ${match.accountId}`, { field: 'accountId' });
    const result = await this.apply(match.accountId, venue, match.item, actor);
    this.reconciler.resolveItem(match.accountId, key);
    this.context.alert('reconciliation', 'warning', `venue truth accepted by ${actor} for ${key}: ${result.outcome}`, {
      accountId: match.accountId,
      venue,
      details: { key, kind: match.item.kind, actor, outcome: result.outcome },
    });
    return result;
  }

  private async apply(accountId: AccountId, venue: VenueName, item: UnresolvedItem, actor: string): Promise<VenueTruthAccepted> {
    const base = { accountId, key: item.key, kind: item.kind };
    switch (item.kind) {
      case 'order-missing-at-venue':
        return { ...base, ...this.closeMissingOrder(item.key, venue, actor) };
      case 'order-live-at-venue':
        // The working venue order was adopted when it was found; accepting keeps it as TMT's and clears the item.
        return { ...base, outcome: `${item.key} stays adopted as the venue works it`, clientOrderId: item.key };
      case 'position-mismatch':
        return { ...base, ...(await this.adjustPosition(accountId, venue, item.key)) };
      case 'lookup-failed':
      case 'venue-unreachable':
        throw new TmtError('OMS_VENUE_TRUTH_UNKNOWN', `${item.key}: ${item.description}; reconcile again once ${venue} answers`, { field: 'item' });
    }
  }

  private closeMissingOrder(clientOrderId: string, venue: VenueName, actor: string): { outcome: string; clientOrderId: string } {
    const { cache, book } = this.context;
    const entry = cache.get(clientOrderId);
    if (entry === undefined) throw new TmtError('OMS_UNKNOWN_ORDER', `no order with client id ${clientOrderId}`, { field: 'item' });
    if (!entry.order.isTerminal()) {
      book.apply(
        entry,
        book.events.make(entry.order, 'OrderCanceled', {
          reason: `${venue} holds no such order; its view accepted by ${actor}`,
          code: 'OMS_RECONCILIATION_ITEM_UNKNOWN',
        }),
      );
    }
    return { outcome: `${clientOrderId} is ${entry.order.status}, as ${venue} holds no such order`, clientOrderId };
  }

  private async adjustPosition(accountId: AccountId, venue: VenueName, key: string): Promise<{ outcome: string; clientOrderId?: string }> {
    const instrumentId = Instruments.parse(key.slice('position:'.length));
    const client = this.context.gateways.get(venue)?.client;
    if (client === undefined) throw new TmtError('OMS_VENUE_TRUTH_UNKNOWN', `no connection to ${venue}`, { field: 'item' });
    let reports: readonly PositionStatusReport[];
    try {
      reports = (await client.positions(accountId)).filter((report) => report.instrumentId === instrumentId);
    } catch (error) {
      throw new TmtError('OMS_VENUE_TRUTH_UNKNOWN', `${venue} did not answer its positions: ${String(error)}`, { field: 'item', cause: error });
    }
    const theirs = reports.reduce((sum: Decimal, report) => sum.add(report.signedQuantity), Decimal.ZERO);
    const ours = this.context.portfolio.netQuantity(accountId, instrumentId);
    const difference = theirs.sub(ours);
    if (difference.isZero()) return { outcome: `${instrumentId} already equals ${venue}: ${theirs.toString()}` };
    const side = difference.isPositive() ? 'buy' : 'sell';
    const price = this.adjustmentPrice(accountId, instrumentId, side, ours, theirs, reports);
    const instrument = this.context.instruments.get(instrumentId);
    const at = this.context.clock.now();
    const id = `venue-truth-${at}-${++this.adjustments}`;
    const fill: FillReport = {
      accountId,
      instrumentId,
      venueOrderId: VenueOrderId.of(id),
      tradeId: TradeId.of(id),
      side,
      quantity: Quantity.of(difference.abs()),
      price,
      commission: Money.zero(instrument?.quoteCurrency ?? 'USD'),
      liquidity: 'taker',
      occurredAt: at,
    };
    const entry = this.adoption.adoptFromFills([fill], venue, undefined);
    return {
      outcome: `${instrumentId} set from ${ours.toString()} to ${venue}'s ${theirs.toString()} by a ${side} of ${difference.abs().toString()} at ${price.toString()}`,
      ...(entry === undefined ? {} : { clientOrderId: entry.order.clientOrderId }),
    };
  }

  /**
   * Shrinking TMT's position toward the venue's is booked at TMT's own average price, so that accepting invents
   * no profit or loss; growing it, at the venue's average price when it gives one position, else at the side of
   * the quote the adjustment would take.
   */
  private adjustmentPrice(
    accountId: AccountId,
    instrumentId: InstrumentId,
    side: 'buy' | 'sell',
    ours: Decimal,
    theirs: Decimal,
    reports: readonly PositionStatusReport[],
  ): Price {
    const shrinking = theirs.abs().lt(ours.abs()) && (theirs.isZero() || theirs.isPositive() === ours.isPositive());
    const held = this.context.portfolio.position(accountId, instrumentId);
    if (shrinking && held !== undefined && held.averagePrice.isPositive()) return Price.of(held.averagePrice);
    const only = reports.length === 1 ? reports[0] : undefined;
    if (only?.averagePrice !== undefined) return only.averagePrice;
    const quote = this.context.portfolio.lastQuote(instrumentId);
    if (quote === undefined)
      throw new TmtError('OMS_VENUE_TRUTH_UNKNOWN', `no price for ${instrumentId} to book the venue's position at (no average price, no quote yet)`, { field: 'item' });
    return side === 'buy' ? quote.ask : quote.bid;
  }
}

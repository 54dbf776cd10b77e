import type { Clock } from '../../core/clock';
import { TmtError } from '../../core/errors';
import { TradeId, VenueOrderId, type AccountId, type InstrumentId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Money } from '../../core/money/money';
import { Price } from '../../core/money/price';
import type { TradeCloseOutcome, TradeOrderChanges, VenueTrade, VenueTradeOperations } from '../../core/ports/trades';
import type { FillReport } from '../../core/reports';
import { expectStatus, type AccountReader, type TlAccount } from './account-reader';
import { lotsOf } from './encode';
import { jsonNumber } from './http/json';
import type { TradeLockerRestClient } from './http/rest-client';
import type { TlResponse } from './http/transport';
import { fillOf, readOrder } from './parse/orders';
import { decimal, millis, optionalText, text, type Row } from './parse/wire';
import { codeOfErrmsg } from './reasons';
import { lotsToUnits } from './symbols';

export interface PositionClientOptions {
  readonly rest: TradeLockerRestClient;
  readonly reader: AccountReader;
  readonly clock: Clock;
  readonly clientIdOf: (orderId: string) => string | undefined;
  readonly poke: (accountId: AccountId) => Promise<void>;
}

/**
 * TradeLocker positions through the engine's trade port: each position (its id) is a trade; a close takes all
 * of it or `qty` lots (DELETE /trade/positions/{id}); SL and TP are set, moved or removed with PATCH
 * /trade/positions/{id}; close-all is DELETE /trade/accounts/{id}/positions. On a FIFO (US) account the
 * partial closes of a side go oldest position first.
 */
export class TradeLockerPositionClient implements VenueTradeOperations {
  constructor(private readonly options: PositionClientOptions) {}

  async openTrades(accountId: AccountId): Promise<readonly VenueTrade[]> {
    const account = this.options.reader.account(accountId);
    const rows = await this.options.reader.positionRows(account);
    const orders = await this.options.reader.openOrderRows(account);
    const protectionPrice = (orderId: string | undefined): Price | undefined => {
      if (orderId === undefined) return undefined;
      const row = orders.find((o) => o['id'] === orderId);
      const read = row === undefined ? undefined : readOrder(row, this.options.reader.instruments);
      const order = read?.ok === true ? read.order : undefined;
      const price = order?.stopPrice ?? order?.price;
      return price === undefined ? undefined : Price.of(price);
    };
    return rows.flatMap((row) => {
      const entry = this.options.reader.instruments.byTradableId(text(row, 'tradableInstrumentId'));
      if (entry === undefined) return [];
      const units = lotsToUnits(entry, decimal(row, 'qty'));
      const stopLossId = nonZero(optionalText(row, 'stopLossId'));
      const takeProfitId = nonZero(optionalText(row, 'takeProfitId'));
      const stopPrice = protectionPrice(stopLossId);
      const takePrice = protectionPrice(takeProfitId);
      const unrealized = optionalText(row, 'unrealizedPl');
      return [{
        tradeId: TradeId.of(text(row, 'id')),
        instrumentId: entry.instrument.id,
        currentUnits: text(row, 'side') === 'sell' ? units.neg() : units,
        price: Price.of(decimal(row, 'avgPrice')),
        openedAt: millis(row, 'openDate'),
        ...(unrealized === undefined ? {} : { unrealizedPnl: Money.parse(unrealized, account.currency) }),
        ...(stopLossId === undefined || stopPrice === undefined ? {} : { stopLoss: { orderId: VenueOrderId.of(stopLossId), price: stopPrice } }),
        ...(takeProfitId === undefined || takePrice === undefined ? {} : { takeProfit: { orderId: VenueOrderId.of(takeProfitId), price: takePrice } }),
      } satisfies VenueTrade];
    });
  }

  /** All of a position, or `units` of it (a multiple of the lot step). */
  async closeTrade(accountId: AccountId, tradeId: TradeId, units?: Decimal): Promise<TradeCloseOutcome> {
    const account = this.options.reader.account(accountId);
    const rows = await this.options.reader.positionRows(account);
    const row = rows.find((r) => r['id'] === tradeId);
    if (row === undefined) throw new TmtError('VENUE_UNKNOWN_ORDER', `TradeLocker holds no open position ${tradeId}`, { field: 'tradeId' });
    const entry = this.options.reader.instruments.byTradableId(text(row, 'tradableInstrumentId'));
    if (entry === undefined) throw new TmtError('VENUE_REJECTED', `position ${tradeId} is on an instrument the adapter does not trade`, { field: 'tradeId' });
    const lots = units === undefined ? Decimal.ZERO : lotsOf(entry, units, 'units');
    return this.closing(account, [tradeId], () => this.options.rest.closePosition(account.accNum, tradeId, { qty: jsonNumber(lots) }));
  }

  async closePosition(accountId: AccountId, instrumentId: InstrumentId, sides: { long?: Decimal | 'ALL'; short?: Decimal | 'ALL' }): Promise<TradeCloseOutcome> {
    const account = this.options.reader.account(accountId);
    const entry = this.options.reader.instruments.get(instrumentId);
    if (entry === undefined) throw new TmtError('VENUE_REJECTED', `TradeLocker does not list ${instrumentId}`, { field: 'instrumentId' });
    const rows = (await this.options.reader.positionRows(account)).filter((r) => r['tradableInstrumentId'] === entry.tradableInstrumentId);
    const ids = rows.map((r) => text(r, 'id'));
    if (sides.long === 'ALL' && sides.short === 'ALL') {
      return this.closing(account, ids, () => this.options.rest.closeAllPositions(account.accNum, account.accountId, entry.tradableInstrumentId));
    }
    const fills: FillReport[] = [];
    for (const [side, amount] of [['buy', sides.long], ['sell', sides.short]] as const) {
      if (amount === undefined) continue;
      // Oldest first: FIFO on a US account, and a stable order on any other.
      let left = amount === 'ALL' ? undefined : amount;
      for (const row of rows.filter((r) => r['side'] === side).sort((a, b) => millis(a, 'openDate') - millis(b, 'openDate'))) {
        const size = lotsToUnits(entry, decimal(row, 'qty'));
        const take = left === undefined ? size : left.min(size);
        if (!take.isPositive()) break;
        const outcome = await this.closeTrade(accountId, TradeId.of(text(row, 'id')), take.eq(size) ? undefined : take);
        fills.push(...outcome.fills);
        if (left !== undefined) left = left.sub(take);
      }
    }
    return { fills };
  }

  /** Every position of the account, or of one instrument. */
  async closeAll(accountId: AccountId, instrumentId?: InstrumentId): Promise<TradeCloseOutcome> {
    const account = this.options.reader.account(accountId);
    const entry = instrumentId === undefined ? undefined : this.options.reader.instruments.get(instrumentId);
    const ids = (await this.options.reader.positionRows(account)).filter((r) => entry === undefined || r['tradableInstrumentId'] === entry.tradableInstrumentId).map((r) => text(r, 'id'));
    return this.closing(account, ids, () => this.options.rest.closeAllPositions(account.accNum, account.accountId, entry?.tradableInstrumentId));
  }

  async setTradeOrders(accountId: AccountId, tradeId: TradeId, orders: TradeOrderChanges): Promise<void> {
    const account = this.options.reader.account(accountId);
    // A position has one stop loss: fixed (stopLossType absolute) or trailing (trailingOffset, a price distance).
    if (orders.trailingStopDistance !== undefined && orders.stopLoss !== undefined) {
      throw new TmtError('VENUE_UNSUPPORTED', 'TradeLocker keeps one stop loss per position: give stopLoss or trailingStopDistance, not both', { field: 'trailingStopDistance' });
    }
    if (orders.trailingStopDistance !== undefined && orders.trailingStopDistance !== null && !orders.trailingStopDistance.isPositive()) {
      throw new TmtError('VENUE_UNSUPPORTED', 'trailingStopDistance must be a positive price distance', { field: 'trailingStopDistance' });
    }
    const body: Record<string, unknown> = {};
    if (orders.stopLoss !== undefined) body['stopLoss'] = orders.stopLoss === null ? null : jsonNumber(orders.stopLoss);
    if (orders.trailingStopDistance === null) body['stopLoss'] = null;
    else if (orders.trailingStopDistance !== undefined) {
      body['stopLoss'] = jsonNumber(orders.trailingStopDistance);
      body['stopLossType'] = 'trailingOffset';
    }
    if (orders.takeProfit !== undefined) body['takeProfit'] = orders.takeProfit === null ? null : jsonNumber(orders.takeProfit);
    if (Object.keys(body).length === 0) return;
    const response = await this.options.rest.modifyPosition(account.accNum, tradeId, body);
    refuseUnlessOk(response, `modify position ${tradeId}`);
    void this.options.poke(accountId);
  }

  /** Runs a close and returns the executions it booked on the positions it names. */
  private async closing(account: TlAccount, positionIds: readonly string[], send: () => Promise<TlResponse>): Promise<TradeCloseOutcome> {
    const before = new Set((await this.options.reader.executionRows(account)).map((row) => String(row['id'])));
    const response = await send();
    const refused = refusalOf(response);
    if (refused !== undefined) return { fills: [], canceledReason: refused };
    const wanted = new Set(positionIds);
    const fills = (await this.options.reader.executionRows(account))
      .filter((row: Row) => !before.has(String(row['id'])) && wanted.has(String(row['positionId'])))
      .flatMap((row) => fillOf(account.accountId, account.currency, row, this.options.reader.instruments, this.options.clientIdOf) ?? []);
    void this.options.poke(account.accountId);
    return { fills };
  }
}

const nonZero = (id: string | undefined): string | undefined => (id === undefined || id === '0' ? undefined : id);

function refusalOf(response: TlResponse): string | undefined {
  if (response.status === 200 && (response.body as { s?: unknown }).s === 'ok') return undefined;
  const errmsg = (response.body as { errmsg?: unknown }).errmsg;
  return typeof errmsg === 'string' ? errmsg : `HTTP_${response.status}`;
}

function refuseUnlessOk(response: TlResponse, what: string): void {
  const refused = refusalOf(response);
  if (refused === undefined) return;
  if (response.status !== 200) expectStatus(response, what);
  throw new TmtError(codeOfErrmsg(refused, response.status), `TradeLocker ${what}: ${refused}`, { details: { errmsg: refused } });
}

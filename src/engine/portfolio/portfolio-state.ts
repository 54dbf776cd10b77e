import type { ConversionRateSource } from '../../core';
import { encodeExact, Position } from '../../core';
import { AccountBook } from './account-book';
import type { AccountBookSnapshot, AccountSetup, PortfolioSnapshotState, PositionSnapshot } from './types';

export type { AccountBookSnapshot, PortfolioSnapshotState, PositionSnapshot } from './types';

/** Version of the portfolio part of an engine snapshot; a start-up ignores a version it does not know. */
export const PORTFOLIO_STATE_VERSION = 1;

export function captureBook(book: AccountBook): AccountBookSnapshot {
  const positions: PositionSnapshot[] = [];
  for (const [key, position] of book.positions) {
    const { settings } = position;
    positions.push({
      key,
      id: settings.id,
      instrumentId: settings.instrumentId,
      quoteCurrency: settings.quoteCurrency,
      leg: settings.leg,
      openedAt: settings.openedAt,
      state: position.toState(),
    });
  }
  const asOf = book.balancesAsOf;
  return {
    setup: book.setup,
    positions,
    closed: book.closed.slice(),
    closedTrades: book.closedTrades.slice(),
    tradeIds: book.tradeIdLog.slice(),
    cashFlowIds: new Set(book.cashFlowIds),
    realized: new Map(book.realized),
    ...(Number.isFinite(asOf) ? { balancesAsOf: asOf } : {}),
    total: new Map(book.ledger.total),
    locked: new Map(book.ledger.locked),
    performance: book.performance.toState(),
    cycle: book.cycle,
    provisional: book.provisional,
    history: book.history.slice(),
  };
}

/** The set-up fields that decide how fills are booked: a snapshot taken under other ones is not reused. */
export function sameBooking(a: AccountSetup, b: AccountSetup): boolean {
  return (
    a.type === b.type &&
    String(a.baseCurrency) === String(b.baseCurrency) &&
    a.positionMode === b.positionMode &&
    a.costBasis === b.costBasis
  );
}

/**
 * The book a snapshot describes. `live` is the book registered at this start (config and the venue's
 * balance report): its set-up wins, and so do its balances when the venue reported them after the snapshot's
 * (the venue's balances are the truth at start, as on a replay, where older fills do not move cash again).
 */
export function restoreBook(
  saved: AccountBookSnapshot,
  live: AccountBook | undefined,
  rates: ConversionRateSource,
): AccountBook {
  const book = new AccountBook(live?.setup ?? saved.setup);
  book.provisional = live === undefined ? saved.provisional : live.provisional;
  for (const item of saved.history) book.history.push(item);
  for (const entry of saved.positions) {
    const position = Position.fromState(
      {
        id: entry.id,
        accountId: book.accountId,
        instrumentId: entry.instrumentId,
        quoteCurrency: entry.quoteCurrency,
        accountCurrency: book.baseCurrency,
        costBasis: book.setup.costBasis,
        leg: entry.leg,
        rates,
        openedAt: entry.openedAt,
      },
      entry.state,
    );
    book.positions.set(entry.key, position);
  }
  book.closed.push(...saved.closed);
  book.closedTrades.push(...saved.closedTrades);
  for (const id of saved.tradeIds) book.bookTradeId(id);
  for (const id of saved.cashFlowIds) book.cashFlowIds.add(id);
  for (const [currency, amount] of saved.realized) book.realized.set(currency, amount);
  book.performance.restoreState(saved.performance);
  book.cycle = saved.cycle;
  const savedAsOf = saved.balancesAsOf ?? Number.NEGATIVE_INFINITY;
  const source =
    live !== undefined && live.balancesAsOf > savedAsOf
      ? { total: live.ledger.total, locked: live.ledger.locked, asOf: live.balancesAsOf }
      : { total: saved.total, locked: saved.locked, asOf: savedAsOf };
  book.ledger.total.clear();
  book.ledger.locked.clear();
  for (const [currency, amount] of source.total) book.ledger.total.set(currency, amount);
  for (const [currency, amount] of source.locked) book.ledger.locked.set(currency, amount);
  book.balancesAsOf = source.asOf;
  return book;
}

/** Items encoded per event-loop turn while a snapshot's portfolio is written (see encodePortfolioInTurns). */
export const PORTFOLIO_ITEMS_PER_TURN = 2_000;

/**
 * The exact encoding of `state` (decodeExact gives it back), written a slice of its long lists per event-loop
 * turn: closed positions and trades, and booked trade ids, grow with history, and one encodeExact call over
 * them would hold the loop for a long time on a snapshot taken while trading.
 */
export async function encodePortfolioInTurns(
  state: PortfolioSnapshotState,
  yieldTurn: () => Promise<void>,
  perTurn = PORTFOLIO_ITEMS_PER_TURN,
): Promise<string> {
  let sinceYield = 0;
  const list = async (items: Iterable<unknown>): Promise<string> => {
    const pieces: string[] = [];
    for (const item of items) {
      pieces.push(encodeExact(item));
      if (++sinceYield >= perTurn) {
        sinceYield = 0;
        await yieldTurn();
      }
    }
    return `[${pieces.join(',')}]`;
  };
  const accounts: string[] = [];
  for (const account of state.accounts) {
    const { closed, closedTrades, tradeIds, cashFlowIds, ...rest } = account;
    const head = encodeExact(rest);
    const lists = [
      `"closed":${await list(closed)}`,
      `"closedTrades":${await list(closedTrades)}`,
      `"tradeIds":${await list(tradeIds)}`,
      `"cashFlowIds":{"$set":${await list(cashFlowIds)}}`,
    ];
    // head is a JSON object ({...}); the long lists join it as further fields.
    accounts.push(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${lists.join(',')}}`);
  }
  return `{"version":${encodeExact(state.version)},"accounts":[${accounts.join(',')}]}`;
}

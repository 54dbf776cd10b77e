import { join } from 'node:path';

import {
  AccountId,
  Decimal,
  encodeExact,
  ManualClock,
  Money,
  type FinishedOrderRecord,
  type Instrument,
  type JournalEntryInput,
  type OrderEvent,
  type PositionFill,
} from '../src/core';
import { InProcessBus } from '../src/engine/bus/in-process-bus';
import { PortfolioService, type PortfolioSnapshotState } from '../src/engine/portfolio';
import { createPaperVenue } from '../src/simulators/paper';
import { openSqliteStore } from '../src/store';

/**
 * Builds the start-up bench's data directory the way a long-running engine leaves it: `historical` orders,
 * each journaled as the engine journals a filled market order (CommandSubmitOrder with OrderInitialized +
 * OrderSubmitted, then OrderAccepted, then OrderFilled: three entries), all finished and in the order
 * history; a live-only snapshot after them; then `tail` more orders journaled after the snapshot. The events
 * are the engine's own shapes, encoded with its encoder, for the paper venue's EUR_USD.PAPER on paper-fx.
 */
export const ACCOUNT = 'paper-fx';
const INSTRUMENT = 'EUR_USD.PAPER';
const T0 = 1_767_614_400_000;
const BATCH = 1_000;

function orderEvents(n: number): OrderEvent[] {
  const clientOrderId = `hist-${n}`;
  const at = T0 + n * 10;
  const base = (type: string, k: number) => ({
    type,
    eventId: `bench.${n.toString(36)}-${k}`,
    clientOrderId,
    accountId: ACCOUNT,
    instrumentId: INSTRUMENT,
    occurredAt: at,
    recordedAt: at,
  });
  const side = n % 2 === 0 ? 'buy' : 'sell';
  const request = {
    clientOrderId,
    accountId: ACCOUNT,
    instrumentId: INSTRUMENT,
    side,
    type: 'market',
    quantity: Decimal.parse('1000'),
    timeInForce: 'IOC',
    postOnly: false,
    reduceOnly: false,
    tag: 'bench',
  };
  return [
    { ...base('OrderInitialized', 0), request },
    { ...base('OrderSubmitted', 1), venueClientOrderId: clientOrderId },
    { ...base('OrderAccepted', 2), venueOrderId: `v-${n}` },
    {
      ...base('OrderFilled', 3),
      venueOrderId: `v-${n}`,
      tradeId: `t-${n}`,
      side,
      lastQuantity: Decimal.parse('1000'),
      lastPrice: Decimal.parse(n % 2 === 0 ? '1.08500' : '1.08510'),
      commission: Money.zero('USD'),
      liquidity: 'taker',
    },
  ] as unknown as OrderEvent[];
}

function journalEntries(events: readonly OrderEvent[]): JournalEntryInput[] {
  const [initialized, submitted, accepted, filled] = events as [
    OrderEvent,
    OrderEvent,
    OrderEvent,
    OrderEvent,
  ];
  const entry = (type: string, payload: unknown): JournalEntryInput => ({
    type,
    stream: ACCOUNT,
    payload: encodeExact(payload),
    recordedAt: initialized.recordedAt,
  });
  return [
    entry('CommandSubmitOrder', { initialized, submitted }),
    entry('OrderAccepted', accepted),
    entry('OrderFilled', filled),
  ];
}

function historyRecord(n: number, events: readonly OrderEvent[]): FinishedOrderRecord {
  const filled = events[3] as unknown as Record<string, unknown> & { occurredAt: number };
  return {
    clientOrderId: `hist-${n}`,
    accountId: ACCOUNT,
    instrumentId: INSTRUMENT,
    tag: 'bench',
    status: 'filled',
    ordinal: n,
    venue: 'paper',
    emulated: false,
    venueIds: [`v-${n}`, `hist-${n}`],
    events: encodeExact(events),
    fills: [
      {
        index: 0,
        occurredAt: filled.occurredAt,
        report: encodeExact({
          accountId: ACCOUNT,
          instrumentId: INSTRUMENT,
          venueOrderId: filled.venueOrderId,
          venueClientOrderId: `hist-${n}`,
          tradeId: filled.tradeId,
          side: filled.side,
          quantity: filled.lastQuantity,
          price: filled.lastPrice,
          commission: filled.commission,
          liquidity: 'taker',
          occurredAt: filled.occurredAt,
        }),
        booking: encodeExact({
          accountId: ACCOUNT,
          instrumentId: INSTRUMENT,
          tradeId: filled.tradeId,
          clientOrderId: `hist-${n}`,
          side: filled.side,
          quantity: filled.lastQuantity,
          price: filled.lastPrice,
          commission: filled.commission,
          tag: 'bench',
          effect: 'open',
          occurredAt: filled.occurredAt,
        }),
      },
    ],
  };
}

/**
 * The portfolio the engine holds after the historical fills, as its snapshot carries it: the fills booked by
 * the engine's own PortfolioService under the set-up the engine registers for the paper venue's paper-fx
 * (margin, netting, FIFO trades, USD; see EngineRuntime.registerAccount). Not part of the measured start.
 */
async function historicalPortfolio(historical: number): Promise<PortfolioSnapshotState> {
  const venue = createPaperVenue({ clock: new ManualClock(T0) });
  const instruments = new Map<string, Instrument>();
  for (const instrument of await venue.instruments()) instruments.set(instrument.id, instrument);
  const portfolio = new PortfolioService({
    bus: new InProcessBus(),
    clock: new ManualClock(T0),
    instrument: (id) => instruments.get(id),
  });
  portfolio.registerAccount({
    accountId: AccountId.parse(ACCOUNT),
    venue: 'PAPER',
    type: 'margin',
    baseCurrency: 'USD',
    positionMode: 'netting',
    costBasis: 'fifo-trades',
  });
  for (let n = 0; n < historical; n++) {
    const filled = orderEvents(n)[3] as unknown as Record<string, unknown> & { occurredAt: number };
    portfolio.applyFill({
      accountId: ACCOUNT,
      instrumentId: INSTRUMENT,
      tradeId: filled.tradeId,
      clientOrderId: `hist-${n}`,
      side: filled.side,
      quantity: filled.lastQuantity,
      price: filled.lastPrice,
      commission: filled.commission,
      tag: 'bench',
      effect: 'open',
      occurredAt: filled.occurredAt,
    } as unknown as PositionFill);
  }
  const started = process.hrtime.bigint();
  const state = portfolio.captureState();
  const captured = process.hrtime.bigint();
  const text = encodeExact(state);
  portfolioCost.captureMs = Number(captured - started) / 1e6;
  portfolioCost.encodeMs = Number(process.hrtime.bigint() - captured) / 1e6;
  portfolioCost.bytes = text.length;
  return state;
}

/**
 * What the portfolio part costs a live engine's snapshot: the copy taken in one tick and its encoding, both on
 * the event loop (measured here on the same state, once).
 */
const portfolioCost = { captureMs: 0, encodeMs: 0, bytes: 0 };

export interface BuiltJournal {
  readonly path: string;
  readonly entries: number;
  readonly snapshotSequence: number;
  readonly buildMs: number;
  readonly portfolio: { readonly captureMs: number; readonly encodeMs: number; readonly bytes: number };
}

export async function buildStartupJournal(
  directory: string,
  historical: number,
  tail: number,
  /** False: a snapshot as written before it kept the portfolio (every historical fill is booked again). */
  withPortfolio = true,
): Promise<BuiltJournal> {
  const started = process.hrtime.bigint();
  const path = join(directory, 'journal.db');
  const store = await openSqliteStore({ path, checkpoint: 'none' });
  const history = store.orderHistory.sync;
  try {
    const write = (from: number, to: number, withHistory: boolean) => {
      for (let start = from; start < to; start += BATCH) {
        const entries: JournalEntryInput[] = [];
        const records: FinishedOrderRecord[] = [];
        for (let n = start; n < Math.min(to, start + BATCH); n++) {
          const events = orderEvents(n);
          entries.push(...journalEntries(events));
          if (withHistory) records.push(historyRecord(n, events));
        }
        store.journal.appendSync(entries);
        if (withHistory) history.save(records);
      }
    };
    write(0, historical, true);
    const snapshotSequence = store.journal.lastSequenceSync();
    const state = encodeExact({
      orders: [],
      tradingStates: [],
      accountSwitches: [],
      ordinals: [],
      nextOrdinal: historical,
      liveOnly: true,
      ...(withPortfolio ? { portfolio: await historicalPortfolio(historical) } : {}),
    });
    await store.journal.saveSnapshot({ sequence: snapshotSequence, state, createdAt: T0 });
    write(historical, historical + tail, false);
    return {
      path,
      entries: store.journal.lastSequenceSync(),
      snapshotSequence,
      buildMs: Number(process.hrtime.bigint() - started) / 1e6,
      portfolio: { ...portfolioCost },
    };
  } finally {
    await store.close();
  }
}

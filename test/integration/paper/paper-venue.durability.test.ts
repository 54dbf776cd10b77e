import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  ManualClock,
  Price,
  Quantity,
  encodeExact,
  type OrderRequest,
  type VenueClientOrderId,
} from '../../../src/core';
import { createPaperVenue, type PaperVenue } from '../../../src/simulators/paper';

const FX = AccountId.parse('paper-fx');
const EUR_USD = InstrumentId.parse('EUR_USD.PAPER');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-paper-'));
  dirs.push(dir);
  return join(dir, 'paper.sqlite');
}

function order(id: string, partial: Partial<OrderRequest> = {}): { request: OrderRequest; venueClientOrderId: VenueClientOrderId } {
  const request: OrderRequest = {
    clientOrderId: ClientOrderId.parse(id),
    accountId: FX,
    instrumentId: EUR_USD,
    side: 'buy',
    type: 'market',
    quantity: Quantity.parse('10000'),
    timeInForce: 'IOC',
    postOnly: false,
    reduceOnly: false,
    ...partial,
  };
  return { request, venueClientOrderId: id as VenueClientOrderId };
}

async function stateOf(venue: PaperVenue) {
  return encodeExact({
    open: await venue.openOrders(FX),
    fills: await venue.fillsSince(FX, 0),
    positions: (await venue.positions(FX)).map((p) => ({ ...p, reportedAt: 0, unrealizedPnl: undefined })),
    balances: (await venue.account(FX)).balances,
  });
}

describe('paper venue durability', () => {
  it('a venue reopened from its store after a crash (no clean close) has every acknowledged order, fill and position', async () => {
    const path = storeFile();
    const clock = new ManualClock();
    const first = createPaperVenue({ clock, seed: 3, storePath: path, snapshotEvery: 4 });
    await first.connect();
    const { bid } = first.quote(EUR_USD);
    for (let i = 0; i < 10; i++) {
      expect((await first.submit(order(`m${i}`, { side: i % 3 === 0 ? 'sell' : 'buy' }))).status).toBe('accepted');
      clock.advance(250);
      const resting = order(`l${i}`, { type: 'limit', timeInForce: 'GTC', price: Price.of(bid.sub(Price.parse('0.00100'))) });
      expect((await first.submit(resting)).status).toBe('accepted');
      clock.advance(250);
    }
    await first.cancel({ accountId: FX, instrumentId: EUR_USD, venueClientOrderId: 'l3' as VenueClientOrderId });
    clock.advance(1_000);
    const before = await stateOf(first);
    // The first venue is abandoned without close(): its process "died". A second one opens the same file.
    const second = createPaperVenue({ clock, seed: 3, storePath: path, snapshotEvery: 4 });
    await second.connect();
    expect(await stateOf(second)).toBe(before);
    const duplicate = await second.submit(order('m1'));
    expect(duplicate.status === 'rejected' && duplicate.code).toBe('VENUE_DUPLICATE_ORDER');
    await second.close();
  });

  it('the market goes on deterministically while the venue is down: fills that happened meanwhile are the same on reopen', async () => {
    const path = storeFile();
    const clock = new ManualClock();
    const live = createPaperVenue({ clock, seed: 5, storePath: path });
    await live.connect();
    const { bid } = live.quote(EUR_USD);
    await live.submit(order('near', { type: 'limit', timeInForce: 'GTC', price: Price.of(bid.sub(Price.parse('0.00005'))), quantity: Quantity.parse('1000') }));
    clock.advance(120_000);
    const reference = await stateOf(live);
    expect((await live.fillsSince(FX, 0)).some((f) => f.venueClientOrderId === 'near')).toBe(true);
    const reopened = createPaperVenue({ clock, seed: 5, storePath: path });
    await reopened.connect();
    expect(await stateOf(reopened)).toBe(reference);
    await reopened.close();
  });

  it('keeps the full history in its store when memory keeps only the recent part', async () => {
    const path = storeFile();
    const clock = new ManualClock();
    const options = { clock, seed: 4, storePath: path, retention: { closedOrders: 5, fills: 5 }, snapshotEvery: 7 };
    const venue = createPaperVenue(options);
    await venue.connect();
    for (let i = 0; i < 40; i++) {
      expect((await venue.submit(order(`h${i}`, { side: i % 2 === 0 ? 'buy' : 'sell' }))).status).toBe('accepted');
      clock.advance(100);
    }
    const reopened = createPaperVenue(options);
    await reopened.connect();
    expect(reopened.matching.order({ accountId: FX, clientOrderId: 'h0' })).toBeUndefined();
    expect((await reopened.orderStatus({ accountId: FX, venueClientOrderId: 'h0' as VenueClientOrderId }))?.status).toBe('filled');
    const fills = await reopened.fillsSince(FX, 0);
    expect(new Set(fills.map((f) => f.venueClientOrderId)).size).toBe(40);
    const duplicate = await reopened.submit(order('h0'));
    expect(duplicate.status === 'rejected' && duplicate.code).toBe('VENUE_DUPLICATE_ORDER');
    await reopened.close();
  });

  it('after a pause longer than it replays, the market resumes at once and a second restart agrees', async () => {
    const path = storeFile();
    const clock = new ManualClock();
    const first = createPaperVenue({ clock, seed: 8, storePath: path, maxCatchUpMs: 60_000 });
    await first.connect();
    expect((await first.submit(order('before'))).status).toBe('accepted');
    await first.close();
    clock.advance(3 * 86_400_000);
    // What the venue says it did, not how long it took: three days of a 7-instrument walk would be millions of
    // steps; the venue records a skip of the pause instead, and resumes the market from now.
    const lines: { msg?: string; pausedMs?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg?: string; pausedMs?: number }) });
    const second = createPaperVenue({ clock, seed: 8, storePath: path, maxCatchUpMs: 60_000, logger });
    await second.connect();
    const skip = lines.find((line) => line.msg === 'paper market resumes after a long pause');
    expect(skip?.pausedMs).toBeGreaterThanOrEqual(3 * 86_400_000);
    // The market ran to now at once: its quote is stamped with the current time, not three days back.
    const resumed = second.matching.processedUntil();
    expect(resumed).toBe(clock.now());
    clock.advance(5_000);
    const state = await stateOf(second);
    const third = createPaperVenue({ clock, seed: 8, storePath: path, maxCatchUpMs: 60_000 });
    await third.connect();
    expect(await stateOf(third)).toBe(state);
    await third.close();
  });
});

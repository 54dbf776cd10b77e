import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, InstrumentId, ManualClock, Quantity, type VenueClientOrderId } from '../../../src/core';
import { createPaperVenue } from '../../../src/simulators/paper';

const FX = AccountId.parse('paper-fx');
const EUR_USD = InstrumentId.parse('EUR_USD.PAPER');
const market = (id: string) => ({
  request: { clientOrderId: ClientOrderId.parse(id), accountId: FX, instrumentId: EUR_USD, side: 'buy' as const, type: 'market' as const, quantity: Quantity.parse('1000'), timeInForce: 'IOC' as const, postOnly: false, reduceOnly: false },
  venueClientOrderId: id as VenueClientOrderId,
});

describe('paper venue options', () => {
  it('with latency, the answer comes once the clock has moved past the order reaching the book', async () => {
    const clock = new ManualClock();
    const venue = createPaperVenue({ clock, latency: { kind: 'fixed', ms: 40 } });
    await venue.connect();
    let answered = false;
    const pending = venue.submit(market('late')).then((result) => {
      answered = true;
      return result;
    });
    await Promise.resolve();
    expect(answered).toBe(false);
    clock.advance(40);
    const result = await pending;
    expect(result.status === 'accepted' && result.fills?.length).toBeGreaterThan(0);
    await venue.close();
  });

  it('refuses to reopen a store with another seed, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-paper-seed-'));
    try {
      const storePath = join(dir, 'paper.sqlite');
      const clock = new ManualClock();
      await createPaperVenue({ clock, seed: 1, storePath }).close();
      expect(() => createPaperVenue({ clock, seed: 2, storePath })).toThrow(/created with seed 1, found 2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects what it does not declare (a market GTC) as unsupported, and refuses commands before connect', async () => {
    const venue = createPaperVenue({ clock: new ManualClock() });
    await expect(venue.submit(market('early'))).rejects.toMatchObject({ code: 'VENUE_UNAVAILABLE' });
    await venue.connect();
    const gtc = market('gtc');
    const result = await venue.submit({ ...gtc, request: { ...gtc.request, timeInForce: 'GTC' } });
    expect(result.status === 'rejected' && result.code).toBe('VENUE_UNSUPPORTED');
    await venue.close();
  });

  it('validates its options with errors that name the field', () => {
    expect(() => createPaperVenue({ clock: new ManualClock(), tickMs: 0 })).toThrow(/tickMs must be a positive integer/);
  });

  it('trades against a recorded market file instead of the synthetic walk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-paper-data-'));
    try {
      const dataPath = join(dir, 'eurusd.jsonl');
      const lines = [0, 1_000, 2_000].map((offset, i) =>
        JSON.stringify({ type: 'quote', instrument: 'EUR_USD.PAPER', at: 1_700_000_000_000 + offset, bid: `1.0850${i}`, ask: `1.0851${i}`, bidSize: '500000', askSize: '500000' }),
      );
      writeFileSync(dataPath, `${lines.join('\n')}\n`);
      const clock = new ManualClock();
      const venue = createPaperVenue({ clock, dataFile: { path: dataPath, format: 'jsonl' } });
      await venue.connect();
      clock.advance(1_000);
      const result = await venue.submit(market('recorded'));
      expect(result.status === 'accepted' && result.fills?.[0]?.price.toString()).toBe('1.08511');
      await venue.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

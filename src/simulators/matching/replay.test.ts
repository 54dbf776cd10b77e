import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Price, Quantity } from '../../core';
import { createReplaySource, formatRecordedLine, parseRecordedLine } from './replay-source';
import { EUR_USD, scenario } from './test-kit';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-replay-'));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

describe('replayed market data', () => {
  it('reads CSV quotes, depth deltas and trades, and fills a resting order from them', () => {
    const csv = [
      'at,type,instrument,bid,ask,bid_size,ask_size,price,quantity,side',
      `${T0},quote,EUR_USD.PAPER,1.08490,1.08500,1000000,1000000,,,`,
      `${T0 + 1000},bid,EUR_USD.PAPER,,,,,1.08480,2000000,`,
      `${T0 + 2000},trade,EUR_USD.PAPER,,,,,1.08490,1500000,sell`,
    ].join('\n');
    const s = scenario();
    const source = createReplaySource({ path: file('ticks.csv', csv), format: 'csv' });
    expect(source.instrumentIds).toEqual([EUR_USD]);
    s.engine.attachSource(source);
    s.engine.advanceTo(T0);
    s.submit({ side: 'buy', type: 'limit', quantity: '600000', price: Price.parse('1.08490') });
    s.advance(2_000);
    expect(s.engine.book(EUR_USD)?.levels(5).bids.map((l) => `${l.price.toString()}x${l.quantity.toString()}`)).toEqual(['1.08490x1000000', '1.08480x2000000']);
    expect(s.fillsText()).toEqual(['buy 500000 @ 1.08490 maker']);
  });

  it('replays at an accelerated speed: ten times faster maps ten recorded seconds to one', () => {
    const lines = [0, 5_000, 10_000].map((offset) =>
      formatRecordedLine({ type: 'QuoteTick', instrumentId: EUR_USD, bid: Price.parse('1.08490'), ask: Price.parse('1.08500'), bidSize: Quantity.parse('1'), askSize: Quantity.parse('1'), occurredAt: T0 - 3_600_000 + offset, recordedAt: 0 }),
    );
    const source = createReplaySource({ path: file('q.jsonl', lines.join('\n')), format: 'jsonl', speed: 10, startAt: T0 });
    const times: number[] = [];
    for (let event = source.take(); event !== undefined; event = source.take()) times.push(event.occurredAt);
    expect(times).toEqual([T0, T0 + 500, T0 + 1_000]);
  });

  it('refuses a malformed line, naming what it expected', () => {
    expect(() => parseRecordedLine('{"type":"quote"}')).toThrow(/numeric "at"/);
    expect(() => parseRecordedLine('not json')).toThrow(/must be JSON/);
  });

  it('round-trips every event kind through the recorded form exactly', () => {
    const event = { type: 'OrderBookUpdate' as const, instrumentId: EUR_USD, kind: 'snapshot' as const, bids: [{ price: Price.parse('1.08490'), quantity: Quantity.parse('1000000') }], asks: [{ price: Price.parse('1.08500'), quantity: Quantity.parse('0.50') }], valid: true, occurredAt: T0, recordedAt: T0 };
    expect(formatRecordedLine(parseRecordedLine(formatRecordedLine(event)))).toBe(formatRecordedLine(event));
  });
});

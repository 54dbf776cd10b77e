import { writeFileSync } from 'node:fs';

import { Decimal, Price } from '../../../src/core';
import { createSyntheticSource, formatRecordedLine } from '../../../src/simulators/matching';
import { paperInstruments } from '../../../src/simulators/paper';

export const RECORDING_START = Date.UTC(2026, 5, 1, 8, 0, 0);

/**
 * A recording as a user brings one: EUR_USD quotes every 250 ms (best bid and ask of the seeded market's book
 * snapshots) as JSON lines. `change` moves every bid and ask from quote `from` on by `pips`, to make a
 * different future from the same past.
 */
export function writeRecordedQuotes(
  path: string,
  count: number,
  change?: { readonly from: number; readonly pips: number },
): number[] {
  const instruments = paperInstruments().filter((i) => i.instrument.venueSymbol === 'EUR_USD');
  const source = createSyntheticSource({ seed: 7, startAt: RECORDING_START, instruments });
  const lines: string[] = [];
  const times: number[] = [];
  while (lines.length < count) {
    const event = source.take();
    if (event === undefined) break;
    if (event.type !== 'OrderBookUpdate' || event.kind !== 'snapshot') continue;
    const bid = event.bids[0]?.price;
    const ask = event.asks[0]?.price;
    if (bid === undefined || ask === undefined) continue;
    const moved = change !== undefined && lines.length >= change.from;
    const pip = Decimal.parse('0.0001').mul(Decimal.fromInteger(change?.pips ?? 0));
    lines.push(
      formatRecordedLine({
        type: 'QuoteTick',
        instrumentId: event.instrumentId,
        bid: moved ? Price.of(bid.add(pip)) : bid,
        ask: moved ? Price.of(ask.add(pip)) : ask,
        occurredAt: event.occurredAt,
        recordedAt: event.occurredAt,
      }),
    );
    times.push(event.occurredAt);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return times;
}

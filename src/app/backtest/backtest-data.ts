import { writeFileSync } from 'node:fs';

import { InstrumentId, TmtError, type Timestamp } from '../../core';
import { createReplaySource, formatRecordedLine } from '../../simulators/matching';

export interface BacktestData {
  /** The recorded events for the paper venue to replay (JSON lines, instruments renamed to PAPER). */
  readonly path: string;
  /** Each event's recorded time, in file order: the backtest's clock steps through them. */
  readonly times: readonly Timestamp[];
  /** How many of the events are quotes (the bench's unit). */
  readonly quotes: number;
}

export interface BacktestDataOptions {
  readonly source: string;
  readonly format: 'jsonl' | 'csv';
  /** Only this instrument's events (its symbol: EUR_USD, or EUR_USD.OANDA for a recording from OANDA). */
  readonly instrument: string;
  readonly from?: Timestamp;
  readonly to?: Timestamp;
  /** Where the prepared file goes. */
  readonly target: string;
}

/**
 * Reads recorded quotes, trades or book updates (the replay source's JSON-lines or CSV formats), keeps one
 * instrument's events between `from` and `to`, and writes them for the paper venue's replay with the
 * instrument on the PAPER venue: a recording from any venue backtests on the same matching engine. The
 * reader is the replay source itself, so a file the backtest takes is a file paper trading takes.
 */
export function prepareBacktestData(options: BacktestDataOptions): BacktestData {
  const symbol = options.instrument.split('.')[0] ?? options.instrument;
  const source = createReplaySource({ path: options.source, format: options.format, speed: 1 });
  const lines: string[] = [];
  const times: Timestamp[] = [];
  let quotes = 0;
  let ordered = -Infinity;
  for (let event = source.take(); event !== undefined; event = source.take()) {
    if (event.occurredAt < ordered)
      throw new TmtError(
        'CONFIG_INVALID',
        `recorded events must be in time order: ${event.occurredAt} comes after ${ordered}`,
        { field: 'data' },
      );
    ordered = event.occurredAt;
    if (event.instrumentId.split('.')[0] !== symbol) continue;
    if (options.from !== undefined && event.occurredAt < options.from) continue;
    if (options.to !== undefined && event.occurredAt > options.to) continue;
    const onPaper = { ...event, instrumentId: InstrumentId.parse(`${symbol}.PAPER`) };
    lines.push(formatRecordedLine(onPaper));
    times.push(event.occurredAt);
    if (event.type === 'QuoteTick') quotes++;
  }
  if (lines.length === 0)
    throw new TmtError(
      'CONFIG_INVALID',
      `the data has no events of ${options.instrument}${options.from === undefined && options.to === undefined ? '' : ' between --from and --to'}`,
      { field: 'data' },
    );
  writeFileSync(options.target, `${lines.join('\n')}\n`);
  return { path: options.target, times, quotes };
}

/** The file's format from its name: .csv is CSV, anything else JSON lines. */
export function formatOf(path: string): 'jsonl' | 'csv' {
  return path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}

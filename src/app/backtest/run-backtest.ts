import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { stringify } from 'yaml';

import {
  CandleBuilder,
  ManualClock,
  TmtError,
  type Candle,
  type Decimal,
  type FillReport,
  type Timestamp,
} from '../../core';
import { toJson } from '../../api/http/amounts';
import type { OrderView, PerformanceView } from '../../engine/trading-engine';
import { profileFromSignals } from '../../orchestrator/patterns/profile';
import type { StrategyProfile } from '../../orchestrator/patterns/pattern-detector';
import { silentLogger } from '../../shared/logger';
import { loadConfig } from '../config/load';
import { createApp } from '../create-app';
import { formatOf, prepareBacktestData } from './backtest-data';

/** The built-in strategies a backtest can run (the same classes the orchestrator runs live). */
export const BACKTEST_STRATEGIES = ['ma-crossover', 'breakout'] as const;
export type BacktestStrategy = (typeof BACKTEST_STRATEGIES)[number];

export interface BacktestOptions {
  readonly strategy: BacktestStrategy;
  /** The recording: JSON lines or CSV (by extension, or `format`). */
  readonly data: string;
  readonly format?: 'jsonl' | 'csv';
  /** The instrument to trade, by symbol (EUR_USD) or id (EUR_USD.OANDA): its events are replayed on PAPER. */
  readonly instrument: string;
  readonly from?: Timestamp;
  readonly to?: Timestamp;
  /** Strategy parameters (periods as integers, multiples as decimal strings). */
  readonly params?: Readonly<Record<string, string | number>>;
  readonly timeframeMs?: number;
  readonly baseCurrency?: string;
  readonly startingBalance?: string;
  /** Extra YAML for the backtest's configuration (risk limits, orchestrator sizing, paper fees). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Where the journal and the venue's state go; a temporary folder (removed after) by default. */
  readonly workDir?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BacktestResult {
  readonly strategy: BacktestStrategy;
  readonly instrumentId: string;
  readonly accountId: string;
  readonly events: number;
  readonly quotes: number;
  readonly from: Timestamp;
  readonly to: Timestamp;
  readonly orders: readonly OrderView[];
  readonly fills: readonly FillReport[];
  readonly performance: PerformanceView;
  readonly candles: readonly Candle[];
  /** The account's equity after each change, as [time, amount]. */
  readonly equity: readonly (readonly [Timestamp, Decimal])[];
  readonly currency: string;
  /** The strategy's recorded profile, for pattern detection live; absent when no trade closed. */
  readonly profile?: StrategyProfile;
}

const ACCOUNT = 'backtest';
/** The paper venue's tick bounds (its config's): a recorded event is matched at the first tick after it. */
const MIN_TICK_MS = 10;
const MAX_TICK_MS = 60_000;
/** Rounds of "let the async work finish" after each step: signal → pipeline → engine → venue and back. */
const SETTLE_ROUNDS = 4;

/**
 * Runs one built-in strategy over recorded market data through the very code that trades live: the
 * orchestrator's strategy runner and pipeline, the engine with risk, OMS and journal, and the paper venue
 * replaying the recording on its matching engine. The clock is a manual one stepped to each recorded event,
 * and every step lets the signal, the order and its fill finish before the next event: the result depends on
 * the data alone (deterministic), and a strategy sees a candle only once it has closed on the replay clock.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const ownDir = options.workDir === undefined;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'tmt-backtest-'));
  try {
    return await run(options, workDir);
  } finally {
    if (ownDir) rmSync(workDir, { recursive: true, force: true });
  }
}

async function run(options: BacktestOptions, workDir: string): Promise<BacktestResult> {
  const data = prepareBacktestData({
    source: options.data,
    format: options.format ?? formatOf(options.data),
    instrument: options.instrument,
    target: join(workDir, 'replay.jsonl'),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  });
  const symbol = options.instrument.split('.')[0] ?? options.instrument;
  const instrumentId = `${symbol}.PAPER`;
  const timeframeMs = options.timeframeMs ?? 60_000;
  const first = data.times[0] as Timestamp;
  const last = data.times[data.times.length - 1] as Timestamp;
  const tickMs = tickFor(data.times);
  const configPath = join(workDir, 'tmt.yaml');
  writeFileSync(configPath, stringify(backtestConfig(options, data.path, instrumentId, timeframeMs, tickMs)));
  const clock = new ManualClock(first);
  const app = await createApp(loadConfig({ path: configPath, env: {} }), {
    clock,
    logger: silentLogger(),
    processMetrics: false,
  });
  try {
    const runner = app.orchestrator?.strategies[0];
    if (runner === undefined) throw new TmtError('CONFIG_INVALID', 'the backtest strategy did not start', {});
    const candles: Candle[] = [];
    const builder = new CandleBuilder(timeframeMs, (candle) => candles.push(candle));
    const equity: [Timestamp, Decimal][] = [];
    let currency = options.baseCurrency ?? 'USD';
    const unsubscribe = [
      app.engine.bus.subscribe('QuoteTick', (quote) => {
        builder.advance(quote.occurredAt);
        if (quote.instrumentId === instrumentId) builder.onQuote(quote);
      }),
      app.engine.bus.subscribe('AccountStateChanged', (state) => {
        if (state.accountId !== ACCOUNT || state.equity === undefined) return;
        currency = state.equity.currency;
        const previous = equity.at(-1);
        if (previous === undefined || !previous[1].eq(state.equity.amount))
          equity.push([state.occurredAt, state.equity.amount]);
      }),
    ];
    await app.listen();
    const settle = async (): Promise<void> => {
      for (let round = 0; round < SETTLE_ROUNDS; round++) {
        await runner.idle();
        await new Promise((resolve) => setImmediate(resolve));
        // Timers due now (a zero-latency order reaching the paper book) fire before the next event.
        clock.advance(0);
      }
    };
    await settle();
    for (let index = 0; index < data.times.length; index++) {
      const at = data.times[index] as Timestamp;
      // To the venue's first tick at or after the event: it is replayed and matched there.
      const tick = Math.ceil((at - first) / tickMs) * tickMs + first;
      if (tick > clock.now()) clock.advance(tick - clock.now());
      if (data.times[index + 1] === at) continue;
      await settle();
      options.onProgress?.(index + 1, data.times.length);
    }
    await settle();
    for (const stop of unsubscribe) stop();
    const profile = profileFromSignals(
      `backtest-${options.strategy}`,
      app.orchestrator?.orchestrator.signals({ limit: Number.MAX_SAFE_INTEGER }) ?? [],
    );
    return {
      strategy: options.strategy,
      instrumentId,
      accountId: ACCOUNT,
      events: data.times.length,
      quotes: data.quotes,
      from: first,
      to: last,
      orders: app.engine.orders(),
      fills: [...app.engine.fills({})].reverse(),
      performance: app.engine.performance(ACCOUNT as never),
      candles,
      equity,
      currency,
      ...(profile === undefined ? {} : { profile }),
    };
  } finally {
    await app.close();
  }
}

function backtestConfig(
  options: BacktestOptions,
  replayPath: string,
  instrumentId: string,
  timeframeMs: number,
  tickMs: number,
): Record<string, unknown> {
  const extra = options.config ?? {};
  const orchestrator = (extra.orchestrator ?? {}) as Record<string, unknown>;
  return {
    ...extra,
    accounts: [
      {
        id: ACCOUNT,
        venue: 'paper',
        environment: 'paper',
        baseCurrency: options.baseCurrency ?? 'USD',
        startingBalance: options.startingBalance ?? '100000',
        instruments: [instrumentId.split('.')[0]],
      },
    ],
    api: { port: 0 },
    store: { dataDir: './data' },
    logging: { level: 'silent' },
    paper: {
      ...((extra.paper ?? {}) as Record<string, unknown>),
      tickIntervalMs: tickMs,
      replay: { path: replayPath, format: 'jsonl', speed: 1 },
    },
    orchestrator: {
      ...orchestrator,
      enabled: true,
      strategies: [
        {
          id: `backtest-${options.strategy}`,
          kind: options.strategy,
          instrument: instrumentId,
          timeframeMs,
          params: options.params ?? {},
        },
      ],
    },
  };
}

/**
 * The venue's tick: the largest step that lands on every recorded time (their spacing's greatest common
 * divisor), within the paper venue's bounds. A recording every 250 ms ticks every 250 ms, each event matched
 * at its own time; an irregular one ticks at the finest step, 10 ms.
 */
function tickFor(times: readonly Timestamp[]): number {
  const first = times[0] ?? 0;
  let step = 0;
  for (const at of times) {
    step = gcd(step, at - first);
    if (step !== 0 && step <= MIN_TICK_MS) return MIN_TICK_MS;
  }
  return step === 0 ? MIN_TICK_MS : Math.min(step, MAX_TICK_MS);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The result as exact JSON (decimals as strings): byte for byte the same for the same inputs. */
export function backtestJson(result: BacktestResult): string {
  return toJson(result);
}

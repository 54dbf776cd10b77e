/**
 * `tmt backtest`: the live pipeline, engine and matching engine over a recording, on a replay clock.
 * Deterministic, free of lookahead, and equal to paper trading over the same data.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startService } from '../../../src/app/start-service';
import { reportHtml, reportJson } from '../../../src/app/backtest/backtest-report';
import { backtestJson, runBacktest, type BacktestOptions } from '../../../src/app/backtest/run-backtest';
import { Decimal, ManualClock } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { tmt } from '../cli/support/tmt';
import { RECORDING_START, writeRecordedQuotes } from './recorded-quotes';

const QUOTES = 2_400;
const PARAMS = { fast: 3, slow: 8, atrPeriod: 5 };

describe('backtest over recorded quotes', () => {
  let dir: string;
  let data: string;
  let options: BacktestOptions;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tmt-backtest-test-'));
    data = join(dir, 'eurusd.jsonl');
    writeRecordedQuotes(data, QUOTES);
    options = { strategy: 'ma-crossover', data, instrument: 'EUR_USD', timeframeMs: 10_000, params: PARAMS };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is deterministic: the same inputs give the same orders and fills, byte for byte', async () => {
    const first = await runBacktest(options);
    const second = await runBacktest(options);
    expect(first.fills.length).toBeGreaterThan(0);
    expect(first.orders.some((o) => o.order.clientOrderId.startsWith('sg-'))).toBe(true);
    expect(backtestJson(second)).toBe(backtestJson(first));
    expect(first.events).toBe(QUOTES);
    // The recorded profile pattern detection compares live trading with: from the run's closed signals.
    expect(first.profile?.agentId).toBe('backtest-ma-crossover');
    expect(first.profile?.instruments).toEqual(['EUR_USD.PAPER']);
    expect(first.profile?.maxTradesPerDay).toBeGreaterThan(0);
    expect(first.profile?.winRate.gte(Decimal.ZERO) && first.profile.winRate.lte(Decimal.ONE)).toBe(true);
    // The report lists the statistics the issue names.
    const report = JSON.parse(reportJson(first)) as { summary: { performance: Record<string, unknown> } };
    for (const field of ['trades', 'winRate', 'profitFactor', 'maxDrawdown', 'exposure'])
      expect(report.summary.performance).toHaveProperty(field);
    const html = reportHtml(first);
    expect(html).toContain('LightweightCharts');
    expect(html).toContain('<table id="trades">');
  }, 240_000);

  it('has no lookahead: a different future leaves every order made before it unchanged', async () => {
    const changed = join(dir, 'eurusd-changed.jsonl');
    const from = Math.floor(QUOTES / 2);
    const times = writeRecordedQuotes(changed, QUOTES, { from, pips: 40 });
    const cut = times[from] as number;
    const original = await runBacktest(options);
    const other = await runBacktest({ ...options, data: changed });
    const before = (orders: typeof original.orders) =>
      orders
        .filter((o) => (o.order.events[0]?.occurredAt ?? Infinity) < cut)
        .map(
          (o) => `${o.order.clientOrderId}|${o.order.request.side}|${o.order.request.quantity.toString()}`,
        );
    expect(before(original.orders).length).toBeGreaterThan(0);
    expect(before(other.orders)).toEqual(before(original.orders));
    // The future did change something: the runs differ after the cut (or the test would prove nothing).
    expect(backtestJson(other)).not.toBe(backtestJson(original));
  }, 240_000);

  it('makes the same orders as paper trading over the same replayed data', async () => {
    const backtest = await runBacktest(options);
    const paper = await paperRun(data, dir);
    const shape = (orders: typeof backtest.orders) =>
      orders
        .map(
          (o) =>
            `${o.order.clientOrderId}|${o.order.request.side}|${o.order.request.type}|${o.order.request.quantity.toString()}|${o.status}`,
        )
        .sort();
    expect(shape(paper)).toEqual(shape(backtest.orders));
  }, 240_000);

  it('runs from the CLI with a report file, and names a bad option', async () => {
    const report = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const run = await tmt(
      [
        'backtest',
        '-s',
        'ma-crossover',
        '-d',
        data,
        '-i',
        'EUR_USD',
        '-t',
        '10s',
        '-p',
        'fast=3',
        '-p',
        'slow=8',
        '-p',
        'atrPeriod=5',
        '--report',
        report,
        '--html',
        html,
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('ma-crossover on EUR_USD.PAPER');
    const written = JSON.parse(readFileSync(report, 'utf8')) as {
      summary: { events: number };
      trades: unknown[];
    };
    expect(written.summary.events).toBe(QUOTES);
    expect(written.trades.length).toBeGreaterThan(0);
    expect(readFileSync(html, 'utf8')).toContain('Backtest: ma-crossover');
    const bad = await tmt(['backtest', '-s', 'ma-crossover', '-d', data, '-i', 'EUR_USD', '-t', '7x'], {});
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--timeframe');
    const noData = await tmt(['backtest', '-s', 'ma-crossover', '-d', data, '-i', 'GBP_USD'], {});
    expect(noData.code).toBe(1);
    expect(noData.stderr + noData.stdout).toContain('GBP_USD');
  }, 240_000);
});

/**
 * The same strategy and data through `tmt start`'s path: the service with the recording as its paper market
 * and the strategy in its orchestrator, on a manual clock this test moves event by event, waiting each time
 * until the strategy's signals are through.
 */
async function paperRun(data: string, dir: string) {
  const work = mkdtempSync(join(dir, 'paper-'));
  const times = readFileSync(data, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { at: number }).at);
  const clock = new ManualClock(RECORDING_START);
  const config = join(work, 'tmt.yaml');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    config,
    `accounts:
  - {id: backtest, venue: paper, environment: paper, baseCurrency: USD, startingBalance: "100000", instruments: [EUR_USD]}
api: {port: 0}
store: {dataDir: ./data}
paper: {tickIntervalMs: 250, replay: {path: ${JSON.stringify(data)}, format: jsonl, speed: 1}}
orchestrator:
  strategies:
    - {id: backtest-ma-crossover, kind: ma-crossover, instrument: EUR_USD.PAPER, timeframeMs: 10000, params: {fast: 3, slow: 8, atrPeriod: 5}}
`,
  );
  const started = await startService(
    { path: config, env: {} },
    { clock, logger: silentLogger(), processMetrics: false },
  );
  try {
    const runner = started.app.orchestrator?.strategies[0];
    if (runner === undefined) throw new Error('no strategy runner');
    const quiet = async () => {
      for (let i = 0; i < 4; i++) {
        await runner.idle();
        await new Promise((resolve) => setTimeout(resolve, 0));
        clock.advance(0);
      }
    };
    for (const at of times) {
      if (at > clock.now()) clock.advance(at - clock.now());
      await quiet();
    }
    return started.app.engine.orders();
  } finally {
    await started.app.close();
    rmSync(work, { recursive: true, force: true });
  }
}

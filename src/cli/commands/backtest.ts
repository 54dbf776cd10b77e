import { writeFileSync } from 'node:fs';

import { Command, InvalidArgumentError, Option } from 'commander';

import { printError } from '../output';
import { parseDuration } from './order-options';

interface BacktestCliOptions {
  strategy: 'ma-crossover' | 'breakout';
  data: string;
  instrument: string;
  from?: number;
  to?: number;
  param: Record<string, string | number>;
  timeframe: number;
  balance: string;
  currency: string;
  report?: string;
  html?: string;
  json?: boolean;
}

function timeOption(value: string): number {
  const at = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(at))
    throw new InvalidArgumentError('expected an ISO time (2026-06-01T08:00:00Z) or epoch milliseconds');
  return at;
}

function paramOption(
  value: string,
  previous: Record<string, string | number>,
): Record<string, string | number> {
  const match = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(value);
  if (match === null) throw new InvalidArgumentError('expected name=value, e.g. fast=10 or atrMultiple=2.5');
  const [, name, raw] = match as unknown as [string, string, string];
  // Periods are whole numbers; multiples stay decimal text (never a float).
  return { ...previous, [name]: /^\d+$/.test(raw) ? Number(raw) : raw };
}

/**
 * `tmt backtest`: one built-in strategy over recorded quotes, trades or books, through the same pipeline,
 * engine and matching engine as paper trading, at full speed on a replay clock.
 */
export function backtestCommand(): Command {
  return new Command('backtest')
    .description(
      'run a strategy over recorded market data with the live pipeline and engine; prints a report',
    )
    .addOption(
      new Option('-s, --strategy <name>', 'built-in strategy')
        .choices(['ma-crossover', 'breakout'])
        .makeOptionMandatory(),
    )
    .requiredOption('-d, --data <file>', 'recorded data: JSON lines (.jsonl) or CSV (.csv), time-ordered')
    .requiredOption('-i, --instrument <symbol>', 'instrument to trade, e.g. EUR_USD (or EUR_USD.OANDA)')
    .option('--from <time>', 'first event to use (ISO time or epoch ms)', timeOption)
    .option('--to <time>', 'last event to use (ISO time or epoch ms)', timeOption)
    .option(
      '-p, --param <name=value>',
      'strategy parameter, repeatable (fast=10 slow=30 atrMultiple=2)',
      paramOption,
      {},
    )
    .option('-t, --timeframe <tf>', 'candle timeframe the strategy trades on', parseDuration, 60_000)
    .option('--balance <amount>', 'starting balance of the backtest account', '100000')
    .option('--currency <code>', 'account currency', 'USD')
    .option('--report <file>', 'write the JSON report here')
    .option('--html <file>', 'write the HTML report (equity curve, trades on the price chart) here')
    .option('--json', 'print the JSON report instead of the summary')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt backtest -s ma-crossover -d eurusd.jsonl -i EUR_USD -t 1m -p fast=10 -p slow=30 --html report.html\n  $ tmt backtest -s breakout -d btc.csv -i BTCUSDT --from 2026-06-01T00:00:00Z --json\n',
    )
    .action(async (options: BacktestCliOptions) => {
      try {
        const { runBacktest } = await import('../../app/backtest/run-backtest');
        const { reportHtml, reportJson, summarize } = await import('../../app/backtest/backtest-report');
        const { SingleBar, Presets } = await import('cli-progress');
        const bar =
          options.json === true || !process.stderr.isTTY
            ? undefined
            : new SingleBar(
                { stream: process.stderr, format: 'replaying {bar} {value}/{total} events' },
                Presets.shades_classic,
              );
        let started = false;
        const result = await runBacktest({
          strategy: options.strategy,
          data: options.data,
          instrument: options.instrument,
          params: options.param,
          timeframeMs: options.timeframe,
          startingBalance: options.balance,
          baseCurrency: options.currency,
          ...(options.from === undefined ? {} : { from: options.from }),
          ...(options.to === undefined ? {} : { to: options.to }),
          onProgress: (done, total) => {
            if (!started) bar?.start(total, 0);
            started = true;
            if (done % 500 === 0 || done === total) bar?.update(done);
          },
        });
        bar?.stop();
        const json = reportJson(result);
        if (options.report !== undefined) writeFileSync(options.report, json);
        if (options.html !== undefined) writeFileSync(options.html, reportHtml(result));
        if (options.json === true) {
          process.stdout.write(`${json}\n`);
          return;
        }
        const s = summarize(result);
        const p = s.performance;
        const lines = [
          `${s.strategy} on ${s.instrumentId}, ${s.from} to ${s.to}: ${s.events} events, ${s.orders} orders, ${s.fills} fills`,
          `trades ${p.trades}  win rate ${p.winRate.toString()}  profit factor ${p.profitFactor?.toString() ?? '–'}  Sharpe ${p.sharpeRatio === undefined ? '–' : p.sharpeRatio.toFixed(2)}`,
          `max drawdown ${p.maxDrawdown.amount.toString()} ${p.maxDrawdown.currency}  exposure ${p.exposure.amount.toString()} ${p.exposure.currency}`,
        ];
        if (options.report !== undefined) lines.push(`JSON report: ${options.report}`);
        if (options.html !== undefined) lines.push(`HTML report: ${options.html}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } catch (error) {
        printError(error, options);
      }
    });
}

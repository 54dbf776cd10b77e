import { writeFileSync } from 'node:fs';

import { Command, InvalidArgumentError, Option } from 'commander';

import { printError } from '../output';
import { parseDuration } from './order-options';

type Params = Record<string, string | number>;

interface WalkForwardCliOptions {
  strategy: 'ma-crossover' | 'breakout';
  data: string;
  instrument: string;
  timeframe: number;
  current: Params;
  candidate: Params[];
  folds: number;
  balance: string;
  currency: string;
  out?: string;
  json?: boolean;
}

/** `fast=3,slow=8`: periods as whole numbers, multiples kept as decimal text (never a float). */
function parseParams(value: string): Params {
  const params: Params = {};
  for (const pair of value.split(',')) {
    const match = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(pair.trim());
    if (match === null)
      throw new InvalidArgumentError('expected name=value[,name=value], e.g. fast=3,slow=8');
    const [, name, raw] = match as unknown as [string, string, string];
    params[name] = /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return params;
}

function foldsOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 20)
    throw new InvalidArgumentError('expected a whole number from 1 to 20');
  return Number(value);
}

/**
 * `tmt walk-forward`: stage 9's offline evaluation. Proposes a parameter change for an operator; it changes
 * nothing live (the proposal is printed, or written with --out).
 */
export function walkForwardCommand(): Command {
  return new Command('walk-forward')
    .description('walk-forward over recorded data with the backtest: proposes parameters, never applies them')
    .addOption(
      new Option('-s, --strategy <name>', 'built-in strategy')
        .choices(['ma-crossover', 'breakout'])
        .makeOptionMandatory(),
    )
    .requiredOption('-d, --data <file>', 'recorded data: JSON lines (.jsonl) or CSV (.csv), time-ordered')
    .requiredOption('-i, --instrument <symbol>', 'instrument to trade, e.g. EUR_USD')
    .requiredOption('--current <params>', 'the parameters live now, e.g. fast=10,slow=30', parseParams)
    .option(
      '--candidate <params>',
      'a parameter set to evaluate, repeatable (fast=5,slow=20)',
      (value: string, previous: Params[]) => [...previous, parseParams(value)],
      [],
    )
    .option('--folds <n>', 'out-of-sample folds (the data is cut into n + 1 windows)', foldsOption, 3)
    .option('-t, --timeframe <tf>', 'candle timeframe the strategy trades on', parseDuration, 60_000)
    .option('--balance <amount>', 'starting balance of each backtest', '100000')
    .option('--currency <code>', 'account currency', 'USD')
    .option('--out <file>', 'write the proposal (JSON) here')
    .option('--json', 'print the proposal as JSON instead of a summary')
    .addHelpText(
      'after',
      '\nExample:\n  $ tmt walk-forward -s ma-crossover -d eurusd.jsonl -i EUR_USD -t 1m --current fast=10,slow=30 --candidate fast=5,slow=20 --candidate fast=20,slow=50 --folds 4\n',
    )
    .action(async (options: WalkForwardCliOptions) => {
      try {
        const { walkForward } = await import('../../app/backtest/walk-forward');
        const proposal = await walkForward({
          strategy: options.strategy,
          data: options.data,
          instrument: options.instrument,
          timeframeMs: options.timeframe,
          startingBalance: options.balance,
          baseCurrency: options.currency,
          current: options.current,
          candidates: [options.current, ...options.candidate],
          folds: options.folds,
          onFold: (done, total) => process.stderr.write(`fold ${done}/${total}\n`),
        });
        const json = JSON.stringify(proposal, null, 2);
        if (options.out !== undefined) writeFileSync(options.out, `${json}\n`);
        if (options.json === true) {
          process.stdout.write(`${json}\n`);
          return;
        }
        const show = (params: Params) =>
          Object.entries(params)
            .map(([name, value]) => `${name}=${value}`)
            .join(',');
        process.stdout.write(
          `${proposal.proposed === undefined ? 'keep' : `propose ${show(proposal.proposed)} instead of`} ${show(proposal.current)}: ${proposal.reason}\n`,
        );
      } catch (error) {
        printError(error, options);
      }
    });
}

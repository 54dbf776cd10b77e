import { Command, InvalidArgumentError } from 'commander';

import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { print } from '../output';
import { guarded } from '../run';
import { parseDuration, parsePositiveDecimal } from './order-options';

const PARENT_COLUMNS = [
  'parentId',
  'kind',
  'status',
  'quantity',
  'filledQuantity',
  'leftQuantity',
  'averagePrice',
  'slippageBasisPoints',
];

function positiveInteger(value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
}

interface TwapOptions extends ConnectionOptions {
  account: string;
  instrument: string;
  side: 'buy' | 'sell';
  quantity: string;
  id: string;
  over: number;
  slices: number;
  limit?: string;
  minChild?: string;
  maxChild?: string;
  participation?: string;
  finish: boolean;
}

interface VwapOptions extends Omit<TwapOptions, 'slices'> {
  profile: string[];
  expectedVolume?: string;
  maxDeviation?: string;
}

interface RouteOptions extends ConnectionOptions {
  side: 'buy' | 'sell';
  quantity: string;
  id: string;
  leg: RouteLegOption[];
  limit?: string;
  within?: number;
}

interface RouteLegOption {
  accountId: string;
  instrumentId: string;
  takerFeeRate: string;
  quoteRate: string;
}

function profileWeights(value: string): string[] {
  const weights = value.split(',').map((w) => w.trim());
  if (weights.length === 0 || weights.some((w) => !/^\d+(\.\d+)?$/.test(w)))
    throw new InvalidArgumentError('expected comma-separated non-negative weights, e.g. 1,2,3,2');
  return weights;
}

function routeLeg(value: string, previous: RouteLegOption[] = []): RouteLegOption[] {
  const [accountId, instrumentId, takerFeeRate, quoteRate = '1', ...extra] = value.split(',').map((p) => p.trim());
  if (accountId === undefined || instrumentId === undefined || takerFeeRate === undefined || extra.length > 0 || accountId === '' || instrumentId === '')
    throw new InvalidArgumentError('expected account,instrument,takerFee[,quoteRate], e.g. binance-main,BTCUSDT.BINANCE,0.001,0.9995');
  if (!/^0(\.\d+)?$/.test(takerFeeRate)) throw new InvalidArgumentError(`takerFee must be a fraction in [0, 1), found ${takerFeeRate}`);
  if (!/^\d+(\.\d+)?$/.test(quoteRate)) throw new InvalidArgumentError(`quoteRate must be a positive decimal, found ${quoteRate}`);
  return [...previous, { accountId, instrumentId, takerFeeRate, quoteRate }];
}

function side(value: string): 'buy' | 'sell' {
  if (value !== 'buy' && value !== 'sell') throw new InvalidArgumentError(`--side must be buy or sell, found ${String(value)}`);
  return value;
}

/** The options TWAP and VWAP share: the limit, child sizes, the participation cap and what happens at the end. */
function withScheduleOptions(command: Command): Command {
  return command
    .option('--limit <price>', 'never trade through this price', parsePositiveDecimal)
    .option('--min-child <qty>', 'minimum child size', parsePositiveDecimal)
    .option('--max-child <qty>', 'maximum child size', parsePositiveDecimal)
    .option('--participation <fraction>', 'participation cap in (0, 1] of the traded volume')
    .option('--finish', 'at the end time, finish what is left aggressively instead of leaving it', false);
}

/** The API body fields of those shared options. */
function scheduleBody(o: Omit<TwapOptions, 'slices'>): Record<string, unknown> {
  return {
    onEnd: o.finish ? 'finish-aggressively' : 'leave',
    ...(o.limit !== undefined ? { limitPrice: o.limit } : {}),
    ...(o.minChild !== undefined ? { minChildQuantity: o.minChild } : {}),
    ...(o.maxChild !== undefined ? { maxChildQuantity: o.maxChild } : {}),
    ...(o.participation !== undefined ? { participationCap: o.participation } : {}),
  };
}

/** `tmt algo`: algorithm parents through the service's API (/api/v1/algo-orders). */
export function algoCommand(): Command {
  const algo = new Command('algo').description('execution algorithms: TWAP, VWAP, emulated iceberg and smart-routed parents');
  withScheduleOptions(withConnection(algo.command('twap').description('start a TWAP parent that slices a quantity over a window')))
    .requiredOption('-a, --account <id>', 'account id')
    .requiredOption('-i, --instrument <id>', 'instrument id, e.g. EUR_USD.PAPER')
    .requiredOption('-s, --side <side>', 'buy or sell')
    .requiredOption('-q, --quantity <qty>', 'total quantity', parsePositiveDecimal)
    .requiredOption('--id <parentId>', 'the parent id (children are <parentId>.s<index>)')
    .requiredOption('--over <duration>', 'the window, e.g. 30m', parseDuration)
    .requiredOption('--slices <n>', 'number of slices', positiveInteger)
    .addHelpText(
      'after',
      '\nExample:\n  $ tmt algo twap -a paper-fx -i EUR_USD.PAPER -s buy -q 100000 --id twap-1 --over 30m --slices 10 --limit 1.0900\n',
    )
    .action(
      guarded<[]>(async (options) => {
        const o = options as TwapOptions;
        if (o.side !== 'buy' && o.side !== 'sell')
          throw new InvalidArgumentError(`--side must be buy or sell, found ${String(o.side)}`);
        const client = await clientFor(o);
        // The window starts when the service receives the parent; the end time is computed here from --over.
        const startAt = Date.now();
        const body = await client.call<{ parent: Record<string, unknown> }>('POST', '/api/v1/algo-orders', {
          kind: 'twap',
          parentId: o.id,
          accountId: o.account,
          instrumentId: o.instrument,
          side: o.side,
          quantity: o.quantity,
          startAt,
          endAt: startAt + o.over,
          slices: o.slices,
          ...scheduleBody(o),
        });
        print(body, o, PARENT_COLUMNS, [body.parent]);
      }),
    );
  withScheduleOptions(withConnection(algo.command('vwap').description('start a VWAP parent that follows a volume profile over a window')))
    .requiredOption('-a, --account <id>', 'account id')
    .requiredOption('-i, --instrument <id>', 'instrument id, e.g. EUR_USD.PAPER')
    .requiredOption('-s, --side <side>', 'buy or sell', side)
    .requiredOption('-q, --quantity <qty>', 'total quantity', parsePositiveDecimal)
    .requiredOption('--id <parentId>', 'the parent id (children are <parentId>.s<index>)')
    .requiredOption('--over <duration>', 'the window, e.g. 30m', parseDuration)
    .requiredOption('--profile <weights>', 'volume weights of equal buckets across the window, e.g. 1,2,3,2', profileWeights)
    .option('--expected-volume <qty>', 'market volume the profile expects: the schedule then tracks actual volume', parsePositiveDecimal)
    .option('--max-deviation <fraction>', 'how far volume tracking may run ahead or behind, a fraction of the quantity')
    .addHelpText('after', '\nExample:\n  $ tmt algo vwap -a paper-fx -i EUR_USD.PAPER -s buy -q 100000 --id vwap-1 --over 1h --profile 3,2,2,3 --expected-volume 5000000\n')
    .action(
      guarded<[]>(async (options) => {
        const o = options as VwapOptions;
        const client = await clientFor(o);
        const startAt = Date.now();
        const body = await client.call<{ parent: Record<string, unknown> }>('POST', '/api/v1/algo-orders', {
          kind: 'vwap',
          parentId: o.id,
          accountId: o.account,
          instrumentId: o.instrument,
          side: o.side,
          quantity: o.quantity,
          startAt,
          endAt: startAt + o.over,
          profile: o.profile,
          ...(o.expectedVolume !== undefined ? { expectedVolume: o.expectedVolume } : {}),
          ...(o.maxDeviation !== undefined ? { maxDeviation: o.maxDeviation } : {}),
          ...scheduleBody(o),
        });
        print(body, o, PARENT_COLUMNS, [body.parent]);
      }),
    );
  withConnection(algo.command('route').description('route one parent across venues trading the same asset, best price after fees first'))
    .requiredOption('-s, --side <side>', 'buy or sell', side)
    .requiredOption('-q, --quantity <qty>', 'total quantity in the base asset', parsePositiveDecimal)
    .requiredOption('--id <parentId>', 'the parent id (children are <parentId>.s<index>)')
    .requiredOption('--leg <account,instrument,takerFee[,quoteRate]>', 'a venue leg (repeat; the first is the reference for --limit)', routeLeg)
    .option('--limit <price>', 'never pay more (buy) or take less (sell) after fees, in the first leg\'s quote', parsePositiveDecimal)
    .option('--within <duration>', 'leave what is still unrouted after this long', parseDuration)
    .addHelpText(
      'after',
      '\nExample:\n  $ tmt algo route -s buy -q 0.5 --id sor-1 --leg binance-main,BTCUSDT.BINANCE,0.001 --leg coinbase-main,BTC-USD.COINBASE,0.006,1 --limit 61000\n',
    )
    .action(
      guarded<[]>(async (options) => {
        const o = options as RouteOptions;
        const reference = o.leg[0];
        if (reference === undefined) throw new InvalidArgumentError('--leg is required at least once');
        const client = await clientFor(o);
        const body = await client.call<{ parent: Record<string, unknown> }>('POST', '/api/v1/algo-orders', {
          kind: 'route',
          parentId: o.id,
          accountId: reference.accountId,
          instrumentId: reference.instrumentId,
          side: o.side,
          quantity: o.quantity,
          legs: o.leg,
          ...(o.limit !== undefined ? { limitPrice: o.limit } : {}),
          ...(o.within !== undefined ? { endAt: Date.now() + o.within } : {}),
        });
        print(body, o, PARENT_COLUMNS, [body.parent]);
      }),
    );
  withConnection(algo.command('list').description('algo parents with their progress'))
    .addHelpText('after', '\nExample:\n  $ tmt algo list --json\n')
    .action(
      guarded<[]>(async (options) => {
        const o = options;
        const body = await (
          await clientFor(o)
        ).call<{ parents: Record<string, unknown>[] }>('GET', '/api/v1/algo-orders');
        print(body, o, PARENT_COLUMNS, body.parents);
      }),
    );
  for (const [name, method, action] of [
    ['pause', 'PATCH', 'pause'],
    ['resume', 'PATCH', 'resume'],
    ['cancel', 'DELETE', undefined],
  ] as const) {
    withConnection(
      algo.command(`${name} <parentId>`).description(`${name} a parent (reaches every working child)`),
    )
      .addHelpText('after', `\nExample:\n  $ tmt algo ${name} twap-1\n`)
      .action(
        guarded<[string]>(async (parentId, options) => {
          const o = options;
          const body = await (
            await clientFor(o)
          ).call<{ parent: Record<string, unknown> }>(
            method,
            `/api/v1/algo-orders/${encodeURIComponent(parentId)}`,
            ...(action === undefined ? [] : [{ action }]),
          );
          print(body, o, PARENT_COLUMNS, [body.parent]);
        }),
      );
  }
  return algo;
}

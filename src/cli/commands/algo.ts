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

/** `tmt algo`: algorithm parents through the service's API (/api/v1/algo-orders). */
export function algoCommand(): Command {
  const algo = new Command('algo').description('execution algorithms: TWAP and emulated iceberg parents');
  withConnection(algo.command('twap').description('start a TWAP parent that slices a quantity over a window'))
    .requiredOption('-a, --account <id>', 'account id')
    .requiredOption('-i, --instrument <id>', 'instrument id, e.g. EUR_USD.PAPER')
    .requiredOption('-s, --side <side>', 'buy or sell')
    .requiredOption('-q, --quantity <qty>', 'total quantity', parsePositiveDecimal)
    .requiredOption('--id <parentId>', 'the parent id (children are <parentId>.s<index>)')
    .requiredOption('--over <duration>', 'the window, e.g. 30m', parseDuration)
    .requiredOption('--slices <n>', 'number of slices', positiveInteger)
    .option('--limit <price>', 'never trade through this price', parsePositiveDecimal)
    .option('--min-child <qty>', 'minimum child size', parsePositiveDecimal)
    .option('--max-child <qty>', 'maximum child size', parsePositiveDecimal)
    .option('--participation <fraction>', 'participation cap in (0, 1] of the traded volume')
    .option('--finish', 'at the end time, finish what is left aggressively instead of leaving it', false)
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
          onEnd: o.finish ? 'finish-aggressively' : 'leave',
          ...(o.limit !== undefined ? { limitPrice: o.limit } : {}),
          ...(o.minChild !== undefined ? { minChildQuantity: o.minChild } : {}),
          ...(o.maxChild !== undefined ? { maxChildQuantity: o.maxChild } : {}),
          ...(o.participation !== undefined ? { participationCap: o.participation } : {}),
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

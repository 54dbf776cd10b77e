import { randomUUID } from 'node:crypto';

import { Option, type Command } from 'commander';

import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { print } from '../output';
import { guarded } from '../run';
import { parsePositiveDecimal } from './order-options';

/**
 * `tmt order modify` and the order lists (`oco`, `oto`, `bracket`): each builds one body from options whose
 * names say what they are for, checked before anything is sent.
 */

const LIST_COLUMNS = ['clientOrderId', 'side', 'type', 'quantity', 'price', 'triggerPrice', 'status'];

interface ListOptions extends ConnectionOptions {
  account: string;
  instrument: string;
  side: 'buy' | 'sell';
  quantity: string;
  id?: string;
  tag?: string;
}

const opposite = (side: 'buy' | 'sell') => (side === 'buy' ? 'sell' : 'buy');

function listOptions(command: Command, side = 'side of the entry (exits take the other side)'): Command {
  return withConnection(command)
    .requiredOption('-a, --account <id>', 'account id')
    .requiredOption('-i, --instrument <id>', 'instrument id, e.g. EUR_USD.PAPER')
    .addOption(new Option('-s, --side <side>', side).choices(['buy', 'sell']).makeOptionMandatory())
    .requiredOption('-q, --quantity <decimal>', 'quantity of every order of the list', parsePositiveDecimal)
    .option('--id <prefix>', 'client order id prefix (idempotency key); each order gets -1, -2, ...')
    .option('--tag <tag>', 'strategy label');
}

function legs(o: ListOptions, orders: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const prefix = o.id ?? `cli-${randomUUID().slice(0, 13)}`;
  return orders.map((order, index) => ({
    clientOrderId: `${prefix}-${index + 1}`,
    accountId: o.account,
    instrumentId: o.instrument,
    quantity: o.quantity,
    ...(o.tag === undefined ? {} : { tag: o.tag }),
    ...order,
  }));
}

async function submitList(
  o: ListOptions,
  contingency: string,
  orders: Record<string, unknown>[],
): Promise<void> {
  const response = await (await clientFor(o)).submitOrderList({ contingency, orders });
  if (response.status >= 400) process.exitCode = 1;
  const body = response.body;
  const placed = (body.orders ?? []) as { order?: Record<string, unknown> }[];
  if (o.json === true || body.orders === undefined) return print(body, { json: true });
  print(
    body,
    o,
    LIST_COLUMNS,
    placed.flatMap((x) => (x.order === undefined ? [] : [x.order])),
  );
}

/** The entry: a market order, or a limit order with --price, or a stop with --trigger. */
function entry(o: ListOptions & { price?: string; trigger?: string }): Record<string, unknown> {
  if (o.price !== undefined && o.trigger !== undefined)
    return { side: o.side, type: 'stop-limit', price: o.price, triggerPrice: o.trigger };
  if (o.price !== undefined) return { side: o.side, type: 'limit', price: o.price };
  if (o.trigger !== undefined) return { side: o.side, type: 'stop-market', triggerPrice: o.trigger };
  return { side: o.side, type: 'market' };
}

export function addOrderChangeCommands(order: Command): void {
  withConnection(
    order
      .command('modify')
      .description('change an open order: quantity, price or trigger price')
      .argument('<clientOrderId>'),
  )
    .option('-q, --quantity <decimal>', 'new total quantity', parsePositiveDecimal)
    .option('-p, --price <decimal>', 'new limit price', parsePositiveDecimal)
    .option('--trigger <decimal>', 'new trigger price', parsePositiveDecimal)
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt order modify my-order-1 -p 1.08450\n  $ tmt order modify my-order-1 -q 5000 --json\n',
    )
    .action(
      guarded<[string]>(async (id, options) => {
        const o = options as ConnectionOptions & { quantity?: string; price?: string; trigger?: string };
        const amendment = {
          ...(o.quantity === undefined ? {} : { quantity: o.quantity }),
          ...(o.price === undefined ? {} : { price: o.price }),
          ...(o.trigger === undefined ? {} : { triggerPrice: o.trigger }),
        };
        if (Object.keys(amendment).length === 0)
          throw new Error('nothing to change: give --quantity, --price or --trigger');
        const result = await (await clientFor(o)).modifyOrder(id, amendment);
        print(result, o, LIST_COLUMNS, [result]);
      }),
    );

  listOptions(
    order.command('oco').description('one-cancels-other exit: a take-profit limit and a stop-loss'),
    'side of both orders (sell to exit a long)',
  )
    .requiredOption('--take-profit <decimal>', 'limit price of the take-profit order', parsePositiveDecimal)
    .requiredOption('--stop-loss <decimal>', 'trigger price of the stop-loss order', parsePositiveDecimal)
    .addHelpText(
      'after',
      '\nExample (exit a long of 10000):\n  $ tmt order oco -a paper-fx -i EUR_USD.PAPER -s sell -q 10000 --take-profit 1.09500 --stop-loss 1.07500\n',
    )
    .action(
      guarded<[]>(async (options) => {
        const o = options as ListOptions & { takeProfit: string; stopLoss: string };
        await submitList(
          o,
          'OCO',
          legs(o, [
            { side: o.side, type: 'limit', price: o.takeProfit },
            { side: o.side, type: 'stop-market', triggerPrice: o.stopLoss },
          ]),
        );
      }),
    );

  listOptions(
    order.command('oto').description('one-triggers-other: an entry, and an exit sent once it fills'),
  )
    .option('-p, --price <decimal>', 'entry limit price (else a market entry)', parsePositiveDecimal)
    .option('--trigger <decimal>', 'entry trigger price (a stop entry)', parsePositiveDecimal)
    .option('--then-price <decimal>', 'limit price of the triggered order', parsePositiveDecimal)
    .option('--then-trigger <decimal>', 'trigger price of the triggered order (a stop)', parsePositiveDecimal)
    .addHelpText(
      'after',
      '\nExample:\n  $ tmt order oto -a paper-fx -i EUR_USD.PAPER -s buy -q 10000 -p 1.08000 --then-price 1.09000\n',
    )
    .action(
      guarded<[]>(async (options) => {
        const o = options as ListOptions & {
          price?: string;
          trigger?: string;
          thenPrice?: string;
          thenTrigger?: string;
        };
        if (o.thenPrice === undefined && o.thenTrigger === undefined)
          throw new Error('--then-price or --then-trigger is required: the order sent once the entry fills');
        const then = entry({
          ...o,
          side: opposite(o.side),
          ...pick('price', o.thenPrice),
          ...pick('trigger', o.thenTrigger),
        });
        await submitList(o, 'OTO', legs(o, [entry(o), then]));
      }),
    );

  listOptions(
    order
      .command('bracket')
      .description('an entry with a stop-loss and a take-profit that cancel each other'),
  )
    .option('-p, --price <decimal>', 'entry limit price (else a market entry)', parsePositiveDecimal)
    .option('--trigger <decimal>', 'entry trigger price (a stop entry)', parsePositiveDecimal)
    .requiredOption('--stop-loss <decimal>', 'trigger price of the stop-loss', parsePositiveDecimal)
    .requiredOption('--take-profit <decimal>', 'limit price of the take-profit', parsePositiveDecimal)
    .addHelpText(
      'after',
      '\nExample:\n  $ tmt order bracket -a paper-fx -i EUR_USD.PAPER -s buy -q 10000 --stop-loss 1.07500 --take-profit 1.09500\n',
    )
    .action(
      guarded<[]>(async (options) => {
        const o = options as ListOptions & {
          price?: string;
          trigger?: string;
          stopLoss: string;
          takeProfit: string;
        };
        const exit = opposite(o.side);
        await submitList(
          o,
          'bracket',
          legs(o, [
            entry(o),
            { side: exit, type: 'stop-market', triggerPrice: o.stopLoss },
            { side: exit, type: 'limit', price: o.takeProfit },
          ]),
        );
      }),
    );
}

function pick<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

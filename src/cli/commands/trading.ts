import { Command, Option } from 'commander';

import { ORDER_TYPES, TIME_IN_FORCE } from '../../core';
import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { print, printError } from '../output';
import { checkSubmitOptions, parseExpireAt, parsePositiveDecimal } from './order-options';

const ORDER_COLUMNS = [
  'clientOrderId',
  'accountId',
  'instrumentId',
  'side',
  'type',
  'quantity',
  'filledQuantity',
  'price',
  'averageFillPrice',
  'status',
];

type Action<A extends unknown[]> = (...args: [...A, ConnectionOptions]) => Promise<void>;

/** Runs an action, printing any error (coded, one line) and setting the exit code. */
function guarded<A extends unknown[]>(action: Action<A>) {
  return async (...args: unknown[]) => {
    const options = args[args.length - 2] as ConnectionOptions;
    try {
      await action(...(args.slice(0, -2) as A), options);
    } catch (error) {
      printError(error, options);
    }
  };
}

interface SubmitOptions extends ConnectionOptions {
  account: string;
  instrument: string;
  side: string;
  type: string;
  quantity: string;
  price?: string;
  trigger?: string;
  tif?: string;
  id?: string;
  reduceOnly?: boolean;
  postOnly?: boolean;
  tag?: string;
  stopLoss?: string;
  takeProfit?: string;
  expireAt?: string;
  displayQuantity?: string;
  trailingOffset?: string;
}

export function orderCommand(): Command {
  const order = new Command('order').description('submit, list, inspect and cancel orders');
  withConnection(order.command('submit').description('submit one order'))
    .requiredOption('-a, --account <id>', 'account id')
    .requiredOption('-i, --instrument <id>', 'instrument id, e.g. EUR_USD.PAPER')
    .addOption(new Option('-s, --side <side>', 'buy or sell').choices(['buy', 'sell']).makeOptionMandatory())
    .addOption(new Option('-t, --type <type>', 'order type').choices([...ORDER_TYPES]).default('market'))
    .requiredOption('-q, --quantity <decimal>', 'quantity (units or coins)')
    .option('-p, --price <decimal>', 'limit price')
    .option('--trigger <decimal>', 'trigger price (stop, if-touched)')
    .addOption(new Option('--tif <tif>', 'time in force').choices([...TIME_IN_FORCE]))
    .option(
      '--expire-at <time>',
      'GTD expiry, ISO-8601 with offset (e.g. 2026-01-05T17:00:00Z); implies --tif GTD',
      parseExpireAt,
    )
    .option(
      '--display-quantity <decimal>',
      'visible part of the order (iceberg); at most --quantity',
      parsePositiveDecimal,
    )
    .option(
      '--trailing-offset <decimal>',
      'trailing-stop distance in price units (e.g. 0.00100)',
      parsePositiveDecimal,
    )
    .option('--id <clientOrderId>', 'client order id (idempotency key); generated when absent')
    .option('--reduce-only', 'only reduce a position')
    .option('--post-only', 'maker only')
    .option('--stop-loss <decimal>', 'attached stop-loss trigger')
    .option('--take-profit <decimal>', 'attached take-profit price')
    .option('--tag <tag>', 'strategy label')
    .action(
      guarded<[]>(async (options) => {
        const o = options as SubmitOptions;
        // The CLI may read the wall clock (only core and engine take an injected one).
        const timeInForce = checkSubmitOptions(o, Date.now());
        const attached = {
          ...(o.stopLoss === undefined ? {} : { stopLoss: { triggerPrice: o.stopLoss } }),
          ...(o.takeProfit === undefined ? {} : { takeProfit: { price: o.takeProfit } }),
        };
        const response = await (await clientFor(o)).submitOrder({
          accountId: o.account,
          instrumentId: o.instrument,
          side: o.side,
          type: o.type,
          quantity: o.quantity,
          ...(o.price === undefined ? {} : { price: o.price }),
          ...(o.trigger === undefined ? {} : { triggerPrice: o.trigger }),
          ...(timeInForce === undefined ? {} : { timeInForce }),
          ...(o.expireAt === undefined ? {} : { expireAt: o.expireAt }),
          ...(o.displayQuantity === undefined ? {} : { displayQuantity: o.displayQuantity }),
          ...(o.trailingOffset === undefined
            ? {}
            : { trailingOffset: { kind: 'price', value: o.trailingOffset } }),
          ...(o.id === undefined ? {} : { clientOrderId: o.id }),
          ...(o.reduceOnly === true ? { reduceOnly: true } : {}),
          ...(o.postOnly === true ? { postOnly: true } : {}),
          ...(o.tag === undefined ? {} : { tag: o.tag }),
          ...(Object.keys(attached).length === 0 ? {} : { attached }),
        });
        if (response.status >= 400) process.exitCode = 1;
        const body = response.body;
        if (o.json === true) return print(body, o);
        if (body.order === undefined)
          return printError(Object.assign(new Error(String(body.message)), { code: body.code }), o);
        if (body.status === 'denied') console.log(`DENIED ${String(body.code)}: ${String(body.message)}`);
        print(body, o, ORDER_COLUMNS, [body.order as Record<string, unknown>]);
      }),
    );
  withConnection(order.command('list').description('list orders'))
    .option('-a, --account <id>')
    .option('-i, --instrument <id>')
    .option('--open', 'open orders only')
    .option('--status <list>', 'comma-separated statuses')
    .option('--limit <n>', 'at most n', '50')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & {
          account?: string;
          instrument?: string;
          open?: boolean;
          status?: string;
          limit: string;
        };
        const result = await (await clientFor(o)).orders({
          accountId: o.account,
          instrumentId: o.instrument,
          open: o.open,
          status: o.status,
          limit: o.limit,
        });
        print(result, o, ORDER_COLUMNS, result.orders);
      }),
    );
  withConnection(
    order.command('get').description('one order with its event history').argument('<clientOrderId>'),
  ).action(
    guarded<[string]>(async (id, options) => {
      const result = await (await clientFor(options)).order(id);
      if (options.json === true) return print(result, options);
      print(result, options, ORDER_COLUMNS, [result]);
      print(
        result,
        options,
        ['type', 'occurredAt', 'code', 'reason'],
        (result.events as Record<string, unknown>[]).map((e) => ({
          ...e,
          occurredAt: new Date(Number(e.occurredAt)).toISOString(),
        })),
      );
    }),
  );
  withConnection(order.command('cancel').description('cancel one order').argument('<clientOrderId>')).action(
    guarded<[string]>(async (id, options) => {
      const result = await (await clientFor(options)).cancelOrder(id);
      print(result, options, ORDER_COLUMNS, [result]);
    }),
  );
  withConnection(
    order.command('cancel-all').description('cancel every open order (of an account or instrument)'),
  )
    .option('-a, --account <id>')
    .option('-i, --instrument <id>')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & { account?: string; instrument?: string };
        const result = await (await clientFor(o)).cancelAll({
          ...(o.account === undefined ? {} : { accountId: o.account }),
          ...(o.instrument === undefined ? {} : { instrumentId: o.instrument }),
        });
        if (o.json === true) print(result, o);
        else console.log(`canceled ${result.canceled} order(s)`);
      }),
    );
  return order;
}

export function positionsCommand(): Command {
  const positions = withConnection(new Command('positions').description('open positions'))
    .option('-a, --account <id>')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & { account?: string };
        const result = await (await clientFor(o)).positions(o.account);
        print(
          result,
          o,
          [
            'accountId',
            'instrumentId',
            'side',
            'signedQuantity',
            'averagePrice',
            'unrealizedPnl',
            'realizedPnl',
          ],
          result.positions,
        );
      }),
    );
  withConnection(
    positions
      .command('close')
      .description('close a position fully, or partly with --quantity')
      .argument('<accountId>')
      .argument('<instrumentId>'),
  )
    .option('-q, --quantity <decimal>', 'close only this much')
    .action(
      guarded<[string, string]>(async (accountId, instrumentId, options) => {
        const o = options as ConnectionOptions & { quantity?: string };
        const response = await (await clientFor(o)).closePosition(accountId, instrumentId, o.quantity);
        if (response.status >= 400) process.exitCode = 1;
        const orders = (response.body.orders ?? []) as { order: Record<string, unknown> }[];
        if (o.json === true || response.body.orders === undefined)
          return print(response.body, { json: true });
        print(
          response.body,
          o,
          ORDER_COLUMNS,
          orders.map((x) => x.order),
        );
      }),
    );
  return positions;
}

export function accountsCommand(): Command {
  return withConnection(new Command('accounts').description('accounts with balance, equity and P&L')).action(
    guarded<[]>(async (options) => {
      const result = await (await clientFor(options)).accounts();
      const rows = result.accounts.map((a) => {
        const state = a.state as { equity?: unknown; marginUsed?: unknown } | undefined;
        return { ...a, equity: state?.equity, marginUsed: state?.marginUsed };
      });
      print(
        result,
        options,
        [
          'accountId',
          'venue',
          'enabled',
          'tradingState',
          'equity',
          'marginUsed',
          'unrealizedPnl',
          'realizedPnl',
          'leverage',
        ],
        rows,
      );
    }),
  );
}

export function killCommand(): Command {
  return withConnection(
    new Command('kill').description('kill switch: HALT everything and cancel every open order'),
  )
    .option('--flatten', 'also close every position')
    .option('--yes', 'do not ask for confirmation')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & { flatten?: boolean; yes?: boolean };
        if (o.yes !== true) {
          console.error('the kill switch halts all trading; run again with --yes to confirm');
          process.exitCode = 1;
          return;
        }
        const result = await (await clientFor(o)).emergencyStop(o.flatten === true);
        if (o.json === true) return print(result, o);
        console.log(
          `HALTED. canceled ${String(result.canceled)} order(s), removed ${String(result.emulatedRemoved)} emulated, ${String(result.flattenOrders)} flatten order(s)`,
        );
        for (const failure of (result.failures ?? []) as string[]) console.log(`  failure: ${failure}`);
      }),
    );
}

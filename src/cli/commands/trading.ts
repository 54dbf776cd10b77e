import { Command, Option } from 'commander';

import { ORDER_TYPES, TIME_IN_FORCE } from '../../core';
import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { formatRow, NumberFormat } from '../format';
import { print, printError } from '../output';
import { guarded } from '../run';
import { addOrderChangeCommands } from './order-changes';
import {
  checkSubmitOptions,
  parseExpireAt,
  parsePositiveDecimal,
  parseTrailingOffset,
  trailingOffsetBody,
} from './order-options';

const ORDER_COLUMNS = [
  'clientOrderId',
  'accountId',
  'instrumentId',
  'side',
  'type',
  'quantity',
  'filledQuantity',
  'price',
  'triggerPrice',
  'averageFillPrice',
  'status',
];

/** Rows with prices and quantities at their instrument's increments (one extra request for the rules). */
async function formatted(
  options: ConnectionOptions,
  rows: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  if (options.json === true || rows.length === 0) return [...rows];
  const format = new NumberFormat((await (await clientFor(options)).instruments()).instruments);
  return rows.map((row) => formatRow(row, format));
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
  limitOffset?: string;
  outsideRth?: boolean;
}

export function orderCommand(): Command {
  const order = new Command('order').description('submit, list, inspect and cancel orders');
  withConnection(order.command('submit').description('submit one order'))
    .requiredOption('-a, --account <id>', 'account id')
    .requiredOption('-i, --instrument <id>', 'instrument id, e.g. EUR_USD.PAPER')
    .addOption(new Option('-s, --side <side>', 'buy or sell').choices(['buy', 'sell']).makeOptionMandatory())
    .addOption(new Option('-t, --type <type>', 'order type').choices([...ORDER_TYPES]).default('market'))
    .requiredOption('-q, --quantity <decimal>', 'quantity (units or coins)', parsePositiveDecimal)
    .option('-p, --price <decimal>', 'limit price', parsePositiveDecimal)
    .option('--trigger <decimal>', 'trigger price (stop, if-touched)', parsePositiveDecimal)
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
      '--trailing-offset <distance>',
      'trailing distance of a trailing-stop or trailing-limit: a price distance (e.g. 12.5) or basis points with a bp suffix (e.g. 50bp)',
      parseTrailingOffset,
    )
    .option(
      '--limit-offset <decimal>',
      'trailing-limit only: how far beyond the trailing stop the limit rests, as a price distance',
      parsePositiveDecimal,
    )
    .option(
      '--outside-rth',
      'may also work outside regular trading hours (venues that declare it, e.g. IBKR)',
    )
    .option('--id <clientOrderId>', 'client order id (idempotency key); generated when absent')
    .option('--reduce-only', 'only reduce a position')
    .option('--post-only', 'maker only')
    .option('--stop-loss <decimal>', 'attached stop-loss trigger', parsePositiveDecimal)
    .option('--take-profit <decimal>', 'attached take-profit price', parsePositiveDecimal)
    .option('--tag <tag>', 'strategy label')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt order submit -a paper-fx -i EUR_USD.PAPER -s buy -q 10000\n  $ tmt order submit -a paper-fx -i EUR_USD.PAPER -s sell -q 10000 -t limit -p 1.09500 --tif GTC\n  $ tmt order submit -a paper-fx -i EUR_USD.PAPER -s buy -q 10000 --stop-loss 1.07500 --take-profit 1.09500 --tag demo\n  $ tmt order submit -a ibkr-1 -i AAPL.IBKR -s sell -q 10 -t trailing-limit --trailing-offset 1.50 --limit-offset 0.10 --outside-rth\n',
    )
    .action(
      guarded<[]>(async (options) => {
        const o = options as SubmitOptions;
        // The CLI may read the wall clock (only core and engine take an injected one).
        const timeInForce = checkSubmitOptions(o, Date.now());
        checkPrices(o);
        const attached = {
          ...(o.stopLoss === undefined ? {} : { stopLoss: { triggerPrice: o.stopLoss } }),
          ...(o.takeProfit === undefined ? {} : { takeProfit: { price: o.takeProfit } }),
        };
        const response = await (
          await clientFor(o)
        ).submitOrder({
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
          ...(o.trailingOffset === undefined ? {} : { trailingOffset: trailingOffsetBody(o.trailingOffset) }),
          ...(o.limitOffset === undefined ? {} : { limitOffset: o.limitOffset }),
          ...(o.outsideRth === true ? { outsideRth: true } : {}),
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
    .option('-a, --account <id>', 'only this account')
    .option('-i, --instrument <id>', 'only this instrument, e.g. EUR_USD.PAPER')
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
        const result = await (
          await clientFor(o)
        ).orders({
          accountId: o.account,
          instrumentId: o.instrument,
          open: o.open,
          status: o.status,
          limit: o.limit,
        });
        print(result, o, ORDER_COLUMNS, await formatted(o, result.orders));
      }),
    );
  withConnection(
    order.command('get').description('one order with its event history').argument('<clientOrderId>'),
  ).action(
    guarded<[string]>(async (id, options) => {
      const client = await clientFor(options);
      const result = await client.order(id);
      // Stop-loss / take-profit the venue created on the fill (OANDA *OnFill), shown linked to this order.
      const { attached } = await client.call<{ attached: Record<string, unknown>[] }>(
        'GET',
        `/api/v1/orders/${encodeURIComponent(id)}/attached`,
      );
      if (options.json === true) return print({ ...result, attached }, options);
      print(result, options, ORDER_COLUMNS, await formatted(options, [result]));
      if (attached.length > 0) {
        console.log(`attached at the venue to ${id}:`);
        print(
          attached,
          options,
          ['kind', 'venueOrderId', 'triggerPrice', 'trailingDistance', 'tradeId', 'status'],
          attached,
        );
      }
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
    .option('-a, --account <id>', 'only this account')
    .option('-i, --instrument <id>', 'only this instrument, e.g. EUR_USD.PAPER')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & { account?: string; instrument?: string };
        const result = await (
          await clientFor(o)
        ).cancelAll({
          ...(o.account === undefined ? {} : { accountId: o.account }),
          ...(o.instrument === undefined ? {} : { instrumentId: o.instrument }),
        });
        if (o.json === true) print(result, o);
        else console.log(`canceled ${result.canceled} order(s)`);
      }),
    );
  addOrderChangeCommands(order);
  return order;
}

/** Which order types take which prices, checked before sending (the service checks again). */
function checkPrices(o: SubmitOptions): void {
  const needsPrice = o.type === 'limit' || o.type === 'stop-limit' || o.type === 'limit-if-touched';
  const needsTrigger = o.type === 'stop-market' || o.type === 'stop-limit' || o.type.endsWith('-if-touched');
  if (needsPrice && o.price === undefined)
    throw new Error(`--type ${o.type} needs --price <decimal>, the limit price`);
  if (!needsPrice && o.price !== undefined)
    throw new Error(`--price applies to limit types only (found --type ${o.type})`);
  if (needsTrigger && o.trigger === undefined)
    throw new Error(`--type ${o.type} needs --trigger <decimal>, the trigger price`);
  if (!needsTrigger && o.trigger !== undefined)
    throw new Error(`--trigger applies to stop and if-touched types only (found --type ${o.type})`);
}

export function positionsCommand(): Command {
  // Options live on the subcommands, not on `positions` itself: commander would otherwise give the parent
  // `close`'s own --token, --url and --json.
  const positions = new Command('positions').description('open positions; `tmt positions` lists them');
  withConnection(positions.command('list', { isDefault: true }).description('open positions'))
    .option('-a, --account <id>', 'one account')
    .addHelpText('after', '\nExamples:\n  $ tmt positions\n  $ tmt positions -a paper-fx --json\n')
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
          await formatted(o, result.positions),
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
    .option('-q, --quantity <decimal>', 'close only this much', parsePositiveDecimal)
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt positions close paper-fx EUR_USD.PAPER\n  $ tmt positions close paper-fx EUR_USD.PAPER -q 5000\n',
    )
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
  const accounts = new Command('accounts').description(
    'accounts with balance, equity and P&L; enable or disable one',
  );
  for (const verb of ['enable', 'disable'] as const)
    withConnection(
      accounts
        .command(verb)
        .description(`${verb} trading on one account (admin; audited)`)
        .argument('<accountId>'),
    )
      .addHelpText('after', `\nExample:\n  $ tmt accounts ${verb} paper-fx\n`)
      .action(
        guarded<[string]>(async (accountId, options) => {
          const result = await (await clientFor(options)).setAccountEnabled(accountId, verb === 'enable');
          if (options.json === true) return print(result, options);
          console.log(`${accountId}: ${verb}d`);
        }),
      );
  withConnection(
    accounts.command('list', { isDefault: true }).description('accounts with balance, equity and P&L'),
  )
    .addHelpText('after', '\nExample:\n  $ tmt accounts --json\n')
    .action(
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
  return accounts;
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
        if (o.yes !== true && !(await confirmed(o.flatten === true))) {
          console.error('the kill switch halts all trading; confirm at the prompt, or pass --yes');
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

/** In a terminal, asks before the kill switch; without one (scripts, CI) only --yes confirms. */
async function confirmed(flatten: boolean): Promise<boolean> {
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) return false;
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(
      `HALT all trading and cancel every open order${flatten ? ', and close every position' : ''}? Type "yes": `,
    );
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

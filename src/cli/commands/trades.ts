import { Command, InvalidArgumentError } from 'commander';

import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { print } from '../output';
import { guarded } from '../run';
import { parsePositiveDecimal } from './order-options';

const TRADE_COLUMNS = [
  'tradeId',
  'instrumentId',
  'currentUnits',
  'price',
  'takeProfit',
  'stopLoss',
  'trailingStopDistance',
];

/** A price, or `none` to remove the dependent order. */
function priceOrNone(value: string): string {
  if (value === 'none') return value;
  try {
    return parsePositiveDecimal(value);
  } catch {
    throw new InvalidArgumentError('expected a positive price such as 1.09500, or none to remove it');
  }
}

const change = (value: string | undefined) => (value === undefined ? {} : value === 'none' ? null : value);

/**
 * `tmt trades`: trade-level operations on venues that keep trades (OANDA) through the service's API: list
 * the open trades, change a trade's SL/TP/trailing stop after its fill, close one trade, close a position
 * with the venue's own position close.
 */
export function tradesCommand(): Command {
  const trades = new Command('trades').description(
    'open trades at the venue (OANDA): list, change SL/TP/trailing, close one, close a position at the venue',
  );
  withConnection(trades.command('list', { isDefault: true }).description('open trades of an account'))
    .requiredOption('-a, --account <id>', 'account id')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & { account: string };
        const body = await (
          await clientFor(o)
        ).call<{ trades: Record<string, unknown>[] }>(
          'GET',
          `/api/v1/accounts/${encodeURIComponent(o.account)}/trades`,
        );
        const rows = body.trades.map((t) => ({
          ...t,
          takeProfit: (t.takeProfit as { price?: string } | undefined)?.price,
          stopLoss: (t.stopLoss as { price?: string } | undefined)?.price,
        }));
        print(body, o, TRADE_COLUMNS, rows);
      }),
    );
  withConnection(
    trades
      .command('set-orders')
      .description("set, replace or remove (none) a trade's take-profit, stop-loss, trailing stop")
      .argument('<accountId>')
      .argument('<tradeId>'),
  )
    .option('--take-profit <price|none>', 'take-profit price', priceOrNone)
    .option('--stop-loss <price|none>', 'stop-loss price', priceOrNone)
    .option('--trailing-distance <distance|none>', 'trailing stop distance in price units', priceOrNone)
    .addHelpText(
      'after',
      '\nExample:\n  $ tmt trades set-orders 101-001-1-001 42 --take-profit 1.09500 --stop-loss none\n',
    )
    .action(
      guarded<[string, string]>(async (accountId, tradeId, options) => {
        const o = options as ConnectionOptions & {
          takeProfit?: string;
          stopLoss?: string;
          trailingDistance?: string;
        };
        const body = {
          ...(o.takeProfit === undefined ? {} : { takeProfit: change(o.takeProfit) }),
          ...(o.stopLoss === undefined ? {} : { stopLoss: change(o.stopLoss) }),
          ...(o.trailingDistance === undefined ? {} : { trailingStopDistance: change(o.trailingDistance) }),
        };
        if (Object.keys(body).length === 0)
          throw new Error('expected at least one of --take-profit, --stop-loss, --trailing-distance');
        const result = await (
          await clientFor(o)
        ).call(
          'PATCH',
          `/api/v1/accounts/${encodeURIComponent(accountId)}/trades/${encodeURIComponent(tradeId)}/orders`,
          body,
        );
        print(result, { json: true });
      }),
    );
  withConnection(
    trades
      .command('close')
      .description('close one trade, or part of it with --units')
      .argument('<accountId>')
      .argument('<tradeId>'),
  )
    .option('-u, --units <decimal>', 'close only these units', parsePositiveDecimal)
    .action(
      guarded<[string, string]>(async (accountId, tradeId, options) => {
        const o = options as ConnectionOptions & { units?: string };
        const result = await (
          await clientFor(o)
        ).call(
          'POST',
          `/api/v1/accounts/${encodeURIComponent(accountId)}/trades/${encodeURIComponent(tradeId)}/close`,
          o.units === undefined ? {} : { units: o.units },
        );
        print(result, { json: true });
      }),
    );
  withConnection(
    trades
      .command('close-position')
      .description("close a position with the venue's own position close (FIFO-correct on US accounts)")
      .argument('<accountId>')
      .argument('<instrumentId>'),
  ).action(
    guarded<[string, string]>(async (accountId, instrumentId, options) => {
      const result = await (
        await clientFor(options)
      ).call(
        'POST',
        `/api/v1/positions/${encodeURIComponent(accountId)}/${encodeURIComponent(instrumentId)}/close-at-venue`,
      );
      print(result, { json: true });
    }),
  );
  return trades;
}

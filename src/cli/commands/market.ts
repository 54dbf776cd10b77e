import { Command } from 'commander';

import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { formatRow, isoTime, NumberFormat } from '../format';
import { print } from '../output';
import { guarded } from '../run';

/** Read-only views: fills, latest prices, instruments and their trading rules. */

/** The instruments' rules, for showing prices and quantities at their increments. */
async function numberFormat(options: ConnectionOptions): Promise<NumberFormat> {
  return new NumberFormat((await (await clientFor(options)).instruments()).instruments);
}

export function fillsCommand(): Command {
  return withConnection(new Command('fills').description('fills (executions), newest first'))
    .option('-a, --account <id>', 'one account')
    .option('-i, --instrument <id>', 'one instrument')
    .option('-o, --order <clientOrderId>', 'one order')
    .option('--limit <n>', 'at most n', '50')
    .addHelpText('after', '\nExamples:\n  $ tmt fills -a paper-fx\n  $ tmt fills -o my-order-1 --json\n')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & {
          account?: string;
          instrument?: string;
          order?: string;
          limit: string;
        };
        if (!/^\d+$/.test(o.limit))
          throw new Error(`--limit must be a whole number (found ${JSON.stringify(o.limit)})`);
        const client = await clientFor(o);
        const result = await client.fills({
          accountId: o.account,
          instrumentId: o.instrument,
          clientOrderId: o.order,
          limit: o.limit,
        });
        if (o.json === true) return print(result, o);
        const format = await numberFormat(o);
        print(
          result,
          o,
          [
            'occurredAt',
            'accountId',
            'instrumentId',
            'side',
            'quantity',
            'price',
            'commission',
            'liquidity',
            'venueOrderId',
            'tradeId',
          ],
          result.fills.map((f) => ({ ...formatRow(f, format), occurredAt: isoTime(f.occurredAt) })),
        );
      }),
    );
}

export function pricesCommand(): Command {
  return withConnection(new Command('prices').description('latest quote per instrument'))
    .option('-i, --instrument <id>', 'one instrument')
    .addHelpText('after', '\nExample:\n  $ tmt prices -i EUR_USD.PAPER\n')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & { instrument?: string };
        const result = await (await clientFor(o)).prices();
        const prices = result.prices.filter(
          (p) => o.instrument === undefined || p.instrumentId === o.instrument,
        );
        if (o.json === true) return print({ prices }, o);
        const format = await numberFormat(o);
        print(
          { prices },
          o,
          ['instrumentId', 'bid', 'ask', 'mid', 'at'],
          prices.map((p) => ({ ...formatRow(p, format), at: isoTime(p.occurredAt) })),
        );
      }),
    );
}

export function instrumentsCommand(): Command {
  return withConnection(new Command('instruments').description('instruments with their trading rules'))
    .option('--venue <name>', 'one venue, e.g. PAPER, OANDA, BINANCE')
    .addHelpText('after', '\nExample:\n  $ tmt instruments --venue PAPER\n')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & { venue?: string };
        const result = await (await clientFor(o)).instruments();
        const instruments = result.instruments.filter(
          (i) => o.venue === undefined || i.venue === o.venue.toUpperCase(),
        );
        print(
          { instruments },
          o,
          ['id', 'kind', 'status', 'priceIncrement', 'sizeIncrement', 'minQuantity', 'minNotional'],
          instruments,
        );
      }),
    );
}

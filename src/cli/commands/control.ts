import { Command } from 'commander';

import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { isoTime } from '../format';
import { print } from '../output';
import { guarded } from '../run';

/** Operator control: trading state, intake, risk limits, reconciliation and dead letters. */

interface ScopeOptions extends ConnectionOptions {
  account?: string;
  reason?: string;
}

const scopeOf = (o: ScopeOptions) => o.account ?? 'global';

export function resumeCommand(): Command {
  return withConnection(
    new Command('resume').description('leave HALTED or REDUCING: set trading ACTIVE (admin)'),
  )
    .option('-a, --account <id>', 'one account (default: the global state)')
    .option('--reason <text>', 'why, for the audit log', 'operator resume from the CLI')
    .addHelpText('after', '\nExamples:\n  $ tmt resume\n  $ tmt resume -a paper-fx --reason "venue back"\n')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ScopeOptions & { reason: string };
        const client = await clientFor(o);
        const result = await client.setTradingState(scopeOf(o), 'ACTIVE', o.reason);
        const risk = (await client.risk()) as { acceptingIntents?: boolean };
        if (o.json === true) return print({ ...result, acceptingIntents: risk.acceptingIntents }, o);
        console.log(`${scopeOf(o)}: ACTIVE`);
        if (risk.acceptingIntents === false)
          console.log('note: intake is stopped (tmt stop); resume it with: tmt intake start');
      }),
    );
}

/** `tmt intake start|stop`, and `tmt stop` for the common case. (`tmt start` runs the service itself.) */
export function intakeCommands(): Command[] {
  const intake = new Command('intake').description('stop or resume taking new intents (orders, signals)');
  const verb = (name: 'start' | 'stop', command: Command, example: string) =>
    withConnection(command)
      .addHelpText('after', `\nExample:\n  $ ${example}\n`)
      .action(
        guarded<[]>(async (options) => {
          const client = await clientFor(options);
          const result = name === 'start' ? await client.startIntake() : await client.stopIntake();
          if (options.json === true) return print(result, options);
          console.log(
            name === 'start'
              ? 'intake started: new intents are accepted'
              : 'intake stopped: new intents are refused (open orders stay)',
          );
        }),
      );
  verb('start', intake.command('start').description('accept new intents again'), 'tmt intake start');
  verb(
    'stop',
    intake.command('stop').description('refuse new intents; open orders and positions stay'),
    'tmt intake stop',
  );
  const stop = verb(
    'stop',
    new Command('stop').description('stop taking new intents (resume with `tmt intake start`)'),
    'tmt stop',
  );
  return [intake, stop];
}

export function riskCommand(): Command {
  const risk = new Command('risk').description('risk limits and trading states');
  withConnection(
    risk.command('state').description('trading state (ACTIVE, REDUCING, HALTED) globally and per account'),
  )
    .addHelpText('after', '\nExample:\n  $ tmt risk state --json\n')
    .action(
      guarded<[]>(async (options) => {
        const result = (await (await clientFor(options)).risk()) as {
          tradingState?: { global?: string; accounts?: Record<string, string> };
          acceptingIntents?: boolean;
        };
        if (options.json === true)
          return print(
            { tradingState: result.tradingState, acceptingIntents: result.acceptingIntents },
            options,
          );
        const rows = [
          { scope: 'global', state: result.tradingState?.global },
          ...Object.entries(result.tradingState?.accounts ?? {}).map(([scope, state]) => ({ scope, state })),
        ];
        console.log(`accepting intents: ${String(result.acceptingIntents)}`);
        print(result, options, ['scope', 'state'], rows);
      }),
    );
  const limits = risk.command('limits').description('view or change risk limits');
  withConnection(limits.command('get').description('the limits in force'))
    .option('-a, --account <id>', "one account's limits (default: global and every account)")
    .addHelpText('after', '\nExample:\n  $ tmt risk limits get -a paper-fx\n')
    .action(
      guarded<[]>(async (options) => {
        const o = options as ScopeOptions;
        const result = (await (await clientFor(o)).risk()) as {
          limits?: { global?: Record<string, unknown>; accounts?: Record<string, Record<string, unknown>> };
        };
        const scoped =
          o.account === undefined
            ? result.limits
            : { [o.account]: result.limits?.accounts?.[o.account] ?? {} };
        if (o.json === true) return print(scoped, o);
        const rows: Record<string, unknown>[] = [];
        const add = (scope: string, values: Record<string, unknown> | undefined) => {
          for (const [limit, value] of Object.entries(values ?? {}))
            rows.push({ scope, limit, value: value === null ? '(none)' : value });
        };
        if (o.account === undefined) {
          add('global', result.limits?.global);
          for (const [account, values] of Object.entries(result.limits?.accounts ?? {})) add(account, values);
        } else add(o.account, result.limits?.accounts?.[o.account]);
        print(scoped, o, ['scope', 'limit', 'value'], rows);
      }),
    );
  withConnection(
    limits
      .command('set')
      .description(
        'change limits of one scope, as NAME=VALUE pairs (admin; audited; VALUE "none" removes a limit)',
      )
      .argument('<limits...>', 'e.g. maxOpenOrders=20 maxDailyLoss=500.00'),
  )
    .option('-a, --account <id>', 'one account (default: global)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt risk limits set maxOpenOrders=20\n  $ tmt risk limits set -a paper-fx maxDailyLoss=500.00 maxPositionNotional=none\n',
    )
    .action(
      guarded<[string[]]>(async (pairs, options) => {
        const o = options as ScopeOptions;
        const limits: Record<string, string | number | null> = {};
        for (const pair of pairs) {
          const match = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(pair);
          if (match === null)
            throw new Error(
              `limits must be NAME=VALUE, such as maxOpenOrders=20 (found ${JSON.stringify(pair)})`,
            );
          const [, name = '', value = ''] = match;
          // Whole counts travel as numbers, decimals as strings: a JSON number with a fraction is a binary float.
          limits[name] = value === 'none' ? null : /^\d+$/.test(value) ? Number(value) : value;
        }
        const result = await (await clientFor(o)).updateRiskLimits(scopeOf(o), limits);
        if (o.json === true) return print(result, o);
        console.log(`${scopeOf(o)}: ${Object.keys(limits).join(', ')} updated`);
      }),
    );
  return risk;
}

export function reconcileCommand(): Command {
  return withConnection(
    new Command('reconcile').description(
      'reconciliation with the venues: each account and what differs; exit 1 while anything is unresolved',
    ),
  )
    .option('--accept <item>', "accept the venue's view of one unresolved item, by its key (admin; audited)")
    .option('-a, --account <id>', 'the account of the item (needed only when several hold the same key)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt reconcile\n  $ tmt reconcile --json\n  $ tmt reconcile --accept position:EUR_USD.OANDA\n  $ tmt reconcile --accept my-order-7 -a binance-main\n',
    )
    .action(
      guarded<[]>(async (options) => {
        const o = options as ConnectionOptions & { accept?: string; account?: string };
        const client = await clientFor(o);
        if (o.accept !== undefined) {
          const result = await client.call<{ accepted: { accountId: string; key: string; outcome: string } }>(
            'POST',
            '/api/v1/reconciliation/accept',
            { item: o.accept, ...(o.account === undefined ? {} : { accountId: o.account }) },
          );
          if (o.json === true) return print(result, o);
          console.log(`${result.accepted.accountId} ${result.accepted.key}: ${result.accepted.outcome}`);
          return;
        }
        const view = await client.call<{
          accounts: {
            accountId: string;
            state: string;
            lastRunAt?: number;
            unresolved: { kind: string; key?: string; description: string }[];
          }[];
        }>('GET', '/api/v1/reconciliation');
        const unresolved = view.accounts.filter((a) => a.unresolved.length > 0);
        if (unresolved.length > 0) process.exitCode = 1;
        if (o.json === true) return print(view, o);
        print(
          view,
          o,
          ['accountId', 'state', 'lastRunAt', 'unresolved'],
          view.accounts.map((a) => ({
            ...a,
            lastRunAt: isoTime(a.lastRunAt),
            unresolved: a.unresolved.length,
          })),
        );
        for (const account of unresolved)
          for (const item of account.unresolved)
            console.log(`  ${account.accountId} ${item.kind} [${item.key ?? '?'}]: ${item.description}`);
        if (unresolved.length > 0) console.log("accept the venue's view of one: tmt reconcile --accept <key>");
      }),
    );
}

export function deadLettersCommand(): Command {
  const letters = new Command('dead-letters').description('commands that could not be delivered to a venue');
  withConnection(letters.command('list').description('unresolved dead letters'))
    .addHelpText('after', '\nExample:\n  $ tmt dead-letters list --json\n')
    .action(
      guarded<[]>(async (options) => {
        const result = await (
          await clientFor(options)
        ).call<{ deadLetters: Record<string, unknown>[] }>('GET', '/api/v1/dead-letters');
        print(
          result,
          options,
          ['id', 'commandType', 'accountId', 'clientOrderId', 'attempts', 'error', 'createdAt'],
          result.deadLetters.map((d) => ({ ...d, createdAt: isoTime(d.createdAt) })),
        );
      }),
    );
  for (const verb of ['retry', 'discard'] as const)
    withConnection(
      letters
        .command(verb)
        .description(
          verb === 'retry' ? 'send the command again (admin)' : 'drop it for good (admin; audited)',
        )
        .argument('<id>'),
    )
      .addHelpText('after', `\nExample:\n  $ tmt dead-letters ${verb} <id>\n`)
      .action(
        guarded<[string]>(async (id, options) => {
          const result = await (
            await clientFor(options)
          ).call('POST', `/api/v1/dead-letters/${encodeURIComponent(id)}/${verb}`, {});
          if (options.json === true) return print(result, options);
          console.log(`${id}: ${verb === 'retry' ? 'retried' : 'discarded'}`);
        }),
      );
  return letters;
}

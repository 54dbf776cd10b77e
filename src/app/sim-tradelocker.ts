import { Command, InvalidArgumentError } from 'commander';
import { integerArgument } from './cli-arguments';

import { createTradeLockerSimulator, DEFAULT_TL_LOGIN } from '../simulators/tradelocker';

interface SimTradeLockerOptions {
  readonly port: number;
  readonly seed: number;
  readonly email?: string;
  readonly password?: string;
  readonly server?: string;
  readonly sessions: string;
  readonly dataDir?: string;
}

/**
 * `tmt sim tradelocker --port N [--data-dir DIR] [--email E --password P --server S] [--sessions fx|always]`:
 * starts the TradeLocker REST API v1.4 simulator (under /backend-api) with an international (hedging) and a
 * US (FIFO, no hedging) account on FX majors, and prints one JSON line when ready: its address, the login it
 * accepts and the accounts (simulator credentials only).
 */
export function simTradeLockerCommand(): Command {
  return new Command('tradelocker')
    .description('run the wire-exact TradeLocker REST API simulator')
    .option('--port <port>', 'port to listen on (0: any free port)', integerArgument('--port', 0, 65535), 0)
    .option('--seed <seed>', 'seed of the simulated market', integerArgument('--seed', 0, 2 ** 31), 1)
    .option('--email <email>', 'login email the simulator accepts')
    .option('--password <password>', 'login password the simulator accepts')
    .option('--server <server>', 'server name the simulator accepts')
    .option('--sessions <mode>', 'fx: refuse orders outside Sunday 22:00 to Friday 22:00 UTC; always: never closed', 'always')
    .option('--data-dir <dir>', 'keep orders, positions, balances and bars here across restarts')
    .action(async (options: SimTradeLockerOptions) => {
      if (options.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(options.email)) throw new InvalidArgumentError('--email must be an address such as name@example.com');
      if (options.password !== undefined && options.password.length === 0) throw new InvalidArgumentError('--password must not be empty');
      if (options.server !== undefined && !/^[A-Za-z0-9._ -]{1,64}$/.test(options.server)) throw new InvalidArgumentError('--server must be 1-64 of [A-Za-z0-9._ -]');
      if (options.sessions !== 'fx' && options.sessions !== 'always') throw new InvalidArgumentError('--sessions must be fx or always');
      const login = {
        email: options.email ?? DEFAULT_TL_LOGIN.email,
        password: options.password ?? DEFAULT_TL_LOGIN.password,
        server: options.server ?? DEFAULT_TL_LOGIN.server,
      };
      const sim = await createTradeLockerSimulator({
        port: options.port, seed: options.seed, prices: 'synthetic', login, sessions: options.sessions,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      });
      process.stdout.write(
        `${JSON.stringify({ url: sim.url, apiUrl: `${sim.url}/backend-api`, email: login.email, password: login.password, server: login.server, accounts: sim.accounts.map((a) => ({ id: a.id, accNum: a.accNum, profile: a.profile })) })}\n`,
      );
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

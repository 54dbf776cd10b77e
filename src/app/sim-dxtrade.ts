import { Command, InvalidArgumentError } from 'commander';

import { createDxtradeSimulator, DEFAULT_DXTRADE_USER, DOCUMENTED_RATE_LIMITS } from '../simulators/dxtrade';
import { integerArgument } from './cli-arguments';

interface SimDxtradeOptions {
  readonly port: number;
  readonly seed: number;
  readonly username?: string;
  readonly password?: string;
  readonly dataDir?: string;
  readonly rateLimits: boolean;
}

/**
 * `tmt sim dxtrade --port N [--data-dir DIR] [--username U --password P] [--seed S] [--no-rate-limits]`: starts
 * the DXtrade simulator (REST at /dxsca-web, the push API beside it) with a US (FIFO, no hedging) and a hedging
 * account on FX majors, and prints one JSON line when ready (simulator credentials only).
 */
export function simDxtradeCommand(): Command {
  return new Command('dxtrade')
    .description('run the wire-exact DXtrade REST and push API simulator')
    .option('--port <port>', 'TCP port to listen on (0: any free port)', integerArgument('--port', 0, 65535), 0)
    .option('--seed <seed>', 'seed of the simulated market', integerArgument('--seed', 0, 2 ** 31), 1)
    .option('--username <username>', 'username POST /login accepts')
    .option('--password <password>', 'password POST /login accepts')
    .option('--data-dir <dir>', 'directory the simulator keeps orders, positions and balances in across restarts')
    .option('--no-rate-limits', "serve without DXtrade's documented rate limits (login 1/s, data 2/s, trading 1/s)")
    .action(async (options: SimDxtradeOptions) => {
      if (options.username !== undefined && !/^[A-Za-z0-9_.@-]{1,64}$/.test(options.username)) throw new InvalidArgumentError('--username must be 1-64 of [A-Za-z0-9_.@-]');
      if (options.password !== undefined && options.password.length === 0) throw new InvalidArgumentError('--password must not be empty');
      const user = { ...DEFAULT_DXTRADE_USER, ...(options.username === undefined ? {} : { username: options.username }), ...(options.password === undefined ? {} : { password: options.password }) };
      const unlimited = { loginPerSecond: Infinity, dataPerSecond: Infinity, tradingPerSecond: Infinity };
      const sim = await createDxtradeSimulator({
        port: options.port, seed: options.seed, prices: 'synthetic', user, rateLimits: options.rateLimits ? DOCUMENTED_RATE_LIMITS : unlimited,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      });
      const address = new URL(sim.url);
      process.stdout.write(`${JSON.stringify({
        host: address.hostname, port: Number(address.port), restUrl: sim.url, pushUrl: sim.pushUrl,
        username: user.username, domain: user.domain, password: user.password, accounts: user.accounts.map((a) => a.code),
      })}\n`);
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

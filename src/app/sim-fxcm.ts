import { Command, InvalidArgumentError } from 'commander';
import { integerArgument } from './cli-arguments';

import { createFxcmSimulator, DEFAULT_FXCM_LOGIN } from '../simulators/fxcm';

interface SimFxcmOptions {
  readonly port: number;
  readonly seed: number;
  readonly username?: string;
  readonly password?: string;
  readonly dataDir?: string;
}

/**
 * `tmt sim fxcm --port N [--data-dir DIR] [--username U --password P] [--seed S]`: starts the FXCM FIX 4.4
 * simulator (TargetCompID FXCM, TargetSubID U100D1) with a US (FIFO, no hedging) and a hedging account on the
 * majors, and prints one JSON line when ready (simulator credentials only).
 */
export function simFxcmCommand(): Command {
  return new Command('fxcm')
    .description('run the wire-exact FXCM FIX 4.4 simulator')
    .option('--port <port>', 'TCP port to listen on (0: any free port)', integerArgument('--port', 0, 65535), 0)
    .option('--seed <seed>', 'seed of the simulated market', integerArgument('--seed', 0, 2 ** 31), 1)
    .option('--username <username>', 'Username(553) the simulator accepts')
    .option('--password <password>', 'Password(554) the simulator accepts')
    .option('--data-dir <dir>', 'directory the simulator keeps orders, positions and FIX sequence numbers in across restarts')
    .action(async (options: SimFxcmOptions) => {
      if (options.username !== undefined && !/^[A-Za-z0-9_.@-]{1,64}$/.test(options.username)) throw new InvalidArgumentError('--username must be 1-64 of [A-Za-z0-9_.@-]');
      if (options.password !== undefined && options.password.length === 0) throw new InvalidArgumentError('--password must not be empty');
      const login = { ...DEFAULT_FXCM_LOGIN, ...(options.username === undefined ? {} : { username: options.username }), ...(options.password === undefined ? {} : { password: options.password }) };
      const sim = await createFxcmSimulator({ port: options.port, seed: options.seed, prices: 'synthetic', login, ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }) });
      process.stdout.write(
        `${JSON.stringify({ host: sim.host, port: sim.port, targetCompId: sim.compId, targetSubId: sim.subId, username: login.username, password: login.password, accounts: login.accounts.map((a) => a.id) })}\n`,
      );
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

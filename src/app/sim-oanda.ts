import { Command, InvalidArgumentError } from 'commander';
import { integerArgument } from './cli-arguments';

import { createOandaSimulator } from '../simulators/oanda';
import { oandaStateFile } from './embedded-simulators';

interface SimOandaOptions {
  readonly port: number;
  readonly token?: string;
  readonly seed: number;
  readonly dataDir?: string;
}

/**
 * `tmt sim oanda --port N [--token T] [--seed S]`: starts the OANDA v20 simulator (REST and both streams on
 * one port, as OANDA's official JavaScript client expects) with funded hedging, US (FIFO) and netting accounts
 * on the majors and a few minors, and prints one JSON line when ready (simulator credentials only).
 */
export function simOandaCommand(): Command {
  return new Command('oanda')
    .description('run the wire-exact OANDA v20 simulator')
    .option('--port <port>', 'port to listen on (0: any free port)', integerArgument('--port', 0, 65535), 0)
    .option('--token <token>', 'bearer token the simulator accepts')
    .option('--seed <seed>', 'seed of the simulated market', integerArgument('--seed', 0, 2 ** 31), 1)
    .option('--data-dir <dir>', 'keep the venue state (accounts, orders, trades, transactions, ids) here across restarts')
    .action(async (options: SimOandaOptions) => {
      if (options.token !== undefined && !/^[A-Za-z0-9-]{8,256}$/.test(options.token)) {
        throw new InvalidArgumentError('--token must be 8-256 of [A-Za-z0-9-]');
      }
      const sim = await createOandaSimulator({
        port: options.port,
        seed: options.seed,
        prices: 'synthetic',
        ...(options.token === undefined ? {} : { token: options.token }),
        ...(options.dataDir === undefined ? {} : { stateFile: oandaStateFile(options.dataDir) }),
      });
      process.stdout.write(
        `${JSON.stringify({ url: sim.url, streamUrl: sim.streamUrl, token: sim.token, accounts: sim.accounts })}\n`,
      );
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

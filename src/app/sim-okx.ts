import { Command } from 'commander';
import { integerArgument } from './cli-arguments';
import { SystemClock } from '../shared/system-clock';
import { startOkxSimulator } from '../simulators/okx/server';

interface SimOkxOptions {
  readonly port: number;
  readonly host: string;
  readonly apiKey?: string;
  readonly secretKey?: string;
  readonly passphrase?: string;
  readonly seed: number;
  readonly walkMs: number;
  readonly dataDir?: string;
}

/**
 * `tmt sim okx --port N [--data-dir DIR] [--api-key K --secret-key S --passphrase P] [--seed S]`: starts the
 * OKX v5 simulator (REST, public/private/business WebSockets) with a funded account on BTC-USDT, ETH-USDT and
 * ETH-BTC, and prints one JSON line when ready (simulator credentials only).
 */
export function simOkxCommand(): Command {
  return new Command('okx')
    .description('run the wire-exact OKX v5 simulator')
    .option('--port <port>', 'port to listen on (0: any free port)', integerArgument('--port', 0, 65535), 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--api-key <key>', 'API key the simulator accepts')
    .option('--secret-key <secret>', 'HMAC secret of that key')
    .option('--passphrase <passphrase>', 'passphrase of that key')
    .option('--seed <seed>', 'seed of the simulated market', integerArgument('--seed', 0, 2 ** 31), 1)
    .option('--walk-ms <ms>', 'milliseconds between two random-walk steps of the market (0: still)', integerArgument('--walk-ms', 0, 60_000), 250)
    .option('--data-dir <dir>', 'directory the simulator keeps its state in across restarts')
    .action(async (options: SimOkxOptions) => {
      const sim = await startOkxSimulator({
        clock: new SystemClock(),
        port: options.port,
        host: options.host,
        seed: options.seed,
        walkMs: options.walkMs,
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
        ...(options.secretKey === undefined ? {} : { secretKey: options.secretKey }),
        ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      });
      process.stdout.write(
        `${JSON.stringify({ url: sim.url, wsPublicUrl: sim.wsPublicUrl, wsPrivateUrl: sim.wsPrivateUrl, wsBusinessUrl: sim.wsBusinessUrl, apiKey: sim.apiKey, secretKey: sim.secretKey, passphrase: sim.passphrase })}\n`,
      );
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

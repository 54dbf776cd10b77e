import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { integerArgument } from './cli-arguments';
import { SystemClock } from '../shared/system-clock';
import { startBinanceSimulator } from '../simulators/binance/server';
import { binanceStateFile } from './embedded-simulators';

interface SimBinanceOptions {
  readonly port: number;
  readonly host: string;
  readonly profile: 'spot' | 'us';
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly ed25519PublicKey?: string;
  readonly seed: number;
  readonly walkMs: number;
  readonly balances?: Readonly<Record<string, string>>;
  readonly dataDir?: string;
}

/** `USDT=1000,BTC=0.5`: asset codes and exact decimal amounts (never read through a float). */
export function balancesArgument(value: string): Record<string, string> {
  const balances: Record<string, string> = {};
  for (const part of value.split(',')) {
    const match = /^([A-Z0-9]{2,12})=(\d{1,20}(?:\.\d{1,8})?)$/.exec(part.trim());
    if (match === null) {
      throw new InvalidArgumentError(
        `--balances expects ASSET=AMOUNT[,ASSET=AMOUNT...] such as USDT=1000,BTC=0.5; found "${part}"`,
      );
    }
    const [, asset, amount] = match as unknown as [string, string, string];
    if (balances[asset] !== undefined) throw new InvalidArgumentError(`--balances names ${asset} twice`);
    balances[asset] = amount;
  }
  return balances;
}

/**
 * `tmt sim binance --port N [--profile us] [--api-key K --api-secret S] [--ed25519-public-key FILE] [--seed S]
 * [--balances USDT=1000,BTC=0.5] [--data-dir D]`:
 * starts the Binance simulator (REST, market streams, WebSocket API) with funded balances on BTCUSDT, ETHUSDT,
 * ETHBTC and LTCBTC, and prints one JSON line when ready (simulator credentials only).
 */
export function simBinanceCommand(): Command {
  return new Command('binance')
    .description('run the wire-exact Binance spot (or Binance.US) simulator')
    .option('--port <port>', 'port to listen on (0: any free port)', integerArgument('--port', 0, 65535), 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--profile <profile>',
      'spot or us (Binance.US: listenKey user stream, HMAC keys only)',
      (value: string) => {
        if (value !== 'spot' && value !== 'us')
          throw new InvalidArgumentError(`--profile must be spot or us, found ${value}`);
        return value;
      },
      'spot',
    )
    .option('--api-key <key>', 'API key the simulator accepts')
    .option('--api-secret <secret>', 'HMAC secret of that key')
    .option(
      '--ed25519-public-key <file>',
      'PEM file of an Ed25519 public key accepted under --api-key (or "ed25519-key")',
    )
    .option('--seed <seed>', 'seed of the simulated market', integerArgument('--seed', 0, 2 ** 31), 1)
    .option(
      '--walk-ms <ms>',
      'milliseconds between two random-walk steps of the market (0: still)',
      integerArgument('--walk-ms', 0, 60_000),
      250,
    )
    .option(
      '--balances <list>',
      'starting balances, e.g. USDT=1000,BTC=0.5 (default about 1M USDT plus coins)',
      balancesArgument,
    )
    .option('--data-dir <dir>', 'keep the venue state (orders, fills, balances, ids) here across restarts')
    .action(async (options: SimBinanceOptions) => {
      const publicKeys =
        options.ed25519PublicKey === undefined
          ? []
          : [
              {
                apiKey: options.apiKey === undefined ? 'ed25519-key' : `${options.apiKey}-ed25519`,
                pem: readFileSync(options.ed25519PublicKey, 'utf8'),
              },
            ];
      const sim = await startBinanceSimulator({
        clock: new SystemClock(),
        port: options.port,
        host: options.host,
        profile: options.profile,
        seed: options.seed,
        walkMs: options.walkMs,
        publicKeys,
        ...(options.balances === undefined ? {} : { balances: options.balances }),
        ...(options.dataDir === undefined
          ? {}
          : { stateFile: binanceStateFile(options.dataDir, options.profile === 'us' ? 'us' : 'spot') }),
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
        ...(options.apiSecret === undefined ? {} : { apiSecret: options.apiSecret }),
      });
      process.stdout.write(
        `${JSON.stringify({ url: sim.url, streamUrl: sim.streamUrl, wsApiUrl: sim.wsApiUrl, apiKey: sim.apiKey, apiSecret: sim.apiSecret, ...(publicKeys[0] === undefined ? {} : { ed25519ApiKey: publicKeys[0].apiKey }) })}\n`,
      );
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

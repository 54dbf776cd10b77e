import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { integerArgument } from './cli-arguments';
import { SystemClock } from '../shared/system-clock';
import { startCoinbaseSimulator } from '../simulators/coinbase/server';

interface SimCoinbaseOptions {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly walkMs: number;
  readonly dataDir?: string;
  readonly ed25519PublicKey?: string;
  readonly ed25519KeyName: string;
}

/**
 * `tmt sim coinbase --port N [--data-dir DIR] [--seed S] [--walk-ms MS] [--ed25519-public-key FILE]`: the
 * Advanced Trade simulator (REST, market and user WebSockets) with funded USD, BTC and ETH accounts on
 * BTC-USD, ETH-USD and ETH-BTC. Prints one JSON line when ready, with simulator credentials only.
 */
export function simCoinbaseCommand(): Command {
  return new Command('coinbase')
    .description('run the wire-exact Coinbase Advanced Trade simulator')
    .option('--port <port>', 'port to listen on (0: any free port)', integerArgument('--port', 0, 65535), 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <seed>', 'seed of the simulated market', integerArgument('--seed', 0, 2 ** 31), 1)
    .option('--walk-ms <ms>', 'milliseconds between two random-walk steps of the market (0: still)', integerArgument('--walk-ms', 0, 60_000), 250)
    .option('--data-dir <dir>', 'directory where the simulator keeps its state across restarts')
    .option('--ed25519-public-key <file>', 'PEM file of an Ed25519 public key accepted for EdDSA JWTs')
    .option('--ed25519-key-name <name>', 'the CDP key name of that Ed25519 key', 'organizations/sim/apiKeys/ed25519')
    .action(async (options: SimCoinbaseOptions) => {
      const publicKeys = options.ed25519PublicKey === undefined ? [] : [{ name: options.ed25519KeyName, pem: readFileSync(options.ed25519PublicKey, 'utf8') }];
      const sim = await startCoinbaseSimulator({
        clock: new SystemClock(),
        port: options.port,
        host: options.host,
        seed: options.seed,
        walkMs: options.walkMs,
        publicKeys,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      });
      process.stdout.write(`${JSON.stringify({ url: sim.url, wsUrl: sim.wsUrl, wsUserUrl: sim.wsUserUrl, apiKeyName: sim.apiKeyName, apiPrivateKey: sim.apiPrivateKey })}\n`);
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

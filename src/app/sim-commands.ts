import type { Command } from 'commander';

/**
 * The `tmt sim <venue>` commands, one module per venue (src/app/sim-<venue>.ts). Each loads only when `tmt sim`
 * runs, so the rest of the CLI never pays for the simulators' start-up. To add a venue, add one line here.
 */
const SIMULATORS: readonly { readonly venue: string; readonly load: () => Promise<Command> }[] = [
  { venue: 'oanda', load: async () => (await import('./sim-oanda')).simOandaCommand() },
  { venue: 'binance', load: async () => (await import('./sim-binance')).simBinanceCommand() },
  { venue: 'okx', load: async () => (await import('./sim-okx')).simOkxCommand() },
  { venue: 'coinbase', load: async () => (await import('./sim-coinbase')).simCoinbaseCommand() },
  { venue: 'fxcm', load: async () => (await import('./sim-fxcm')).simFxcmCommand() },
  { venue: 'ibkr', load: async () => (await import('./sim-ibkr')).simIbkrCommand() },
  { venue: 'dxtrade', load: async () => (await import('./sim-dxtrade')).simDxtradeCommand() },
  { venue: 'tradelocker', load: async () => (await import('./sim-tradelocker')).simTradeLockerCommand() },
];

/** The venues that have a simulator, for help text that must not load them. */
export const SIMULATOR_VENUES: readonly string[] = SIMULATORS.map((s) => s.venue);

export async function loadSimCommands(): Promise<Command[]> {
  return Promise.all(SIMULATORS.map((s) => s.load()));
}

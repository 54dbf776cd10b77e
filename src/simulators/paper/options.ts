import { AccountId, Decimal, TmtError, type Clock } from '../../core';
import type { Logger } from '../../shared/logger';
import type { LatencyModel, SimulatedAccount, SimulatedInstrument } from '../matching';
import { paperInstruments } from './instruments';

export interface PaperVenueOptions {
  readonly clock: Clock;
  /** Default: `paper-fx` (USD 100,000, margin, netting, 50:1) and `paper-spot` (USDT 100,000, cash). */
  readonly accounts?: readonly SimulatedAccount[];
  /** Default: the paper FX pairs and crypto spot symbols (see instruments.ts). */
  readonly instruments?: readonly SimulatedInstrument[];
  /** Seeds the synthetic market and latency draws. Default 1. */
  readonly seed?: number;
  /** SQLite file for the venue's durable state; omitted, the venue forgets everything when the process ends. */
  readonly storePath?: string;
  /** Replay recorded market data instead of the synthetic walk. */
  readonly dataFile?: { readonly path: string; readonly format: 'jsonl' | 'csv'; readonly speed?: number };
  /** Delay before a command reaches the book. Default: none. */
  readonly latency?: LatencyModel;
  /** How often the venue's market moves forward, in ms of the clock. Default 100. */
  readonly tickMs?: number;
  /**
   * Snapshot the engine after this many logged inputs (default 5,000) or this much time (default 60 s). A
   * snapshot encodes the whole matching state (open orders and the retained history) on the event loop,
   * tens of milliseconds under a busy book: every 500 inputs it stalled every order in flight several times a
   * second at HTTP rates. Replaying 5,000 inputs at start costs well under a second.
   */
  readonly snapshotEvery?: number;
  readonly snapshotIntervalMs?: number;
  /**
   * Longest downtime whose synthetic market is replayed step by step on start (fills included); a longer
   * pause resumes the market at the start time instead. Default 10 minutes.
   */
  readonly maxCatchUpMs?: number;
  /** Closed orders and fills kept in memory when a store holds the full history. Default 2,000 and 10,000. */
  readonly retention?: { readonly closedOrders: number; readonly fills: number };
  readonly logger?: Logger;
}

export interface ResolvedOptions {
  readonly accounts: readonly SimulatedAccount[];
  readonly instruments: readonly SimulatedInstrument[];
  readonly seed: number;
  readonly storePath: string | undefined;
  readonly dataFile: PaperVenueOptions['dataFile'];
  readonly latency: LatencyModel;
  readonly tickMs: number;
  readonly snapshotEvery: number;
  readonly snapshotIntervalMs: number;
  readonly retention: { readonly closedOrders: number; readonly fills: number };
  readonly maxCatchUpMs: number;
  readonly logger: Logger | undefined;
}

export function defaultPaperAccounts(): SimulatedAccount[] {
  return [
    {
      accountId: AccountId.parse('paper-fx'),
      baseCurrency: 'USD',
      type: 'margin',
      positionMode: 'netting',
      balances: [{ currency: 'USD', amount: Decimal.parse('100000') }],
      maxLeverage: Decimal.parse('50'),
      closeoutFraction: Decimal.parse('0.5'),
    },
    {
      accountId: AccountId.parse('paper-spot'),
      baseCurrency: 'USDT',
      type: 'cash',
      positionMode: 'netting',
      balances: [{ currency: 'USDT', amount: Decimal.parse('100000') }],
    },
  ];
}

export function resolveOptions(options: PaperVenueOptions): ResolvedOptions {
  const positive = (field: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value <= 0) throw new TmtError('CONFIG_INVALID', `${field} must be a positive integer, found ${value}`, { field });
    return value;
  };
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new TmtError('CONFIG_INVALID', `seed must be an integer, found ${seed}`, { field: 'seed' });
  return {
    accounts: options.accounts ?? defaultPaperAccounts(),
    instruments: options.instruments ?? paperInstruments(),
    seed,
    storePath: options.storePath,
    dataFile: options.dataFile,
    latency: options.latency ?? { kind: 'fixed', ms: 0 },
    tickMs: positive('tickMs', options.tickMs, 100),
    snapshotEvery: positive('snapshotEvery', options.snapshotEvery, 5_000),
    snapshotIntervalMs: positive('snapshotIntervalMs', options.snapshotIntervalMs, 60_000),
    retention: {
      closedOrders: positive('retention.closedOrders', options.retention?.closedOrders, 2_000),
      fills: positive('retention.fills', options.retention?.fills, 10_000),
    },
    maxCatchUpMs: positive('maxCatchUpMs', options.maxCatchUpMs, 600_000),
    logger: options.logger,
  };
}

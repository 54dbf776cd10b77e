import type { Timestamp } from '../clock';
import type { AccountId, InstrumentId } from '../identifiers';
import type { Decimal } from '../money/decimal';
import type { Price } from '../money/price';

declare const signalIdBrand: unique symbol;
/** The client's id of a signal: its idempotency key, in the same alphabet as a client order id. */
export type SignalId = string & { readonly [signalIdBrand]: true };

/** long: hold a long position; short: hold a short one; flat: hold none (close what is held). */
export const SIGNAL_INTENTS = ['long', 'short', 'flat'] as const;
export type SignalIntent = (typeof SIGNAL_INTENTS)[number];

export type SignalEntry = { readonly type: 'market' } | { readonly type: 'limit'; readonly price: Price };

/** A stop-loss or take-profit: an absolute price, or a distance from the entry (always positive). */
export type SignalExit =
  | { readonly kind: 'price'; readonly price: Price }
  | { readonly kind: 'distance'; readonly distance: Decimal };

export type SignalMetadataValue = string | number | boolean | null;

/** A trading intent from a strategy or agent, validated; the orchestrator's pipeline turns it into orders. */
export interface Signal {
  readonly signalId: SignalId;
  /** The agent (or built-in strategy, or webhook) that sent it. */
  readonly agentId: string;
  readonly instrumentId: InstrumentId;
  readonly intent: SignalIntent;
  /** 0 to 1, exact. */
  readonly confidence: Decimal;
  readonly entry: SignalEntry;
  readonly stopLoss?: SignalExit;
  readonly takeProfit?: SignalExit;
  /** After this time the signal is stale and is dropped, wherever it is in the pipeline. */
  readonly expiresAt?: Timestamp;
  /** The accounts it fans out to; absent: every enabled account trading the instrument. */
  readonly accounts?: readonly AccountId[];
  readonly metadata: Readonly<Record<string, SignalMetadataValue>>;
  /** When TMT received it (the intake's clock). */
  readonly receivedAt: Timestamp;
}

/** Where a signal came in: every intake applies the same validation and idempotency. */
export type SignalSource = 'api' | 'bus' | 'strategy' | 'webhook' | 'agent';

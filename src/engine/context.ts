import type {
  AccountId,
  AlertKind,
  AlertSeverity,
  Clock,
  Instrument,
  InstrumentId,
  MessageBus,
  VenueName,
} from '../core';
import type { Logger } from '../shared/logger';
import type { VenueGateway } from './execution/venue-gateway';
import type { GroupCommitJournal } from './journal/group-commit-journal';
import type { OrderBook } from './oms/order-book';
import type { OrderCache } from './oms/order-cache';
import type { PortfolioLedger, RiskGate } from './ports-internal';

export interface EngineTimings {
  /** Wait for a venue answer before an outcome is unknown. */
  readonly requestTimeoutMs: number;
  /** Delay before the first lookup of an unknown outcome, then doubling. */
  readonly lookupDelayMs: number;
  /** Lookups that must all find nothing before an order is settled as never having reached the venue. */
  readonly lookupAttempts: number;
  readonly reconcileOpenOrdersEveryMs: number;
  readonly reconcilePositionsEveryMs: number;
  /** A venue disconnected longer than this raises an alert. */
  readonly disconnectAlertAfterMs: number;
}

export const DEFAULT_TIMINGS: EngineTimings = {
  requestTimeoutMs: 5_000,
  lookupDelayMs: 500,
  lookupAttempts: 3,
  reconcileOpenOrdersEveryMs: 5_000,
  reconcilePositionsEveryMs: 60_000,
  disconnectAlertAfterMs: 30_000,
};

/** What the engine's parts share. Built once by ExecutionEngine; parts never construct each other's pieces. */
export interface EngineContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bus: MessageBus;
  readonly cache: OrderCache;
  readonly book: OrderBook;
  readonly journal: GroupCommitJournal;
  readonly risk: RiskGate;
  readonly portfolio: PortfolioLedger;
  readonly gateways: ReadonlyMap<VenueName, VenueGateway>;
  readonly accountVenues: ReadonlyMap<AccountId, VenueName>;
  readonly instruments: Map<InstrumentId, Instrument>;
  readonly timings: EngineTimings;
  readonly random: () => number;
  alert(kind: AlertKind, severity: AlertSeverity, message: string, extra?: AlertExtra): void;
}

export interface AlertExtra {
  readonly accountId?: AccountId;
  readonly venue?: VenueName;
  readonly details?: Readonly<Record<string, string>>;
}

export function gatewayFor(context: EngineContext, venue: VenueName): VenueGateway | undefined {
  return context.gateways.get(venue);
}

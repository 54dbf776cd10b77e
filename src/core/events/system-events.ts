import type { Timestamp } from '../clock';
import type { AccountId, VenueName } from '../identifiers';

/** ACTIVE: all orders; REDUCING: only orders that shrink a position; HALTED: only cancels. */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface TradingStateChanged {
  readonly type: 'TradingStateChanged';
  /** Absent for the global (system-wide) state. */
  readonly accountId?: AccountId;
  readonly previous: TradingState;
  readonly current: TradingState;
  readonly reason: string;
  readonly actor: string;
  readonly occurredAt: Timestamp;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export type AlertKind =
  | 'circuit-breaker'
  | 'kill-switch'
  | 'risk-limit'
  | 'drift'
  | 'venue-disconnected'
  | 'dead-letter'
  | 'reconciliation'
  | 'unknown-venue-message';

export interface AlertRaised {
  readonly type: 'AlertRaised';
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly accountId?: AccountId;
  readonly venue?: VenueName;
  readonly details: Readonly<Record<string, string>>;
  readonly occurredAt: Timestamp;
}

export type VenueConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface VenueConnectionChanged {
  readonly type: 'VenueConnectionChanged';
  readonly venue: VenueName;
  readonly accountId?: AccountId;
  readonly state: VenueConnectionState;
  readonly reason?: string;
  readonly occurredAt: Timestamp;
}

export type SystemEvent = TradingStateChanged | AlertRaised | VenueConnectionChanged;

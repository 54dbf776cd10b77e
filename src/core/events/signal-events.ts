import type { Timestamp } from '../clock';
import type { InstrumentId } from '../identifiers';
import type { SignalSource } from '../signals/signal';
import type { SignalWire } from '../signals/signal-wire';

/**
 * A signal put on the bus by a process that is not TMT's (or by an in-process strategy). It is only a
 * request: the orchestrator's intake validates it exactly like POST /api/v1/signals, so the payload is
 * the wire shape, unvalidated.
 */
export interface SignalSubmitted {
  readonly type: 'SignalSubmitted';
  readonly signal: SignalWire;
  readonly source: SignalSource;
  readonly occurredAt: Timestamp;
}

export type SignalVerdict = 'accepted' | 'changed' | 'dropped' | 'refused' | 'executed';

/** One decision on one signal (intake or a pipeline stage): the live signal feed and the trace. */
export interface SignalDecided {
  readonly type: 'SignalDecided';
  readonly signalId: string;
  readonly agentId: string;
  readonly instrumentId?: InstrumentId;
  readonly stage: string;
  readonly verdict: SignalVerdict;
  readonly reason: string;
  /** An error code when the verdict is refused or dropped for a coded rule. */
  readonly code?: string;
  readonly occurredAt: Timestamp;
}

export type SignalEvent = SignalSubmitted | SignalDecided;

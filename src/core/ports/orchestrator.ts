import type { Timestamp } from '../clock';
import type { SignalDecided } from '../events/signal-events';
import type { Signal, SignalSource } from '../signals/signal';

/** One decision in a signal's trace: intake, each stage, the orders, the outcome. */
export type SignalTraceEntry = Omit<SignalDecided, 'type'> & {
  readonly details?: Readonly<Record<string, string>>;
};

export type SignalOutcomeState = 'pending' | 'dropped' | 'refused' | 'open' | 'closed';

/** What became of a signal once executed: decimals as strings (exact), times in epoch ms. */
export interface SignalOutcome {
  readonly state: SignalOutcomeState;
  readonly realizedPnl?: string;
  readonly currency?: string;
  readonly holdingMs?: number;
  /** Maximum adverse and favourable excursion, in price units from the average entry. */
  readonly maxAdverseExcursion?: string;
  readonly maxFavourableExcursion?: string;
}

export interface SignalFillView {
  readonly clientOrderId: string;
  readonly tradeId: string;
  readonly side: string;
  readonly quantity: string;
  readonly price: string;
  readonly at: Timestamp;
}

export interface SignalRecordView {
  readonly signal: Signal;
  readonly source: SignalSource;
  readonly trace: readonly SignalTraceEntry[];
  readonly orders: readonly string[];
  readonly fills: readonly SignalFillView[];
  readonly outcome: SignalOutcome;
}

export interface SignalListFilter {
  readonly agentId?: string;
  readonly instrumentId?: string;
  readonly outcome?: SignalOutcomeState;
  readonly limit?: number;
}

export interface SignalSubmitResult {
  readonly record: SignalRecordView;
  /** True when the same signal (same id, same content) was already taken: no second order. */
  readonly existing: boolean;
}

export type AgentKind = 'managed' | 'external' | 'built-in';
export type AgentHealthState = 'starting' | 'healthy' | 'unhealthy' | 'stopped' | 'disabled';

export interface AgentView {
  readonly agentId: string;
  readonly kind: AgentKind;
  readonly enabled: boolean;
  readonly health: AgentHealthState;
  readonly registeredAt: Timestamp;
  readonly lastSeenAt?: Timestamp;
  /** Milliseconds since the agent was last seen (heartbeat or signal). */
  readonly sinceLastSeenMs?: number;
  /** Mean of the agent's reported round-trip times, ms. */
  readonly responseTimeMs?: number;
  /** Share of the agent's signals refused or failed, over its recent window, 0..1 as a string. */
  readonly errorRate: string;
  readonly lastSignalAt?: Timestamp;
  readonly restarts: number;
  readonly pid?: number;
}

export interface CircuitBreakerView {
  readonly id: string;
  readonly level: 'agent' | 'account' | 'system' | 'time' | 'market';
  readonly state: 'closed' | 'open';
  readonly reason?: string;
  readonly openedAt?: Timestamp;
  /** Absent: an operator must resume it. */
  readonly reopensAt?: Timestamp;
}

export interface WebhookAlertInput {
  readonly name: string;
  readonly body: unknown;
  readonly rawBody: string;
  readonly pathSecret?: string;
  readonly sourceAddress: string;
}

/**
 * What the HTTP API needs of the orchestrator, so that the API depends on this port and not on
 * src/orchestrator (both sit beside each other over the engine).
 */
export interface OrchestratorPort {
  submitSignal(input: unknown, source: SignalSource, actor: string): Promise<SignalSubmitResult>;
  receiveAlert(alert: WebhookAlertInput): Promise<SignalSubmitResult>;
  signal(signalId: string): SignalRecordView | undefined;
  signals(filter: SignalListFilter): readonly SignalRecordView[];
  agents(): readonly AgentView[];
  agent(agentId: string): AgentView | undefined;
  registerAgent(agentId: string, actor: string): AgentView;
  heartbeat(agentId: string, responseTimeMs?: number): AgentView;
  setAgentEnabled(agentId: string, enabled: boolean, actor: string): AgentView;
  restartAgent(agentId: string, actor: string): Promise<AgentView>;
  breakers(): readonly CircuitBreakerView[];
  resumeBreaker(id: string, actor: string): CircuitBreakerView;
  /** Halts signal intake, every agent's orders, and fires the engine's kill switch. */
  emergencyStop(actor: string): Promise<{ readonly haltedInMs: number; readonly canceled: number }>;
  resumeIntake(actor: string): void;
  isIntakeOpen(): boolean;
}

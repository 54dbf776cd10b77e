import {
  parseSignal,
  signalFingerprint,
  TmtError,
  type AgentView,
  type CircuitBreakerView,
  type Clock,
  type OrchestratorPort,
  type Signal,
  type SignalListFilter,
  type SignalRecordView,
  type SignalSource,
  type SignalSubmitResult,
  type SignalTraceEntry,
  type WebhookAlertInput,
} from '../core';
import type { TradingEngine } from '../engine/trading-engine';
import { silentLogger, type Logger } from '../shared/logger';
import { AgentRegistry, type AgentRegistryOptions } from './agents/agent-registry';
import { CircuitBreakers, type CircuitBreakerOptions } from './breakers/circuit-breakers';
import { PatternDetector, type PatternConfig } from './patterns/pattern-detector';
import { MarketView } from './pipeline/market-view';
import { Pipeline } from './pipeline/pipeline';
import type { PipelineStage, TradePlan } from './pipeline/stage';
import { OutcomeTracker } from './signals/outcome-tracker';
import { SignalBook, type SignalJournal } from './signals/signal-book';
import { BreakerStage } from './stages/breaker-stage';
import { CorrelationStage, type CorrelationOptions } from './stages/correlation-stage';
import { ExecutionStage } from './stages/execution-stage';
import { QualityStage, type QualityOptions } from './stages/quality-stage';
import { SizingStage, type SizingOptions } from './stages/sizing-stage';

/** The built-in stages by name, in the seed's order (signal sources feed the first). */
export const DEFAULT_PIPELINE = [
  'correlation',
  'quality',
  'sizing',
  'circuit-breakers',
  'execution',
] as const;

export interface OrchestratorOptions {
  readonly engine: TradingEngine;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly journal?: SignalJournal;
  /** Stage names in order: built-ins and the names of `customStages`. Default DEFAULT_PIPELINE. */
  readonly pipeline?: readonly string[];
  readonly customStages?: readonly PipelineStage[];
  readonly quality?: QualityOptions;
  readonly correlation?: CorrelationOptions;
  readonly sizing?: SizingOptions;
  readonly breakers?: CircuitBreakerOptions;
  readonly agents?: AgentRegistryOptions;
  /** Stage 8's thresholds (patterns/pattern-detector.ts); its alerts go on the bus as AlertRaised. */
  readonly patterns?: PatternConfig;
}

/** Seams the orchestrator's optional parts plug into (managed agents, webhooks), so each lives in its own file. */
export interface OrchestratorExtensions {
  restartAgent?: (agentId: string, actor: string) => Promise<void>;
  receiveAlert?: (alert: WebhookAlertInput) => Promise<SignalSubmitResult>;
}

/**
 * Signals in, orders out: intake (validation, idempotency, agent health, emergency stop), the pipeline,
 * the trace of every decision, and the safety systems. It drives the engine through its facade only.
 */
export class Orchestrator implements OrchestratorPort {
  readonly registry: AgentRegistry;
  readonly circuitBreakers: CircuitBreakers;
  readonly book: SignalBook;
  /** Stage 8: watches closed trades; profiles from backtests are set on it (setProfile). */
  readonly patterns: PatternDetector;
  readonly extensions: OrchestratorExtensions = {};
  private readonly pipeline: Pipeline;
  private readonly tracker: OutcomeTracker;
  private readonly logger: Logger;
  private readonly unsubscribe: (() => void)[] = [];
  private intakeOpen = true;
  private halted = false;
  private inFlight = 0;

  constructor(private readonly options: OrchestratorOptions) {
    const { engine, clock } = options;
    this.logger = options.logger ?? silentLogger();
    this.registry = new AgentRegistry(clock, options.agents);
    this.book = new SignalBook(options.journal);
    this.circuitBreakers = new CircuitBreakers(engine, clock, engine.bus, options.breakers);
    this.patterns = new PatternDetector(clock, engine.bus, options.patterns);
    this.tracker = new OutcomeTracker(engine.bus, this.book, (signal, pnl, facts) => {
      this.circuitBreakers.recordTrade(signal.agentId, pnl);
      if (signal.intent === 'flat') return;
      this.patterns.record({
        agentId: signal.agentId,
        instrumentId: signal.instrumentId,
        side: signal.intent,
        pnl,
        ...facts,
      });
    });
    const market = new MarketView(engine);
    const builtIns: Record<string, PipelineStage> = {
      correlation: new CorrelationStage(market, options.correlation),
      quality: new QualityStage(options.quality),
      sizing: new SizingStage(market, options.sizing),
      'circuit-breakers': new BreakerStage(this.circuitBreakers),
      execution: new ExecutionStage({
        halted: () => this.halted,
        linkOrder: (signal, id) => this.tracker.link(signal, id),
      }),
    };
    for (const stage of options.customStages ?? []) builtIns[stage.name] = stage;
    const stages = (options.pipeline ?? DEFAULT_PIPELINE).map((name, index) => {
      const stage = builtIns[name];
      if (stage === undefined)
        throw new TmtError('CONFIG_INVALID', `orchestrator.pipeline[${index}] names no stage: ${name}`, {
          field: `orchestrator.pipeline[${index}]`,
        });
      return stage;
    });
    this.pipeline = new Pipeline(stages, { engine, clock }, (plan, entry) => this.decided(plan, entry));
    this.unsubscribe.push(
      engine.bus.subscribe('QuoteTick', (quote) => this.circuitBreakers.observeQuote(quote)),
      // Bus intake: the same validation and idempotency as HTTP; a refusal is logged, never thrown at the bus.
      engine.bus.subscribe('SignalSubmitted', (event) => {
        this.submitSignal(event.signal, event.source, 'bus').catch((error: unknown) =>
          this.logger.warn(
            { err: error instanceof TmtError ? error.toJSON() : String(error) },
            'bus signal refused',
          ),
        );
      }),
    );
  }

  stageNames(): readonly string[] {
    return this.pipeline.names();
  }

  /** Signals still inside the pipeline (submitted, not yet decided). */
  pending(): number {
    return this.inFlight;
  }

  async submitSignal(input: unknown, source: SignalSource, actor: string): Promise<SignalSubmitResult> {
    if (!this.intakeOpen)
      throw new TmtError('ORCH_INTAKE_STOPPED', 'signal intake is stopped by an emergency stop');
    const signal = parseSignal(input, this.options.clock.now());
    const fingerprint = signalFingerprint(signal);
    const known = this.book.fingerprint(signal.signalId);
    if (known !== undefined) {
      if (known !== '' && known !== fingerprint)
        throw new TmtError(
          'ORCH_SIGNAL_DUPLICATE',
          `clientSignalId ${signal.signalId} was already used with other content`,
          {
            field: 'clientSignalId',
          },
        );
      return { record: this.book.view(signal.signalId) as SignalRecordView, existing: true };
    }
    try {
      this.registry.checkMaySignal(signal.agentId);
    } catch (error) {
      this.registry.recordSignal(signal.agentId, false);
      throw error;
    }
    this.book.create(signal, source, fingerprint);
    const plan: TradePlan = { signal, legs: [] };
    this.decided(plan, this.entry(signal, 'intake', 'accepted', `received from ${source} by ${actor}`));
    this.inFlight++;
    try {
      const outcome = await this.pipeline.run(plan);
      const ok = outcome.status === 'completed';
      this.registry.recordSignal(signal.agentId, ok);
      this.circuitBreakers.recordAgentResult(signal.agentId, ok || outcome.code === undefined);
      if (!ok) this.book.setOutcome(signal.signalId, { state: 'dropped' });
      else if (
        this.book.outcome(signal.signalId)?.state === 'pending' &&
        this.book.view(signal.signalId)?.orders.length === 0
      )
        this.book.setOutcome(signal.signalId, { state: 'closed' });
    } finally {
      this.inFlight--;
    }
    return { record: this.book.view(signal.signalId) as SignalRecordView, existing: false };
  }

  async receiveAlert(alert: WebhookAlertInput): Promise<SignalSubmitResult> {
    const receive = this.extensions.receiveAlert;
    if (receive === undefined)
      throw new TmtError('ORCH_WEBHOOK_UNKNOWN', `no alert webhook ${alert.name}`, { field: 'name' });
    return receive(alert);
  }

  signal(signalId: string): SignalRecordView | undefined {
    return this.book.view(signalId);
  }

  signals(filter: SignalListFilter): readonly SignalRecordView[] {
    return this.book.list(filter);
  }

  agents(): readonly AgentView[] {
    return this.registry.list();
  }

  agent(agentId: string): AgentView | undefined {
    return this.registry.get(agentId);
  }

  registerAgent(agentId: string, actor: string): AgentView {
    const view = this.registry.register(agentId, 'external');
    this.logger.info({ agentId, actor }, 'agent registered');
    return view;
  }

  heartbeat(agentId: string, responseTimeMs?: number): AgentView {
    return this.registry.heartbeat(agentId, responseTimeMs);
  }

  setAgentEnabled(agentId: string, enabled: boolean, actor: string): AgentView {
    const view = this.registry.setEnabled(agentId, enabled);
    this.logger.info({ agentId, enabled, actor }, 'agent enabled state changed');
    return view;
  }

  async restartAgent(agentId: string, actor: string): Promise<AgentView> {
    const agent = this.registry.get(agentId);
    if (agent === undefined)
      throw new TmtError('ORCH_AGENT_UNKNOWN', `agent ${agentId} is not registered`, { field: 'agentId' });
    const restart = this.extensions.restartAgent;
    if (agent.kind !== 'managed' || restart === undefined)
      throw new TmtError(
        'ORCH_AGENT_NOT_MANAGED',
        `agent ${agentId} is ${agent.kind}: TMT did not start it`,
        { field: 'agentId' },
      );
    await restart(agentId, actor);
    return this.registry.get(agentId) as AgentView;
  }

  breakers(): readonly CircuitBreakerView[] {
    return this.circuitBreakers.board.list();
  }

  resumeBreaker(id: string, actor: string): CircuitBreakerView {
    const view = this.circuitBreakers.board.resume(id);
    this.logger.warn({ breaker: id, actor }, 'circuit breaker resumed by an operator');
    return view;
  }

  async emergencyStop(actor: string): Promise<{ haltedInMs: number; canceled: number }> {
    const started = this.options.clock.monotonicNanos();
    // Order matters: close intake and the execution gate first (synchronous), then the engine's kill switch.
    this.intakeOpen = false;
    this.halted = true;
    this.options.engine.setIntake(false, actor);
    const result = await this.options.engine.killSwitch({ flatten: false }, actor);
    const haltedInMs = Number(this.options.clock.monotonicNanos() - started) / 1e6;
    this.logger.error({ actor, haltedInMs, canceled: result.canceled }, 'emergency stop');
    return { haltedInMs, canceled: result.canceled };
  }

  /** Reopens signal intake; the engine's trading state stays HALTED until an operator sets it ACTIVE. */
  resumeIntake(actor: string): void {
    this.intakeOpen = true;
    this.halted = false;
    this.options.engine.setIntake(true, actor);
    this.logger.warn({ actor }, 'signal intake resumed');
  }

  isIntakeOpen(): boolean {
    return this.intakeOpen;
  }

  close(): void {
    for (const stop of this.unsubscribe) stop();
    this.tracker.close();
    this.options.journal?.close();
  }

  /** Records a decision in the trace (data collection) and publishes it for the live signal feed. */
  private decided(plan: TradePlan, entry: SignalTraceEntry): void {
    this.book.addTrace(plan.signal.signalId, entry);
    const { details: _details, ...event } = entry;
    this.options.engine.bus.publish({ type: 'SignalDecided', ...event });
  }

  private entry(
    signal: Signal,
    stage: string,
    verdict: SignalTraceEntry['verdict'],
    reason: string,
  ): SignalTraceEntry {
    return {
      signalId: signal.signalId,
      agentId: signal.agentId,
      instrumentId: signal.instrumentId,
      stage,
      verdict,
      reason,
      occurredAt: this.options.clock.now(),
    };
  }
}

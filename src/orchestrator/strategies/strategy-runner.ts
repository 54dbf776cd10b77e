import { InstrumentId, type MessageBus, type SignalSubmitResult, type SignalWire } from '../../core';
import type { Logger } from '../../shared/logger';
import { CandleBuilder, type Candle } from '../../core/market/candles';
import { DonchianBreakout } from './breakout';
import { MovingAverageCrossover } from './ma-crossover';
import type { Strategy, StrategyDecision, StrategyParams } from './strategy';

export interface StrategySpec {
  /** The agent id its signals carry. */
  readonly id: string;
  readonly kind: 'ma-crossover' | 'breakout';
  readonly instrument: string;
  readonly timeframeMs: number;
  readonly params: StrategyParams;
}

export function createStrategy(kind: StrategySpec['kind'], params: StrategyParams): Strategy {
  switch (kind) {
    case 'ma-crossover':
      return new MovingAverageCrossover(params);
    case 'breakout':
      return new DonchianBreakout(params);
  }
}

export type SignalSink = (signal: SignalWire) => Promise<SignalSubmitResult>;

/**
 * Runs a built-in strategy in process: candles from the engine's quotes on the bus, decisions into the
 * same intake as every other signal. The signal id is derived from the candle, so that a replay of the
 * same data yields the same ids (idempotent and deterministic).
 */
export class StrategyRunner {
  private readonly builder: CandleBuilder;
  private readonly strategy: Strategy;
  private readonly instrumentId: InstrumentId;
  private readonly unsubscribe: () => void;
  private pending: Promise<unknown> = Promise.resolve();
  readonly candles: Candle[] = [];

  constructor(
    readonly spec: StrategySpec,
    bus: MessageBus,
    private readonly sink: SignalSink,
    private readonly logger?: Logger,
  ) {
    this.instrumentId = InstrumentId.parse(spec.instrument);
    this.strategy = createStrategy(spec.kind, spec.params);
    this.builder = new CandleBuilder(spec.timeframeMs, (candle) => this.onCandle(candle));
    this.unsubscribe = bus.subscribe('QuoteTick', (quote) => {
      this.builder.advance(quote.occurredAt);
      if (quote.instrumentId === this.instrumentId) this.builder.onQuote(quote);
    });
  }

  /** Resolves once every signal sent so far has been through the pipeline. */
  async idle(): Promise<void> {
    await this.pending;
  }

  close(): void {
    this.unsubscribe();
  }

  private onCandle(candle: Candle): void {
    this.candles.push(candle);
    if (this.candles.length > 1000) this.candles.shift();
    const decision = this.strategy.onCandle(candle);
    if (decision === undefined) return;
    const wire = this.toSignal(candle, decision);
    // Signals of one strategy go through the pipeline one after another, in candle order.
    this.pending = this.pending
      .then(() => this.sink(wire))
      .catch((error: unknown) =>
        this.logger?.warn(
          { strategy: this.spec.id, err: error instanceof Error ? error.message : String(error) },
          'strategy signal refused',
        ),
      );
  }

  private toSignal(candle: Candle, decision: StrategyDecision): SignalWire {
    const distance = (value: StrategyDecision['stopDistance']) =>
      value === undefined || !value.isPositive()
        ? undefined
        : { distance: value.rescale(Math.min(value.scale, 10), 'up').toString() };
    const stopLoss = distance(decision.stopDistance);
    const takeProfit = distance(decision.takeProfitDistance);
    return {
      clientSignalId: `${this.spec.id}.${candle.closeTime}`,
      agentId: this.spec.id,
      instrumentId: this.instrumentId,
      intent: decision.intent,
      confidence: decision.confidence.toString(),
      entry: { type: 'market' },
      ...(stopLoss === undefined || decision.intent === 'flat' ? {} : { stopLoss }),
      ...(takeProfit === undefined || decision.intent === 'flat' ? {} : { takeProfit }),
      metadata: { strategy: this.strategy.kind, reason: decision.reason, candleClose: candle.closeTime },
    };
  }
}

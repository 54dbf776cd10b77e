import { Decimal, type SignalIntent, type Timestamp } from '../../core';
import {
  accept,
  drop,
  type PipelineStage,
  type StageContext,
  type StageResult,
  type TradePlan,
} from '../pipeline/stage';
import { checkSessions, inSession, type SessionWindow } from './sessions';

export interface QualityOptions {
  /** Signals below this confidence are dropped (0..1, as a string). */
  readonly minConfidence?: string;
  /** After a signal on an instrument is taken, others in the same direction wait this long. */
  readonly cooldownMs?: number;
  /** At most `count` signals per `periodMs`, all instruments together. */
  readonly maxSignals?: { readonly count: number; readonly periodMs: number };
  readonly sessions?: readonly SessionWindow[];
  /**
   * An opposite signal on the same instrument within `windowMs` of a taken one is a conflict:
   * `keep-first` drops the newcomer; `higher-confidence` takes it only when more confident.
   */
  readonly conflicts?: { readonly windowMs: number; readonly policy: 'keep-first' | 'higher-confidence' };
}

interface Taken {
  readonly at: Timestamp;
  readonly intent: SignalIntent;
  readonly confidence: Decimal;
  readonly agentId: string;
}

/** Stage 3, strategy analysis: is this signal worth acting on at all? */
export class QualityStage implements PipelineStage {
  readonly name = 'quality';
  private readonly minConfidence: Decimal;
  private readonly lastTaken = new Map<string, Taken>();
  private readonly recent: Timestamp[] = [];

  constructor(private readonly options: QualityOptions = {}) {
    this.minConfidence = Decimal.parse(options.minConfidence ?? '0');
    checkSessions(options.sessions ?? [], 'quality.sessions');
  }

  process(plan: TradePlan, context: StageContext): StageResult {
    const { signal } = plan;
    const now = context.clock.now();
    if (signal.confidence.lt(this.minConfidence))
      return drop(
        `confidence ${signal.confidence.toString()} is below the minimum ${this.minConfidence.toString()}`,
        {
          confidence: signal.confidence.toString(),
          minimum: this.minConfidence.toString(),
        },
      );
    if (!inSession(this.options.sessions ?? [], now)) return drop('outside the configured trading sessions');
    const cap = this.options.maxSignals;
    if (cap !== undefined) {
      while (this.recent.length > 0 && (this.recent[0] as number) <= now - cap.periodMs) this.recent.shift();
      if (this.recent.length >= cap.count)
        return drop(`more than ${cap.count} signals in ${cap.periodMs} ms`, {
          count: String(this.recent.length),
          limit: String(cap.count),
        });
    }
    const previous = this.lastTaken.get(signal.instrumentId);
    const opposite = previous !== undefined && previous.intent !== signal.intent;
    const conflicts = this.options.conflicts;
    if (
      previous !== undefined &&
      opposite &&
      conflicts !== undefined &&
      now - previous.at < conflicts.windowMs
    ) {
      const beats = conflicts.policy === 'higher-confidence' && signal.confidence.gt(previous.confidence);
      if (!beats)
        return drop(
          `conflicts with a ${previous.intent} signal from ${previous.agentId} ${now - previous.at} ms ago (${conflicts.policy})`,
          { previousIntent: previous.intent, previousConfidence: previous.confidence.toString() },
        );
    }
    const cooldown = this.options.cooldownMs ?? 0;
    if (previous !== undefined && !opposite && now - previous.at < cooldown)
      return drop(`instrument cooling down: ${cooldown - (now - previous.at)} ms left`, {
        cooldownMs: String(cooldown),
      });
    this.lastTaken.set(signal.instrumentId, {
      at: now,
      intent: signal.intent,
      confidence: signal.confidence,
      agentId: signal.agentId,
    });
    if (cap !== undefined) this.recent.push(now);
    return accept();
  }
}

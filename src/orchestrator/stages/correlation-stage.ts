import { AccountId, Decimal, InstrumentId, Quantity, type Instrument } from '../../core';
import type { MarketView } from '../pipeline/market-view';
import {
  change,
  drop,
  type PipelineStage,
  type StageContext,
  type StageResult,
  type TradeLeg,
  type TradePlan,
} from '../pipeline/stage';

export interface AccountParticipation {
  /** False: the account never takes signals from the pipeline. */
  readonly participate?: boolean;
  /** A share of the sized quantity for this account ("0.5" = half). */
  readonly scale?: string;
  /** When given, the only instruments the account takes signals on. */
  readonly instruments?: readonly string[];
}

export interface CorrelationOptions {
  readonly accounts?: Readonly<Record<string, AccountParticipation>>;
  /** How many accounts may hold the same side of one instrument at once. */
  readonly maxAccountsSameSide?: number;
  /** Total gross exposure per currency or asset across all accounts, in that currency's units. */
  readonly maxExposure?: Readonly<Record<string, string>>;
}

/**
 * Stage 2, the disagreement engine (seed 004's account correlation limits): fans a signal out to the
 * accounts that participate, then applies the cross-account caps. An account past a cap is removed from the
 * plan, and an exposure cap limits each remaining account to its share of the headroom; the reason is kept.
 */
export class CorrelationStage implements PipelineStage {
  readonly name = 'correlation';
  private readonly exposureCaps: readonly (readonly [string, Decimal])[];

  constructor(
    private readonly market: MarketView,
    private readonly options: CorrelationOptions = {},
  ) {
    this.exposureCaps = Object.entries(options.maxExposure ?? {}).map(([currency, cap]) => [
      currency,
      Decimal.parse(cap),
    ]);
    for (const [id, rule] of Object.entries(options.accounts ?? {})) {
      AccountId.parse(id);
      if (rule.scale !== undefined && !Decimal.parse(rule.scale).isPositive())
        throw new RangeError(`correlation.accounts.${id}.scale must be positive, found ${rule.scale}`);
    }
  }

  process(plan: TradePlan, context: StageContext): StageResult {
    const { signal } = plan;
    const venue = InstrumentId.venue(signal.instrumentId);
    const accounts = context.engine.accounts();
    const targets =
      signal.accounts ??
      accounts.filter((account) => account.venue === venue && account.enabled).map((a) => a.accountId);
    const removed: string[] = [];
    let legs: TradeLeg[] = [];
    for (const accountId of targets) {
      const view = accounts.find((account) => account.accountId === accountId);
      const rule = this.options.accounts?.[accountId];
      if (view === undefined) removed.push(`${accountId}: unknown account`);
      else if (view.venue !== venue) removed.push(`${accountId}: trades on ${view.venue}, not ${venue}`);
      else if (rule?.participate === false) removed.push(`${accountId}: does not participate`);
      else if (rule?.instruments !== undefined && !rule.instruments.includes(signal.instrumentId))
        removed.push(`${accountId}: not allowed on ${signal.instrumentId}`);
      else legs.push({ accountId, ...(rule?.scale === undefined ? {} : { scale: rule.scale }) });
    }
    if (signal.intent === 'flat') return this.result(plan, legs, removed);

    const side = signal.intent;
    const positions = context.engine.positions();
    const cap = this.options.maxAccountsSameSide;
    if (cap !== undefined) {
      const holders = new Set(
        positions
          .filter(
            (p) => p.instrumentId === signal.instrumentId && p.side === side && !p.signedQuantity.isZero(),
          )
          .map((p) => p.accountId),
      );
      const kept: TradeLeg[] = [];
      for (const leg of legs) {
        if (holders.has(leg.accountId) || holders.size < cap) {
          holders.add(leg.accountId);
          kept.push(leg);
        } else removed.push(`${leg.accountId}: ${cap} accounts already hold ${side} ${signal.instrumentId}`);
      }
      legs = kept;
    }

    const instrument = this.market.instrument(signal.instrumentId);
    if (instrument !== undefined && legs.length > 0) {
      for (const [currency, limit] of this.exposureCaps) {
        const unitsPerBase = this.unitsPerBase(instrument, currency);
        if (unitsPerBase === undefined) continue;
        let held = Decimal.ZERO;
        for (const position of positions) {
          const other = this.market.instrument(position.instrumentId);
          if (other === undefined) continue;
          const rate = this.unitsPerBase(other, currency, position.averagePrice);
          if (rate !== undefined) held = held.add(position.signedQuantity.abs().mul(rate));
        }
        const headroom = limit.sub(held);
        if (!headroom.isPositive()) {
          for (const leg of legs)
            removed.push(
              `${leg.accountId}: ${currency} exposure ${held.toString()} is at its cap ${limit.toString()}`,
            );
          legs = [];
          break;
        }
        const share = Quantity.of(
          headroom.div(
            unitsPerBase.mul(Decimal.fromInteger(legs.length)),
            instrument.sizeIncrement.scale,
            'down',
          ),
        );
        legs = legs.map((leg) => ({
          ...leg,
          maxQuantity: leg.maxQuantity === undefined ? share : Quantity.of(leg.maxQuantity.min(share)),
        }));
      }
    }
    return this.result(plan, legs, removed);
  }

  /** Units of `currency` one base unit of the instrument is exposed to; undefined when it is neither side. */
  private unitsPerBase(instrument: Instrument, currency: string, price?: Decimal): Decimal | undefined {
    if (instrument.baseCurrency === currency) return Decimal.ONE;
    if (instrument.quoteCurrency !== currency) return undefined;
    if (price !== undefined && price.isPositive()) return price;
    const quote = this.market.quote(instrument.id);
    return quote === undefined
      ? undefined
      : quote.bid.add(quote.ask).div(Decimal.fromInteger(2), 12, 'half-even');
  }

  private result(plan: TradePlan, legs: readonly TradeLeg[], removed: readonly string[]): StageResult {
    if (legs.length === 0)
      return drop(
        removed.length === 0 ? 'no account takes this signal' : `no account left: ${removed.join('; ')}`,
      );
    const details = Object.fromEntries(
      legs.map((leg) => [leg.accountId, leg.maxQuantity?.toString() ?? 'uncapped']),
    );
    if (removed.length === 0 && legs.every((leg) => leg.maxQuantity === undefined))
      return change({ ...plan, legs }, `fanned out to ${legs.length} account(s)`, details);
    if (removed.length === 0)
      return change({ ...plan, legs }, `fanned out to ${legs.length} account(s), exposure capped`, details);
    return change(
      { ...plan, legs },
      `fanned out to ${legs.length} account(s); removed ${removed.join('; ')}`,
      details,
    );
  }
}

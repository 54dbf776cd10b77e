import { Decimal, Price, Quantity, type Instrument, type SignalExit } from '../../core';
import type { AccountView, TradingEngine } from '../../engine/trading-engine';
import { sizeForRisk } from '../../engine/risk/sizing';
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

/** The tag prefix on every order the pipeline places: how its trades are told from manual ones. */
export const SIGNAL_TAG_PREFIX = 'signal:';

export interface SizingOptions {
  /** Share of equity lost at the stop; the seed's default is 2%. */
  readonly riskPerTrade?: string;
  /** Concurrent trades (instruments held or entering) per account; the seed's default is 3. */
  readonly maxConcurrentTrades?: number;
  /** A fixed size per instrument for signals that carry no stop-loss (risk cannot be measured without one). */
  readonly fixedQuantity?: Readonly<Record<string, string>>;
}

const TWO = Decimal.fromInteger(2);

/** Stage 4, parameter optimisation: how much each account trades, at the signal's stop distance. */
export class SizingStage implements PipelineStage {
  readonly name = 'sizing';
  private readonly riskFraction: Decimal;
  private readonly maxConcurrent: number;

  constructor(
    private readonly market: MarketView,
    private readonly options: SizingOptions = {},
  ) {
    this.riskFraction = Decimal.parse(options.riskPerTrade ?? '0.02');
    if (!this.riskFraction.isPositive() || this.riskFraction.gt(Decimal.ONE))
      throw new RangeError(`sizing.riskPerTrade must be in (0, 1], found ${options.riskPerTrade ?? ''}`);
    this.maxConcurrent = options.maxConcurrentTrades ?? 3;
  }

  process(plan: TradePlan, context: StageContext): StageResult {
    const { signal } = plan;
    if (signal.intent === 'flat')
      return { action: 'accept', reason: 'flat: closes what is held, nothing to size' };
    const instrument = this.market.instrument(signal.instrumentId);
    if (instrument === undefined) return drop(`no instrument ${signal.instrumentId} is known to the engine`);
    const side = signal.intent === 'long' ? 'buy' : 'sell';
    const entry =
      signal.entry.type === 'limit' ? signal.entry.price : this.market.touch(signal.instrumentId, side);
    if (entry === undefined)
      return drop(`no quote for ${signal.instrumentId} yet: a market entry cannot be sized`);
    const tick = instrument.priceIncrement;
    const stop = exitPrice(signal.stopLoss, entry, side === 'buy' ? -1 : 1, tick);
    const target = exitPrice(signal.takeProfit, entry, side === 'buy' ? 1 : -1, tick);
    if (stop !== undefined && !stop.isPositive())
      return drop(`the stop-loss distance puts the stop at ${stop.toString()}`);
    const accounts = context.engine.accounts();
    const legs: TradeLeg[] = [];
    const notes: string[] = [];
    for (const leg of plan.legs) {
      const account = accounts.find((a) => a.accountId === leg.accountId);
      if (account === undefined) {
        notes.push(`${leg.accountId}: unknown account`);
        continue;
      }
      const trades = concurrentTrades(context.engine, account, signal.instrumentId);
      if (trades >= this.maxConcurrent) {
        notes.push(`${leg.accountId}: ${trades} concurrent trades, the cap is ${this.maxConcurrent}`);
        continue;
      }
      const sized = this.size(instrument, account, entry, stop);
      if (typeof sized === 'string') {
        notes.push(`${leg.accountId}: ${sized}`);
        continue;
      }
      let quantity =
        leg.scale === undefined
          ? sized
          : Quantity.roundToLot(sized.mul(Decimal.parse(leg.scale)), instrument.sizeIncrement);
      if (leg.maxQuantity !== undefined && quantity.gt(leg.maxQuantity)) {
        notes.push(
          `${leg.accountId}: reduced from ${quantity.toString()} to the exposure cap ${leg.maxQuantity.toString()}`,
        );
        quantity = Quantity.roundToLot(leg.maxQuantity, instrument.sizeIncrement);
      }
      if (quantity.lt(instrument.minQuantity) || quantity.isZero()) {
        notes.push(
          `${leg.accountId}: size ${quantity.toString()} is below the instrument minimum ${instrument.minQuantity.toString()}`,
        );
        continue;
      }
      legs.push({
        ...leg,
        quantity,
        entryPrice: entry,
        ...(stop === undefined ? {} : { stopPrice: stop }),
        ...(target === undefined ? {} : { takeProfitPrice: target }),
      });
    }
    if (legs.length === 0) return drop(`nothing to trade: ${notes.join('; ')}`);
    const details = Object.fromEntries(legs.map((leg) => [leg.accountId, leg.quantity?.toString() ?? '']));
    const note = notes.length === 0 ? '' : `; ${notes.join('; ')}`;
    return change(
      { ...plan, legs },
      `sized ${legs.length} leg(s) at ${this.riskFraction.toString()} risk${note}`,
      details,
    );
  }

  private size(
    instrument: Instrument,
    account: AccountView,
    entry: Price,
    stop: Price | undefined,
  ): Quantity | string {
    if (stop === undefined) {
      const fixed = this.options.fixedQuantity?.[instrument.id];
      if (fixed === undefined) return 'no stop-loss to size at, and no fixed quantity for the instrument';
      return Quantity.roundToLot(Decimal.parse(fixed), instrument.sizeIncrement);
    }
    const rate = this.quoteToAccountRate(instrument, account.state.equity.currency);
    if (rate === undefined)
      return `no quote converts ${instrument.quoteCurrency} to the account currency ${account.state.equity.currency}`;
    return sizeForRisk({
      equity: account.state.equity.amount,
      riskFraction: this.riskFraction,
      entryPrice: entry,
      stopPrice: stop,
      instrument,
      quoteToAccountRate: rate,
    });
  }

  private quoteToAccountRate(instrument: Instrument, accountCurrency: string): Decimal | undefined {
    if (instrument.quoteCurrency === accountCurrency) return Decimal.ONE;
    if (instrument.baseCurrency === accountCurrency) {
      const quote = this.market.quote(instrument.id);
      return quote === undefined ? undefined : Decimal.ONE.div(mid(quote.bid, quote.ask), 12, 'half-even');
    }
    return undefined;
  }
}

function mid(bid: Decimal, ask: Decimal): Decimal {
  return bid.add(ask).div(TWO, Math.max(bid.scale, ask.scale) + 1, 'half-even');
}

/** A price from an exit given as a price or a distance from the entry (direction -1 below, +1 above). */
function exitPrice(
  exit: SignalExit | undefined,
  entry: Price,
  direction: -1 | 1,
  tick: Decimal,
): Price | undefined {
  if (exit === undefined) return undefined;
  if (exit.kind === 'price') return Price.roundToTick(exit.price, tick, 'half-even');
  const raw = direction < 0 ? entry.sub(exit.distance) : entry.add(exit.distance);
  // Rounded away from the entry: a stop is never tighter than the distance asked for.
  return Price.roundToTick(raw, tick, direction < 0 ? 'down' : 'up');
}

function concurrentTrades(engine: TradingEngine, account: AccountView, instrumentId: string): number {
  const busy = new Set<string>();
  for (const position of engine.positions(account.accountId))
    if (!position.signedQuantity.isZero()) busy.add(position.instrumentId);
  for (const view of engine.orders({ accountId: account.accountId, openOnly: true })) {
    const { request } = view.order;
    if (!request.reduceOnly && request.tag?.startsWith(SIGNAL_TAG_PREFIX) === true)
      busy.add(request.instrumentId);
  }
  // A signal on an instrument already held adds to (or turns) that trade rather than opening another.
  busy.delete(instrumentId);
  return busy.size;
}

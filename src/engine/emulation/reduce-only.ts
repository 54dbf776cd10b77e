import type { AccountId, InstrumentId, OrderAmendment, OrderFilled } from '../../core';
import { Decimal, Quantity } from '../../core';
import type { EngineContext } from '../context';
import { detach } from '../detach';
import type { OrderListener } from '../oms/order-book';
import type { OrderEntry } from '../oms/order-cache';

/** The verbs the shrinker uses (the engine's modifier and dispatcher). */
export interface ReduceOnlyActions {
  modify(entry: OrderEntry, amendment: OrderAmendment): Promise<void>;
  cancel(entry: OrderEntry, reason: string, code: string): Promise<void>;
}

/**
 * Reduce-only kept by the engine where the venue has none (spot): the check at submit is not enough, since the
 * position can shrink later (another fill, a close) while a reduce-only order rests for the old size. After
 * every fill on an instrument, the resting reduce-only orders on it are fitted to the position: the oldest keep
 * their size while the position covers them, the next is shrunk to what is left, the rest (and any on the side
 * that would grow the position) are canceled. Where the venue keeps reduce-only itself, it does this.
 */
export class ReduceOnlyKeeper implements OrderListener {
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();

  constructor(
    private readonly context: EngineContext,
    private readonly actions: ReduceOnlyActions,
  ) {}

  onFilled(entry: OrderEntry, _fill: OrderFilled): void {
    const { accountId, instrumentId } = entry.order.request;
    const key = `${accountId}|${instrumentId}`;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    this.running.add(key);
    const run = async (): Promise<void> => {
      try {
        do {
          this.again.delete(key);
          await this.fit(accountId, instrumentId);
        } while (this.again.has(key));
      } finally {
        this.running.delete(key);
      }
    };
    detach(run(), this.context.logger, `reduce-only fit of ${instrumentId}`);
  }

  private async fit(accountId: AccountId, instrumentId: InstrumentId): Promise<void> {
    const position = this.context.portfolio.netQuantity(accountId, instrumentId);
    const reducingSide = position.isPositive() ? 'sell' : position.isNegative() ? 'buy' : undefined;
    let room: Decimal = position.abs();
    const resting = this.context.cache
      .openFor({ accountId, instrumentId })
      .filter((entry) => entry.order.request.reduceOnly && this.engineKeeps(entry) && settled(entry));
    for (const entry of resting) {
      const order = entry.order;
      const leaves = order.leavesQuantity;
      if (order.request.side === reducingSide && leaves.lte(room)) {
        room = room.sub(leaves);
        continue;
      }
      if (order.request.side === reducingSide && room.isPositive()) {
        const quantity = Quantity.of(order.filledQuantity.add(room));
        room = Decimal.ZERO;
        await this.actions.modify(entry, { quantity }).catch((error: unknown) => {
          this.context.logger.warn({ err: error, clientOrderId: order.clientOrderId }, 'reduce-only shrink failed; canceling');
          return this.actions.cancel(entry, 'reduce-only: the position shrank below it', 'RISK_REDUCE_ONLY_WOULD_INCREASE');
        });
        continue;
      }
      await this.actions.cancel(entry, `reduce-only: the position is ${position.toString()}, nothing left to reduce`, 'RISK_REDUCE_ONLY_WOULD_INCREASE');
    }
  }

  private engineKeeps(entry: OrderEntry): boolean {
    return this.context.gateways.get(entry.venue)?.client.capabilities.reduceOnly === false;
  }
}

/** Working or held, with no change of its own under way: a pending modify or cancel settles it first. */
function settled(entry: OrderEntry): boolean {
  const status = entry.order.status;
  return entry.replacing === undefined && (status === 'accepted' || status === 'partially-filled' || status === 'initialized' || status === 'triggered');
}

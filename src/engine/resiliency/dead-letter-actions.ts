import { TmtError } from '../../core';
import type { EngineContext } from '../context';
import type { Dispatcher } from '../execution/dispatcher';
import type { DeadLetterQueue } from './dead-letter-queue';

/**
 * What an operator does with a dead letter: retry it (the same command, the same client id) or discard it
 * (recorded, and an order that never reached its venue ends rejected). Also marks, after a restart, the
 * orders whose commands wait in the queue, so that nothing else resends them. An order whose submit waits
 * there is held by the engine, not open at the venue: it counts toward no open-order limit until resent.
 */
export class DeadLetterActions {
  constructor(
    private readonly queue: DeadLetterQueue | undefined,
    private readonly context: EngineContext,
    private readonly dispatcher: Dispatcher,
  ) {}

  async retry(id: string, actor: string): Promise<void> {
    const queue = this.requireQueue();
    const letter = await queue.open(id);
    const entry = letter.clientOrderId === undefined ? undefined : this.context.cache.get(letter.clientOrderId);
    await queue.resolve(id, 'retried', actor);
    if (entry === undefined || entry.order.isTerminal()) return;
    await this.dispatcher.resendFromDeadLetter(entry, letter.commandType);
  }

  async discard(id: string, actor: string): Promise<void> {
    const queue = this.requireQueue();
    const letter = await queue.open(id);
    await queue.resolve(id, 'discarded', actor);
    const entry = letter.clientOrderId === undefined ? undefined : this.context.cache.get(letter.clientOrderId);
    if (entry === undefined) return;
    entry.deadLettered = false;
    if (letter.commandType === 'SubmitOrder' && entry.order.status === 'submitted') {
      const { book } = this.context;
      book.apply(
        entry,
        book.events.make(entry.order, 'OrderRejected', {
          code: 'VENUE_UNAVAILABLE',
          reason: `never delivered; discarded by ${actor}`,
        }),
      );
    }
  }

  /** After replay: orders whose commands wait in the queue are marked, so only an operator resends them. */
  async markQueuedOrders(): Promise<void> {
    if (this.queue === undefined) return;
    for (const letter of await this.queue.list()) {
      const entry = letter.clientOrderId === undefined ? undefined : this.context.cache.get(letter.clientOrderId);
      if (entry === undefined) continue;
      entry.deadLettered = true;
      // Replay counted the order as open: its submit never left, so it does not count until resent.
      if (letter.commandType === 'SubmitOrder' && !entry.order.isTerminal()) this.context.risk.onOrderClosed?.(entry.order);
    }
  }

  private requireQueue(): DeadLetterQueue {
    if (this.queue === undefined) throw new TmtError('OMS_INVALID_REQUEST', 'no dead-letter store is configured');
    return this.queue;
  }
}

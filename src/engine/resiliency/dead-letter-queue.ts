import type { Clock, DeadLetter, DeadLetterStore } from '../../core';
import { TmtError, encodeExact } from '../../core';

export interface DeadLetterCommand {
  readonly commandType: 'SubmitOrder' | 'CancelOrder';
  readonly accountId: string;
  readonly clientOrderId: string;
}

/**
 * Commands that could not be delivered, kept in the DeadLetterStore so they survive a restart. A retry
 * resends with the same client id (the venue de-duplicates on it); a discard is recorded, never deleted.
 */
export class DeadLetterQueue {
  private counter = 0;

  constructor(
    private readonly store: DeadLetterStore,
    private readonly clock: Clock,
    private readonly idPrefix: () => string,
  ) {}

  async add(command: DeadLetterCommand, error: unknown, attempts: number): Promise<DeadLetter> {
    const letter = {
      id: `dl-${this.idPrefix()}-${++this.counter}`,
      command: encodeExact(command),
      commandType: command.commandType,
      accountId: command.accountId,
      clientOrderId: command.clientOrderId,
      error:
        error instanceof Error
          ? `${(error as Partial<TmtError>).code ?? error.name}: ${error.message}`
          : String(error),
      attempts,
      createdAt: this.clock.now(),
    };
    await this.store.add(letter);
    return letter;
  }

  list(): Promise<readonly DeadLetter[]> {
    return this.store.list();
  }

  async open(id: string): Promise<DeadLetter> {
    const letter = await this.store.get(id);
    if (letter === undefined)
      throw new TmtError('OMS_UNKNOWN_ORDER', `no dead letter with id ${id}`, { field: 'id' });
    if (letter.resolution !== undefined) {
      throw new TmtError('OMS_INVALID_REQUEST', `dead letter ${id} was already ${letter.resolution.kind}`, {
        field: 'id',
      });
    }
    return letter;
  }

  resolve(id: string, kind: 'retried' | 'discarded', actor: string): Promise<void> {
    return this.store.resolve(id, { kind, actor, at: this.clock.now() });
  }
}

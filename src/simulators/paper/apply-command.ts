import { TmtError, type Timestamp } from '../../core';
import type { MatchingEngine, SyntheticSource } from '../matching';
import type { PaperCommand } from './commands';
import type { Applied, PinnableClock } from './support';

/** A command's outcome once the matching engine has processed it (see PaperVenue.settle). */
export type Settled = { wait(): Promise<Applied> };

export interface CommandTarget {
  readonly engine: MatchingEngine;
  readonly synthetic: SyntheticSource | undefined;
  readonly clock: PinnableClock;
  settle<T>(ticket: { arrivesAt: number; outcome: T | undefined; done: Promise<T> }, wrap: (outcome: T) => Applied): Settled;
}

/**
 * Applies one logged input to the matching engine at the time it was logged (the clock pinned there, so a
 * replay after a crash repeats it exactly).
 */
export function applyCommand(target: CommandTarget, command: PaperCommand, at: Timestamp): Settled {
  const { engine, synthetic, clock } = target;
  clock.pinned = at;
  try {
    // A skip first replays the market up to where it had run, then moves the synthetic walk past the pause
    // before the engine catches up (or the catch-up would replay the pause).
    if (command.kind === 'skip') {
      if (command.from !== undefined && command.from > engine.processedUntil()) {
        clock.pinned = command.from;
        engine.advanceTo(command.from);
        clock.pinned = at;
      }
      synthetic?.skipTo(at);
    }
    engine.advanceTo(at);
    switch (command.kind) {
      case 'submit':
        return target.settle(engine.submit(command.request), (outcome) => ({ kind: 'submit', outcome }));
      case 'cancel':
        return target.settle(engine.cancel(command.ref), (outcome) => ({ kind: 'cancel', outcome }));
      case 'modify':
        return target.settle(engine.modify(command.ref, command.amendment), (outcome) => ({ kind: 'modify', outcome }));
      case 'cancel-all':
        return target.settle(engine.cancelAll(command.accountId, command.instrumentId), (outcome) => ({ kind: 'cancel-all', outcome }));
      case 'move': {
        if (synthetic === undefined) throw new TmtError('VENUE_UNSUPPORTED', 'a replayed market cannot be moved', { field: 'dataFile' });
        synthetic.moveMid(command.instrumentId, command.mid, at);
        engine.advanceTo(at);
        return { wait: async () => ({ kind: 'move' }) };
      }
      case 'skip':
        return { wait: async () => ({ kind: 'move' }) };
    }
  } finally {
    clock.pinned = undefined;
  }
}

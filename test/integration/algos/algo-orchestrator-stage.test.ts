import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, Decimal, InstrumentId, ManualClock, Quantity, type Signal, type SignalId } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { AlgoEngine } from '../../../src/engine/algos';
import { AlgoExecutionStage, signalParentId } from '../../../src/orchestrator/stages/algo-execution-stage';
import type { PipelineStage } from '../../../src/orchestrator/pipeline/stage';
import { SystemClock } from '../../../src/shared/system-clock';
import { createPaperVenue } from '../../../src/simulators/paper';
import { openSqliteStore } from '../../../src/store';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { paperTruth } from '../paper/harness';

const ACCOUNT = AccountId.parse('paper-fx');
const EURUSD = InstrumentId.parse('EUR_USD.PAPER');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

const signal = (id: string, intent: Signal['intent']): Signal => ({
  signalId: id as SignalId,
  agentId: 'agent-1',
  instrumentId: EURUSD,
  intent,
  confidence: Decimal.parse('0.9'),
  entry: { type: 'market' },
  metadata: { algo: intent === 'long' ? 'twap' : 'none' },
  receivedAt: 0,
});

describe('the orchestrator execution stage choosing an algorithm', () => {
  it('a signal the choice takes becomes a TWAP parent (once, however often it is resent); others go to the fallback', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-algo-orch-'));
    const clock = new SystemClock();
    const paper = createPaperVenue({ clock, seed: 3 });
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({ clock, journal: store.journal, venues: [paper], ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000_000 } }) });
    await engine.start();
    const algoClock = new ManualClock(Date.now());
    const algos = new AlgoEngine({ engine, clock: algoClock, journal: store.journal, intervalMs: 3_600_000 });
    await algos.start();
    cleanups.push(async () => {
      await algos.stop();
      await engine.stop();
      await store.close();
      await paper.close();
      rmSync(directory, { recursive: true, force: true });
    });
    while (!engine.quotes().some((q) => q.instrumentId === EURUSD)) await new Promise((resolve) => setTimeout(resolve, 10));

    const fallbackPlans: string[] = [];
    const fallback: PipelineStage = { name: 'execution', process: async (plan) => (fallbackPlans.push(plan.signal.signalId), { action: 'accept' }) };
    const stage = new AlgoExecutionStage({
      algos,
      fallback,
      choose: (s) => (s.metadata['algo'] === 'twap' ? { kind: 'twap', startAt: algoClock.now(), endAt: algoClock.now() + 60_000, slices: 4, onEnd: 'leave' } : undefined),
    });
    const legs = [{ accountId: ACCOUNT, quantity: Quantity.parse('8000') }];
    const context = { engine, clock };
    const result = await stage.process({ signal: signal('s-1', 'long'), legs }, context);
    const parentId = signalParentId(signal('s-1', 'long'), 0);
    expect(result).toEqual({ action: 'accept', reason: `started 1 algo parent(s): ${parentId}` });
    expect(await stage.process({ signal: signal('s-1', 'long'), legs }, context)).toMatchObject({ action: 'accept' });
    expect(algos.views().length).toBe(1);
    const deadline = Date.now() + 20_000;
    while (algos.view(parentId)?.filledQuantity.toString() !== '2000' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect([algos.view(parentId)?.kind, algos.view(parentId)?.spec.side, algos.view(parentId)?.filledQuantity.toString()]).toEqual(['twap', 'buy', '2000']);
    expect(await stage.process({ signal: signal('s-2', 'short'), legs }, context)).toEqual({ action: 'accept' });
    expect(fallbackPlans).toEqual(['s-2']);
    await algos.cancel(parentId);
    await waitEngineMatchesVenue(engine, async () => paperTruth(paper, ACCOUNT), { accountId: ACCOUNT, positions: true });
  }, 60_000);
});

import { afterEach, describe, expect, it } from 'vitest';

import { isTmtError } from '../../../src/core';
import { createOrchestratorHarness, run, signal, until, type OrchestratorHarness } from './support/harness';

let harness: OrchestratorHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a signal through the pipeline into the engine', () => {
  it('a long signal with a stop distance is sized at 2% risk and filled; the trace shows every stage', async () => {
    harness = await createOrchestratorHarness();
    const { orchestrator, engine, clock } = harness;
    orchestrator.registry.register('trend-1', 'external');
    await run(clock, 1_000);
    expect(engine.quotes().length).toBeGreaterThan(0);
    const result = await orchestrator.submitSignal(signal({ clientSignalId: 'first' }), 'api', 'test');
    expect(result.existing).toBe(false);
    const stages = result.record.trace.map((entry) => `${entry.stage}:${entry.verdict}`);
    expect(stages).toEqual([
      'intake:accepted',
      'correlation:changed',
      'quality:accepted',
      'sizing:changed',
      'circuit-breakers:accepted',
      'execution:accepted',
    ]);
    expect(result.record.orders).toHaveLength(1);
    const order = engine.order(result.record.orders[0] as never);
    // 2% of 100,000 USD at a 0.005 stop distance: 400,000 units.
    expect(order?.order.request.quantity.toString()).toBe('400000');
    expect(order?.order.request.attached?.stopLoss).toBeDefined();
    await until(() => (orchestrator.signal('first')?.fills.length ?? 0) > 0, clock);
    expect(orchestrator.signal('first')?.outcome.state).toBe('open');
  });

  it('a duplicate signal id makes no second order; other content under the same id is refused', async () => {
    harness = await createOrchestratorHarness();
    const { orchestrator, engine, clock } = harness;
    orchestrator.registry.register('trend-1', 'external');
    await run(clock, 1_000);
    const body = signal({ clientSignalId: 'dup-1' });
    const first = await orchestrator.submitSignal(body, 'api', 'test');
    const again = await orchestrator.submitSignal(body, 'api', 'test');
    expect(again.existing).toBe(true);
    expect(again.record.orders).toEqual(first.record.orders);
    const entries = engine
      .orders({})
      .filter((o) => o.order.request.tag === 'signal:trend-1' && o.order.request.type === 'market');
    expect(entries.map((o) => o.order.clientOrderId)).toEqual(first.record.orders);
    const changed = await orchestrator
      .submitSignal({ ...body, confidence: '0.9' }, 'api', 'test')
      .catch((e: unknown) => e);
    expect(isTmtError(changed, 'ORCH_SIGNAL_DUPLICATE')).toBe(true);
  });

  it('a bad signal gets an error naming the field, and nothing is stored', async () => {
    harness = await createOrchestratorHarness();
    const { orchestrator } = harness;
    orchestrator.registry.register('trend-1', 'external');
    const error = await orchestrator
      .submitSignal(signal({ clientSignalId: 'bad', confidence: '1.5' }), 'api', 'test')
      .catch((e: unknown) => e);
    expect(isTmtError(error, 'ORCH_SIGNAL_INVALID')).toBe(true);
    expect((error as { field?: string }).field).toBe('confidence');
    expect(orchestrator.signal('bad')).toBeUndefined();
    expect(orchestrator.signals({})).toHaveLength(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core';
import { SystemClock } from '../../../src/shared/system-clock';
import { InProcessBus } from '../../../src/engine';
import { AgentRegistry } from '../../../src/orchestrator/agents/agent-registry';
import {
  ManagedAgents,
  restartDelay,
  type ManagedAgentSpec,
} from '../../../src/orchestrator/agents/managed-agents';
import { silentLogger } from '../../../src/shared/logger';
import { startApi, type RunningApi } from '../api/support/harness';

const restart = { initialDelayMs: 1_000, maxDelayMs: 8_000, maxRestarts: 3, windowMs: 600_000 };
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function waitFor(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('managed agents', () => {
  it('backoff doubles from the initial delay and is capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => restartDelay(restart, n))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('a crashing agent is restarted after its backoff on the clock, then given up on with an alert', async () => {
    const clock = new ManualClock();
    const bus = new InProcessBus();
    const alerts: string[] = [];
    bus.subscribe('AlertRaised', (alert) => alerts.push(alert.message));
    const registry = new AgentRegistry(clock);
    const spec: ManagedAgentSpec = {
      id: 'crasher',
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      env: {},
      restart,
      stopTimeoutMs: 2_000,
    };
    const managed = new ManagedAgents([spec], registry, clock, bus, silentLogger());
    cleanup = () => managed.stopAll();
    managed.startAll({});
    for (const [attempt, delay] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
    ] as const) {
      await waitFor(() => clock.pendingTimers() === 1, `restart ${attempt} to be scheduled`);
      expect(registry.get('crasher')?.health).toBe('stopped');
      clock.advance(delay - 1);
      expect(registry.get('crasher')?.restarts).toBe(attempt - 1);
      clock.advance(1);
      expect(registry.get('crasher')?.restarts).toBe(attempt);
    }
    await waitFor(() => alerts.length === 1, 'the give-up alert');
    expect(alerts[0]).toContain('not restarted');
    expect(clock.pendingTimers()).toBe(0);
  });

  describe('the example agent', () => {
    let api: RunningApi;
    it('started as a managed child, it registers over HTTP, heartbeats and is healthy; stop is graceful', async () => {
      api = await startApi();
      const orchestrator = api.app.orchestrator?.orchestrator;
      if (orchestrator === undefined) throw new Error('the orchestrator is wired by default');
      const spec: ManagedAgentSpec = {
        id: 'example-trend',
        command: process.execPath,
        args: ['--import', 'tsx', 'examples/trend-agent.ts'],
        env: { HEARTBEAT_MS: '100', TIMEFRAME_MS: '1000' },
        restart,
        stopTimeoutMs: 5_000,
      };
      const managed = new ManagedAgents(
        [spec],
        orchestrator.registry,
        new SystemClock(),
        api.engine.bus,
        silentLogger(),
      );
      managed.setToken('example-trend', api.tokens.trade);
      cleanup = async () => {
        await managed.stopAll();
        await api.close();
      };
      managed.startAll({ TMT_API_URL: api.url });
      expect(orchestrator.agent('example-trend')?.kind).toBe('managed');
      await waitFor(
        () => orchestrator.agent('example-trend')?.responseTimeMs !== undefined,
        'a heartbeat with a response time',
        60_000,
      );
      expect(orchestrator.agent('example-trend')).toMatchObject({
        health: 'healthy',
        kind: 'managed',
        restarts: 0,
      });
      await managed.stopAll();
      expect(orchestrator.agent('example-trend')?.health).toBe('stopped');
      expect(orchestrator.agent('example-trend')?.restarts).toBe(0);
    }, 90_000);
  });
});

import { afterEach, describe, expect, it } from 'vitest';

import { AccountId, isTmtError, ManualClock, Price, type AlertRaised } from '../../../src/core';
import { InProcessBus } from '../../../src/engine';
import type { TradingEngine } from '../../../src/engine/trading-engine';
import { AgentRegistry } from '../../../src/orchestrator/agents/agent-registry';
import { CircuitBreakers } from '../../../src/orchestrator/breakers/circuit-breakers';
import { createOrchestratorHarness, run, settle, signal, type OrchestratorHarness } from './support/harness';

let harness: OrchestratorHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The engine facade as the breakers read it: accounts with an equity the test sets. */
function equityEngine(equity: { value: string }): TradingEngine {
  return {
    accounts: () => [
      {
        accountId: AccountId.parse('acc-1'),
        state: { equity: { amount: Price.parse(equity.value), currency: 'USD' } },
      },
    ],
  } as unknown as TradingEngine;
}

describe('circuit breakers on a manual clock', () => {
  it('account daily loss opens at 6% with an alert and cools off at the next UTC day', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 6, 10, 0, 0));
    const bus = new InProcessBus();
    const alerts: AlertRaised[] = [];
    bus.subscribe('AlertRaised', (alert) => alerts.push(alert));
    const equity = { value: '100000' };
    const breakers = new CircuitBreakers(equityEngine(equity), clock, bus);
    expect(breakers.blockedGlobally()).toBeUndefined();
    expect(breakers.blockedAccount(AccountId.parse('acc-1'))).toBeUndefined();
    equity.value = '94001'; // 5.999%: below the limit
    breakers.blockedGlobally();
    expect(breakers.blockedAccount(AccountId.parse('acc-1'))).toBeUndefined();
    equity.value = '94000'; // exactly 6%
    breakers.blockedGlobally();
    expect(breakers.blockedAccount(AccountId.parse('acc-1'))).toContain('daily loss');
    expect(alerts.map((a) => a.details.breaker)).toEqual(['account:acc-1']);
    clock.set(Date.UTC(2026, 0, 6, 23, 59, 59));
    expect(breakers.blockedAccount(AccountId.parse('acc-1'))).toBeDefined();
    clock.set(Date.UTC(2026, 0, 7, 0, 0, 0));
    expect(breakers.blockedAccount(AccountId.parse('acc-1'))).toBeUndefined();
  });

  it('the system breaker opens at a 10% fall from peak and stays open until an operator resumes it', () => {
    const clock = new ManualClock();
    const bus = new InProcessBus();
    const equity = { value: '100000' };
    const breakers = new CircuitBreakers(equityEngine(equity), clock, bus, {
      account: { maxDailyLoss: '0.5' },
    });
    breakers.blockedGlobally();
    equity.value = '90000';
    expect(breakers.blockedGlobally()).toContain('fell 0.1');
    clock.advance(7 * 86_400_000);
    expect(breakers.blockedGlobally()).toBeDefined();
    expect(breakers.board.resume('system').state).toBe('closed');
    equity.value = '100000';
    expect(breakers.blockedGlobally()).toBeUndefined();
  });

  it('agent: five consecutive losses open it; a win in between resets the run; the cool-off closes it', () => {
    const clock = new ManualClock();
    const breakers = new CircuitBreakers(equityEngine({ value: '1' }), clock, new InProcessBus(), {
      agent: { coolOffMs: 60_000 },
    });
    const loss = Price.parse('-1');
    for (let i = 0; i < 4; i++) breakers.recordTrade('a', loss);
    breakers.recordTrade('a', Price.parse('2'));
    for (let i = 0; i < 4; i++) breakers.recordTrade('a', loss);
    expect(breakers.blockedAgent('a')).toBeUndefined();
    breakers.recordTrade('a', loss);
    expect(breakers.blockedAgent('a')).toContain('5 consecutive losses');
    clock.advance(59_999);
    expect(breakers.blockedAgent('a')).toBeDefined();
    clock.advance(1);
    expect(breakers.blockedAgent('a')).toBeUndefined();
  });

  it('time: outside the trading hours the time breaker is open; inside it closes by itself', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 6, 7, 59, 0));
    const breakers = new CircuitBreakers(equityEngine({ value: '1' }), clock, new InProcessBus(), {
      tradingHours: [{ start: '08:00', end: '20:00' }],
    });
    expect(breakers.blockedGlobally()).toBe('outside trading hours');
    clock.advance(60_000);
    expect(breakers.blockedGlobally()).toBeUndefined();
  });
});

describe('agent health', () => {
  it('an agent that misses its heartbeats is unhealthy and its signals are refused with ORCH_AGENT_UNHEALTHY', async () => {
    harness = await createOrchestratorHarness({
      agents: { heartbeatIntervalMs: 30_000, missedHeartbeats: 2 },
    });
    const { orchestrator, clock } = harness;
    orchestrator.registerAgent('trend-1', 'test');
    clock.advance(60_000);
    expect(orchestrator.agent('trend-1')?.health).toBe('healthy');
    clock.advance(1);
    expect(orchestrator.agent('trend-1')?.health).toBe('unhealthy');
    const refused = await orchestrator.submitSignal(signal(), 'api', 'test').catch((e: unknown) => e);
    expect(isTmtError(refused, 'ORCH_AGENT_UNHEALTHY')).toBe(true);
    orchestrator.heartbeat('trend-1', 12);
    expect(orchestrator.agent('trend-1')).toMatchObject({ health: 'healthy', responseTimeMs: 12 });
  });

  it('a managed agent registered at start is "starting" until its first heartbeat, unhealthy after the startup timeout', () => {
    const clock = new ManualClock();
    const registry = new AgentRegistry(clock, { startupTimeoutMs: 60_000 });
    registry.register('m-1', 'managed', false);
    expect(registry.get('m-1')?.health).toBe('starting');
    clock.advance(60_001);
    expect(registry.get('m-1')?.health).toBe('unhealthy');
    registry.heartbeat('m-1');
    expect(registry.get('m-1')?.health).toBe('healthy');
  });
});

describe('emergency stop', () => {
  it('during a burst of signals: intake closes, the kill switch fires, and no order is created after it', async () => {
    harness = await createOrchestratorHarness({ sizing: { maxConcurrentTrades: 1000 } });
    const { orchestrator, engine, clock, events } = harness;
    orchestrator.registerAgent('trend-1', 'test');
    await run(clock, 1_000);
    const instruments = ['EUR_USD.PAPER', 'GBP_USD.PAPER', 'AUD_USD.PAPER'];
    const burst = Array.from({ length: 60 }, (_, i) =>
      orchestrator
        .submitSignal(
          signal({ instrumentId: instruments[i % 3], intent: i % 2 === 0 ? 'long' : 'short' }),
          'api',
          'test',
        )
        .catch((error: unknown) => error),
    );
    await settle(3);
    const stop = await orchestrator.emergencyStop('operator');
    const mark = events.length;
    const results = await Promise.all(burst);
    await run(clock, 500);
    expect(stop.haltedInMs).toBeLessThan(100);
    expect(orchestrator.isIntakeOpen()).toBe(false);
    expect(engine.tradingState('global')).toBe('HALTED');
    const createdAfter = events
      .slice(mark)
      .filter((e) => e.type === 'OrderInitialized' || e.type === 'OrderSubmitted');
    expect(createdAfter).toEqual([]);
    expect(engine.orders({ openOnly: true })).toEqual([]);
    expect(results.length).toBe(60);
    const late = await orchestrator.submitSignal(signal(), 'api', 'test').catch((e: unknown) => e);
    expect(isTmtError(late, 'ORCH_INTAKE_STOPPED')).toBe(true);
  });
});

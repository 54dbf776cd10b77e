import { execFileSync } from 'node:child_process';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dashboardIsBuilt } from '../../../src/dashboard/assets';
import { launchChromium } from './browser';
import { ensureChromium, openDashboard, pickInstrument, screenshot, TEST_TIMEOUT, WAIT } from './fixture';
import { api, createToken, REPO_ROOT, startService, type RunningService } from './service';

const canRun = ensureChromium();

/** The orchestrator's view: agents with health and last signal, the signal feed by stage, the breakers. */
describe.skipIf(!canRun)('dashboard agents and signals view in Chromium', () => {
  let service: RunningService;
  let browser: Browser;

  beforeAll(async () => {
    if (!dashboardIsBuilt())
      execFileSync('npm', ['run', 'build:dashboard'], { cwd: REPO_ROOT, stdio: 'inherit' });
    service = await startService();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it(
    'shows a registered agent, its last signal with each stage decision, and the breakers; a reader gets no controls',
    async () => {
      const instrument = await pickInstrument(service);
      const registered = await api(service, service.adminToken, 'POST', '/api/v1/agents', {
        agentId: 'dash-agent',
      });
      expect(registered.status, JSON.stringify(registered.body)).toBeLessThan(300);
      const sent = await api<{ trace: { stage: string; verdict: string }[] }>(
        service,
        service.adminToken,
        'POST',
        '/api/v1/signals',
        {
          clientSignalId: 'dash-signal-1',
          agentId: 'dash-agent',
          instrumentId: instrument.id,
          intent: 'long',
          confidence: '0.7',
          entry: { type: 'market' },
          stopLoss: { distance: instrument.priceIncrement },
        },
      );
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);

      const reader = await openDashboard(browser, service, await createToken(service, 'read'));
      await reader.click('[data-testid=nav-agents]');
      await reader.waitForSelector(
        '[data-testid=agent][data-agent-id=dash-agent] [data-testid=agent-health]',
        WAIT,
      );
      await reader.waitForSelector(
        '[data-testid=agent][data-agent-id=dash-agent] [data-testid=agent-last-signal]:has-text("long")',
        WAIT,
      );
      const signal = reader.locator('[data-testid=signal][data-signal-id=dash-signal-1]');
      await signal.waitFor(WAIT);
      // Each stage the service traced is shown with its verdict, in order.
      const stages = await signal
        .locator('[data-testid=signal-stage]')
        .evaluateAll((items) =>
          items.map((item) => `${item.getAttribute('data-stage')}:${item.getAttribute('data-verdict')}`),
        );
      expect(stages).toEqual(sent.body.trace.map((step) => `${step.stage}:${step.verdict}`));
      const breakers = await api<{ breakers: { id: string; state: string }[] }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/breakers',
      );
      for (const b of breakers.body.breakers)
        await reader.waitForSelector(
          `[data-testid=breaker][data-breaker-id="${b.id}"] [data-testid=breaker-state]:has-text("${b.state}")`,
          WAIT,
        );
      expect(await reader.locator('[data-testid=signals-emergency-stop]').count()).toBe(0);
      expect(await reader.locator('[data-testid=agent-toggle]').count()).toBe(0);
      await screenshot(reader, 'agents');
      await reader.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'disables an agent and runs the emergency stop from the page with an admin token, then reopens intake',
    async () => {
      const page = await openDashboard(browser, service, service.adminToken);
      page.on('dialog', (dialog) => void dialog.accept());
      await page.click('[data-testid=nav-agents]');
      const row = '[data-testid=agent][data-agent-id=dash-agent]';
      await page.click(`${row} [data-testid=agent-toggle]`, WAIT);
      await page.waitForSelector(`${row} [data-testid=agent-toggle]:has-text("Enable")`, WAIT);
      const agents = await api<{ agents: { agentId: string; enabled: boolean }[] }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/agents',
      );
      expect(agents.body.agents.find((a) => a.agentId === 'dash-agent')?.enabled).toBe(false);

      await page.click('[data-testid=signals-emergency-stop]');
      await page.waitForSelector('[data-testid=signal-intake]:has-text("closed")', WAIT);
      await page.waitForSelector('[data-testid=trading-state]:has-text("HALTED")', WAIT);
      const closed = await api<{ intakeOpen: boolean }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/breakers',
      );
      expect(closed.body.intakeOpen).toBe(false);
      await page.click('[data-testid=signals-resume]');
      await page.waitForSelector('[data-testid=signal-intake]:has-text("open")', WAIT);
      const reopened = await api<{ intakeOpen: boolean }>(
        service,
        service.adminToken,
        'GET',
        '/api/v1/breakers',
      );
      expect(reopened.body.intakeOpen).toBe(true);
      await page.close();
    },
    TEST_TIMEOUT,
  );
});

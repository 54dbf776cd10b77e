import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/app/config/load';
import { ConfigError } from '../../../src/app/config/problems';
import { startService, type StartedService } from '../../../src/app/start-service';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Quantity } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';

const CONFIG = `accounts:
  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD]}
api: {port: 0}
paper:
  latency: {kind: fixed, ms: 0}
  fees: {fx: {maker: "0", taker: "0.0002"}}
  slippage: {levelSizeFactor: "0.000001"}
`;

/** The `paper:` section reaches the paper venue: fees on fills, and book depth (the source of slippage). */
describe('paper settings in tmt.yaml', () => {
  let service: StartedService;

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-paper-settings-'));
    writeFileSync(join(directory, 'tmt.yaml'), CONFIG);
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: {} },
      { logger: silentLogger(), processMetrics: false },
    );
    const deadline = Date.now() + 30_000;
    while (service.app.engine.quotes().length === 0 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 20));
  });
  afterAll(async () => service.app.close());

  it('charges the configured taker fee, and a thin book makes a market order walk several levels', async () => {
    const engine = service.app.engine;
    const clientOrderId = ClientOrderId.parse('paper-settings-1');
    // 1,000,000 units a level scaled by 0.000001: one unit a level, so five units take five levels.
    const outcome = await engine.submit(
      {
        clientOrderId,
        accountId: AccountId.parse('paper-fx'),
        instrumentId: InstrumentId.parse('EUR_USD.PAPER'),
        side: 'buy',
        type: 'market',
        quantity: Quantity.parse('5'),
        timeInForce: 'IOC',
        postOnly: false,
        reduceOnly: false,
      },
      'test',
    );
    expect(outcome.status).toBe('accepted');
    await expect
      .poll(
        () =>
          engine
            .fills({ clientOrderId })
            .reduce((sum, f) => sum.add(f.quantity), Decimal.ZERO)
            .toString(),
        { timeout: 30_000 },
      )
      .toBe('5');
    const fills = engine.fills({ clientOrderId });
    expect(new Set(fills.map((f) => f.price.toString())).size).toBeGreaterThan(1);
    for (const fill of fills) {
      const expected = fill.price.mul(fill.quantity).mul(Decimal.parse('0.0002'));
      expect(fill.commission.amount.abs().sub(expected.abs()).abs().lt(Decimal.parse('0.01'))).toBe(true);
      expect(fill.commission.amount.isZero()).toBe(false);
    }
  });

  it('refuses bad paper settings, naming the field', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-paper-bad-'));
    const path = join(directory, 'tmt.yaml');
    writeFileSync(
      path,
      'accounts:\n  - {id: p, venue: paper, environment: paper}\npaper:\n  fees: {fx: {maker: "0", taker: "0.5"}}\n  slippage: {levelSizeFactor: "0"}\n  latency: {kind: fixed}\n',
    );
    let fields: string[] = [];
    try {
      loadConfig({ path, env: {} });
    } catch (error) {
      if (error instanceof ConfigError) fields = error.problems.map((p) => p.field);
    }
    expect(fields).toEqual(
      expect.arrayContaining(['paper.fees.fx.taker', 'paper.slippage.levelSizeFactor', 'paper.latency.ms']),
    );
  });
});

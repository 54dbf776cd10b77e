import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';

import { tmt } from './support/tmt';

const LIMIT = ['order', 'submit', '-a', 'paper-fx', '-i', 'EUR_USD.PAPER', '-s', 'buy', '-t', 'limit'];

describe('tmt order submit: GTD expiry, display quantity and trailing offset', () => {
  let service: StartedService;
  let env: Record<string, string>;
  const future = new Date(Date.now() + 24 * 3600_000).toISOString();

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-cli-orders-'));
    writeFileSync(
      join(directory, 'tmt.yaml'),
      'accounts:\n  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD]}\napi: {port: 0}\n',
    );
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: {} },
      { logger: silentLogger(), processMetrics: false },
    );
    env = { TMT_URL: service.url, TMT_TOKEN: service.bootstrapAdminToken as string };
    // Limits and margin read the latest quote: wait for the paper feed's first price.
    const deadline = Date.now() + 30_000;
    while (service.app.engine.quotes().length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  });
  afterAll(async () => service.app.close());

  it('--expire-at sends a GTD order with its expiry (--tif GTD implied)', async () => {
    const result = await tmt(
      [...LIMIT, '-q', '1000', '-p', '0.90000', '--expire-at', future, '--id', 'cli-gtd', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const order = (JSON.parse(result.stdout) as { order: Record<string, unknown> }).order;
    expect(order).toMatchObject({ clientOrderId: 'cli-gtd', timeInForce: 'GTD' });
    // Timestamps leave the API as epoch milliseconds.
    expect(order.expireAt).toBe(Date.parse(future));
  });

  it('--display-quantity sends the visible part of the order', async () => {
    const result = await tmt(
      [...LIMIT, '-q', '1000', '-p', '0.90000', '--display-quantity', '100', '--id', 'cli-iceberg', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      order: { clientOrderId: 'cli-iceberg', displayQuantity: '100' },
    });
  });

  it('--trailing-offset sends a trailing stop with a price distance', async () => {
    const result = await tmt(
      [
        'order',
        'submit',
        '-a',
        'paper-fx',
        '-i',
        'EUR_USD.PAPER',
        '-s',
        'sell',
        '-t',
        'trailing-stop',
        '-q',
        '1000',
        '--trailing-offset',
        '0.00500',
        '--id',
        'cli-trail',
        '--json',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      order: { clientOrderId: 'cli-trail', trailingOffset: { kind: 'price', value: '0.00500' } },
    });
  });

  const refusals: [string, string[], string[]][] = [
    ['an expiry that is not ISO-8601', ['--expire-at', 'tomorrow'], ['--expire-at', 'ISO-8601']],
    ['an expiry without its offset', ['--expire-at', '2030-01-05T17:00:00'], ['--expire-at', 'offset']],
    ['an expiry in the past', ['--expire-at', '2020-01-05T17:00:00Z'], ['--expire-at', 'in the future']],
    ['an expiry with another time in force', ['--expire-at', future, '--tif', 'GTC'], ['--expire-at', 'GTD']],
    ['GTD without an expiry', ['--tif', 'GTD'], ['--tif GTD', '--expire-at']],
    ['a zero display quantity', ['--display-quantity', '0'], ['--display-quantity', 'positive decimal']],
    ['a display quantity as an exponent', ['--display-quantity', '1e2'], ['--display-quantity', 'positive']],
    [
      'a display quantity above the quantity',
      ['--display-quantity', '5000'],
      ['--display-quantity', 'must not exceed --quantity'],
    ],
    ['a negative trailing offset', ['--trailing-offset', '-0.001'], ['--trailing-offset', 'positive']],
    [
      'a trailing offset on a limit order',
      ['--trailing-offset', '0.00500'],
      ['--trailing-offset', 'trailing-stop or trailing-limit'],
    ],
    [
      'a limit offset on a limit order',
      ['--limit-offset', '0.00010'],
      ['--limit-offset', 'trailing-limit only'],
    ],
  ];

  for (const [name, extra, mentions] of refusals) {
    it(`refuses ${name}, naming the option and the rule, and sends nothing`, async () => {
      const before = service.app.engine.orders().length;
      const result = await tmt([...LIMIT, '-q', '1000', '-p', '0.90000', ...extra], env);
      expect(result.code).toBe(1);
      for (const text of mentions) expect(result.stderr).toContain(text);
      expect(service.app.engine.orders().length).toBe(before);
    });
  }

  const TRAILING_LIMIT = [
    'order',
    'submit',
    '-a',
    'paper-fx',
    '-i',
    'EUR_USD.PAPER',
    '-s',
    'sell',
    '-t',
    'trailing-limit',
    '-q',
    '1000',
  ];

  it('refuses a trailing limit without its limit offset, naming the option, and sends nothing', async () => {
    const before = service.app.engine.orders().length;
    const result = await tmt([...TRAILING_LIMIT, '--trailing-offset', '0.00500'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--limit-offset');
    expect(service.app.engine.orders().length).toBe(before);
  });

  it('--limit-offset and --outside-rth reach the API, which the paper venue refuses by field', async () => {
    // The API takes both fields (an unknown one would be refused by its own name); the paper venue offers
    // neither a trailing limit nor trading outside regular hours, so the engine denies naming what it lacks.
    const trailing = await tmt(
      [
        ...TRAILING_LIMIT,
        '--trailing-offset',
        '0.00500',
        '--limit-offset',
        '0.00010',
        '--id',
        'cli-trail-limit',
        '--json',
      ],
      env,
    );
    expect(trailing.code).toBe(1);
    const trailingBody = JSON.parse(trailing.stdout) as { field?: string; code?: string };
    expect(trailingBody.field, trailing.stdout).toBe('type');
    const outside = await tmt(
      [...LIMIT, '-q', '1000', '-p', '0.90000', '--outside-rth', '--id', 'cli-rth', '--json'],
      env,
    );
    expect(outside.code).toBe(1);
    expect(JSON.parse(outside.stdout)).toMatchObject({ status: 'denied', field: 'outsideRth' });
  });

  it('refuses a trailing stop without its offset, naming the option', async () => {
    const result = await tmt(
      [
        'order',
        'submit',
        '-a',
        'paper-fx',
        '-i',
        'EUR_USD.PAPER',
        '-s',
        'sell',
        '-t',
        'trailing-stop',
        '-q',
        '1',
      ],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--trailing-offset');
  });
});

import { spawn } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StartedService } from '../../../src/app/start-service';
import { Decimal } from '../../../src/core';
import { BIN, startCliService, tmt } from './support/tmt';

const ACCOUNT = ['-a', 'paper-fx'];
const EURUSD = ['-i', 'EUR_USD.PAPER'];

/** Each operator command of the CLI, run as the real binary against a running service on the paper venue. */
describe('tmt operator commands against a running service', () => {
  let service: StartedService;
  let env: Record<string, string>;
  let mid: number;

  beforeAll(async () => {
    ({ service, env } = await startCliService());
    const quote = service.app.engine.quotes()[0];
    // A price far from the market, for orders that must rest (test arithmetic only: the CLI sends text).
    mid = Number(quote?.bid.toString() ?? '1.1');
  });
  afterAll(async () => service.app.close());

  const restingPrice = () => (mid * 0.9).toFixed(5);

  async function restingOrder(id: string): Promise<void> {
    const placed = await tmt(
      [
        'order',
        'submit',
        ...ACCOUNT,
        ...EURUSD,
        '-s',
        'buy',
        '-q',
        '1000',
        '-t',
        'limit',
        '-p',
        restingPrice(),
        '--id',
        id,
      ],
      env,
    );
    expect(placed.code, placed.stderr).toBe(0);
  }

  it('validates options before sending and names the option', async () => {
    const before = service.app.engine.orders().length;
    const badQuantity = await tmt(['order', 'submit', ...ACCOUNT, ...EURUSD, '-s', 'buy', '-q', 'abc'], env);
    expect(badQuantity.code).toBe(1);
    expect(badQuantity.stderr).toContain('-q, --quantity');
    const noPrice = await tmt(
      ['order', 'submit', ...ACCOUNT, ...EURUSD, '-s', 'buy', '-q', '1000', '-t', 'limit'],
      env,
    );
    expect(noPrice.code).toBe(1);
    expect(noPrice.stderr).toContain('--price');
    expect(service.app.engine.orders().length).toBe(before);
  });

  it('says which URL was tried and how to set it when the service is down, and how to pass a token', async () => {
    const down = await tmt(['status'], { TMT_URL: 'http://127.0.0.1:9', TMT_TOKEN: 'x' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('http://127.0.0.1:9');
    expect(down.stderr).toContain('TMT_URL');
    const noToken = await tmt(['accounts'], { TMT_URL: env.TMT_URL ?? '', TMT_TOKEN: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('set TMT_TOKEN or pass --token');
  });

  it('order modify changes the price; order get shows it', async () => {
    await restingOrder('cli-modify-1');
    const price = (mid * 0.91).toFixed(5);
    const modified = await tmt(['order', 'modify', 'cli-modify-1', '-p', price, '--json'], env);
    expect(modified.code, modified.stderr).toBe(0);
    const order = JSON.parse((await tmt(['order', 'get', 'cli-modify-1', '--json'], env)).stdout) as {
      price: string;
      status: string;
    };
    expect(Decimal.parse(order.price).eq(Decimal.parse(price))).toBe(true);
    expect(order.status).toBe('accepted');
    const nothing = await tmt(['order', 'modify', 'cli-modify-1'], env);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('nothing to change');
  });

  it('order oco, oto and bracket submit their lists', async () => {
    const below = (mid * 0.9).toFixed(5);
    const above = (mid * 1.1).toFixed(5);
    const oco = await tmt(
      [
        'order',
        'oco',
        ...ACCOUNT,
        ...EURUSD,
        '-s',
        'buy',
        '-q',
        '1000',
        '--take-profit',
        below,
        '--stop-loss',
        above,
        '--id',
        'cli-oco',
        '--json',
      ],
      env,
    );
    expect(oco.code, oco.stderr).toBe(0);
    expect((JSON.parse(oco.stdout) as { orders: unknown[] }).orders).toHaveLength(2);
    const oto = await tmt(
      [
        'order',
        'oto',
        ...ACCOUNT,
        ...EURUSD,
        '-s',
        'buy',
        '-q',
        '1000',
        '-p',
        below,
        '--then-price',
        above,
        '--id',
        'cli-oto',
        '--json',
      ],
      env,
    );
    expect(oto.code, oto.stderr).toBe(0);
    expect((JSON.parse(oto.stdout) as { orders: unknown[] }).orders).toHaveLength(2);
    const bracket = await tmt(
      [
        'order',
        'bracket',
        ...ACCOUNT,
        ...EURUSD,
        '-s',
        'buy',
        '-q',
        '1000',
        '-p',
        below,
        '--stop-loss',
        (mid * 0.8).toFixed(5),
        '--take-profit',
        above,
        '--id',
        'cli-br',
        '--json',
      ],
      env,
    );
    expect(bracket.code, bracket.stderr).toBe(0);
    const orders = (JSON.parse(bracket.stdout) as { orders: { order: { clientOrderId: string } }[] }).orders;
    expect(orders.map((o) => o.order.clientOrderId)).toEqual(['cli-br-1', 'cli-br-2', 'cli-br-3']);
    const missing = await tmt(['order', 'oto', ...ACCOUNT, ...EURUSD, '-s', 'buy', '-q', '1000'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--then-price');
  });

  it('order list shows trigger prices, and prices at the instrument precision', async () => {
    const list = await tmt(['order', 'list', '--open'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('triggerPrice');
    // EUR_USD on the paper venue trades in steps of 0.00001: five decimals, never a long exact tail.
    const prices = list.stdout.match(/\b\d\.\d+\b/g) ?? [];
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) expect(price.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(5);
  });

  it('fills, prices and instruments', async () => {
    const filled = await tmt(
      ['order', 'submit', ...ACCOUNT, ...EURUSD, '-s', 'buy', '-q', '1000', '--id', 'cli-fill-1'],
      env,
    );
    expect(filled.code, filled.stderr).toBe(0);
    await expect
      .poll(
        async () =>
          (JSON.parse((await tmt(['fills', ...ACCOUNT, '--json'], env)).stdout) as { fills: unknown[] }).fills
            .length,
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    const fills = await tmt(['fills', ...ACCOUNT], env);
    expect(fills.stdout).toContain('EUR_USD.PAPER');
    const prices = await tmt(['prices', ...EURUSD, '--json'], env);
    const quotes = (JSON.parse(prices.stdout) as { prices: { instrumentId: string }[] }).prices;
    expect(quotes.map((p) => p.instrumentId)).toEqual(['EUR_USD.PAPER']);
    const instruments = await tmt(['instruments', '--venue', 'paper'], env);
    expect(instruments.code).toBe(0);
    expect(instruments.stdout).toContain('EUR_USD.PAPER');
  });

  it('risk state, limits get and set', async () => {
    const set = await tmt(['risk', 'limits', 'set', ...ACCOUNT, 'maxOpenOrders=40'], env);
    expect(set.code, set.stderr).toBe(0);
    const got = JSON.parse(
      (await tmt(['risk', 'limits', 'get', ...ACCOUNT, '--json'], env)).stdout,
    ) as Record<string, Record<string, unknown>>;
    expect(got['paper-fx']?.maxOpenOrders).toBe(40);
    const bad = await tmt(['risk', 'limits', 'set', 'maxOpenOrders'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('NAME=VALUE');
    const state = JSON.parse((await tmt(['risk', 'state', '--json'], env)).stdout) as {
      tradingState: { global: string };
    };
    expect(state.tradingState.global).toBe('ACTIVE');
  });

  it('accounts disable and enable', async () => {
    expect((await tmt(['accounts', 'disable', 'paper-fx'], env)).code).toBe(0);
    const disabled = JSON.parse((await tmt(['accounts', '--json'], env)).stdout) as {
      accounts: { accountId: string; enabled: boolean }[];
    };
    expect(disabled.accounts.find((a) => a.accountId === 'paper-fx')?.enabled).toBe(false);
    expect((await tmt(['accounts', 'enable', 'paper-fx'], env)).code).toBe(0);
    const enabled = JSON.parse((await tmt(['accounts', '--json'], env)).stdout) as {
      accounts: { accountId: string; enabled: boolean }[];
    };
    expect(enabled.accounts.find((a) => a.accountId === 'paper-fx')?.enabled).toBe(true);
  });

  it('reconcile reports the accounts; dead-letters list; audit list shows what the CLI did', async () => {
    const reconcile = await tmt(['reconcile', '--json'], env);
    const view = JSON.parse(reconcile.stdout) as { accounts: { accountId: string }[] };
    expect(view.accounts.map((a) => a.accountId)).toContain('paper-fx');
    const letters = await tmt(['dead-letters', 'list', '--json'], env);
    expect(letters.code, letters.stderr).toBe(0);
    expect(JSON.parse(letters.stdout)).toHaveProperty('deadLetters');
    const unknown = await tmt(['dead-letters', 'retry', 'no-such-letter'], env);
    expect(unknown.code).toBe(1);
    const audit = JSON.parse((await tmt(['audit', 'list', '--limit', '500', '--json'], env)).stdout) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['risk.limits.update']));
  });

  it('events lists by type, and --follow streams and resumes from a cursor', async () => {
    const events = await tmt(['events', '--types', 'OrderFilled', '--limit', '1000', '--json'], env);
    const lines = events.stdout
      .trim()
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as { cursor: number; event: { type: string } });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.event.type === 'OrderFilled')).toBe(true);
    const from = (lines[0]?.cursor ?? 1) - 1;
    // --follow from a cursor replays what came after it, then stays on the live stream.
    const child = spawn(
      process.execPath,
      [BIN, 'events', '--follow', '--types', 'OrderFilled', '--cursor', String(from), '--json'],
      { env: { ...process.env, ...env } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    try {
      await expect
        .poll(() => output.includes(`"cursor":${lines[0]?.cursor}`), { timeout: 30_000 })
        .toBe(true);
      expect(
        (
          await tmt(
            ['order', 'submit', ...ACCOUNT, ...EURUSD, '-s', 'sell', '-q', '1000', '--id', 'cli-follow-1'],
            env,
          )
        ).code,
      ).toBe(0);
      await expect
        .poll(() => output.split('\n').filter((l) => l.includes('OrderFilled')).length, { timeout: 30_000 })
        .toBeGreaterThan(lines.length);
    } finally {
      child.kill('SIGINT');
    }
  });

  it('stop and intake start; kill then resume', async () => {
    expect((await tmt(['stop'], env)).code).toBe(0);
    const refused = await tmt(['order', 'submit', ...ACCOUNT, ...EURUSD, '-s', 'buy', '-q', '1000'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr + refused.stdout).toContain('OMS_NOT_ACCEPTING');
    expect((await tmt(['intake', 'start'], env)).code).toBe(0);
    // `intake stop` itself, beside its `stop` alias: refused while stopped, taken again after start.
    expect((await tmt(['intake', 'stop'], env)).code).toBe(0);
    const stopped = JSON.parse((await tmt(['risk', 'state', '--json'], env)).stdout) as {
      acceptingIntents: boolean;
    };
    expect(stopped.acceptingIntents).toBe(false);
    const refusedAgain = await tmt(
      ['order', 'submit', ...ACCOUNT, ...EURUSD, '-s', 'buy', '-q', '1000'],
      env,
    );
    expect(refusedAgain.stderr + refusedAgain.stdout).toContain('OMS_NOT_ACCEPTING');
    expect((await tmt(['intake', 'start'], env)).code).toBe(0);
    expect((await tmt(['kill', '--yes'], env)).code).toBe(0);
    const halted = JSON.parse((await tmt(['risk', 'state', '--json'], env)).stdout) as {
      tradingState: { global: string };
    };
    expect(halted.tradingState.global).toBe('HALTED');
    const resumed = await tmt(['resume', '--reason', 'test over'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const active = JSON.parse((await tmt(['risk', 'state', '--json'], env)).stdout) as {
      tradingState: { global: string };
    };
    expect(active.tradingState.global).toBe('ACTIVE');
  });

  it('positions close takes its own --json and --token', async () => {
    const closed = await tmt(
      ['positions', 'close', 'paper-fx', 'EUR_USD.PAPER', '--json', '--token', env.TMT_TOKEN ?? ''],
      { TMT_URL: env.TMT_URL ?? '', TMT_TOKEN: '' },
    );
    expect(closed.stderr).not.toContain('set TMT_TOKEN');
    expect(() => JSON.parse(closed.stdout) as unknown).not.toThrow();
  });
});

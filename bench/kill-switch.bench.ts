import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  Price,
  Quantity,
  type Clock,
  type OrderRequest,
  type VenueClient,
} from '../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../src/engine';
import { silentLogger } from '../src/shared/logger';
import { SystemClock } from '../src/shared/system-clock';
import { startBinanceSimulator } from '../src/simulators/binance/server';
import { createOandaSimulator } from '../src/simulators/oanda';
import { createPaperVenue } from '../src/simulators/paper';
import { openSqliteStore } from '../src/store';
import { createBinanceVenue } from '../src/venues/binance';
import type { BinanceRequestLogEntry } from '../src/venues/binance/http/request-log';
import { createOandaVenue } from '../src/venues/oanda';
import type { Benchmark, BenchResult } from './harness';

/**
 * The kill switch, engine side (issue 15, item 8): the time from engage() to every open order canceled at the
 * venue, on the in-process paper venue, the Binance simulator (with the requests it took per symbol) and the
 * OANDA simulator (cancels per second at its rate limit). Each over real loopback where a wire is involved.
 */
interface Engine {
  readonly engine: ExecutionEngine;
  close(): Promise<void>;
}

async function engineOver(clock: Clock, venue: VenueClient): Promise<Engine> {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-bench-ks-'));
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'background' });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [venue],
    marketData: 'on-demand',
    ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 100_000_000 } }),
    timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000, requestTimeoutMs: 30_000 },
  });
  await engine.start();
  return {
    engine,
    close: async () => {
      await engine.stop();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function limit(id: string, accountId: AccountId, instrumentId: InstrumentId, price: string, quantity: string): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId,
    instrumentId,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse(quantity),
    price: Price.parse(price),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
  };
}

async function placeAll(engine: ExecutionEngine, requests: readonly OrderRequest[]): Promise<void> {
  // In slices: the setup is not what is measured, and a loaded machine must not time it out.
  const outcomes = [];
  for (let i = 0; i < requests.length; i += 25)
    outcomes.push(...(await Promise.all(requests.slice(i, i + 25).map((r) => engine.submit(r, 'bench')))));
  const refused = outcomes.filter((o) => o.order.status !== 'accepted');
  if (refused.length > 0) {
    const first = refused[0];
    const why = first?.status === 'denied' ? `${first.denial.code} ${first.denial.reason}` : first?.order.status;
    throw new Error(`${refused.length} setup orders not accepted, e.g. ${why ?? '?'}`);
  }
}

/** Wall time, and the process's CPU time over the same span (less distorted by a loaded machine). */
async function timedKill(
  engine: ExecutionEngine,
): Promise<{ ms: number; cpuMs: number; canceled: number; open: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await engine.killSwitch({ flatten: false, waitMs: 120_000 }, 'bench');
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  if (result.failures.length > 0) throw new Error(`kill switch failures: ${result.failures.slice(0, 3).join('; ')}`);
  return { ms, cpuMs, canceled: result.canceled, open: engine.orders({ openOnly: true }).length };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'kill-switch-paper',
    async run() {
      const results: number[] = [];
      const cpu: number[] = [];
      for (let round = 0; round < 3; round++) {
        const clock = new SystemClock();
        const paper = createPaperVenue({ clock, seed: 5 + round });
        const rig = await engineOver(clock, paper);
        const account = AccountId.parse('paper-fx');
        const eurusd = InstrumentId.parse('EUR_USD.PAPER');
        await placeAll(
          rig.engine,
          Array.from({ length: 500 }, (_, i) => limit(`p${round}-${i}`, account, eurusd, '0.90000', '1000')),
        );
        const kill = await timedKill(rig.engine);
        const left = (await paper.openOrders(account)).length;
        if (kill.canceled !== 500 || left !== 0) throw new Error(`paper: canceled ${kill.canceled}, ${left} left`);
        results.push(kill.ms);
        cpu.push(kill.cpuMs);
        await rig.close();
        await paper.close();
      }
      results.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      return [
        {
          benchmark: 'kill-switch-paper',
          metric: 'engage-to-all-canceled (median of 3)',
          value: Math.round((results[1] ?? Number.NaN) * 10) / 10,
          unit: 'ms',
          aim: '<= 50 ms for 500 open orders',
          notes: `500 open limit orders on one instrument, SQLite journal; runs ${results.map((r) => r.toFixed(1)).join(', ')} ms`,
        },
        {
          benchmark: 'kill-switch-paper',
          metric: 'process CPU time, engage-to-all-canceled (median of 3)',
          value: Math.round((cpu[1] ?? Number.NaN) * 10) / 10,
          unit: 'ms',
          notes: 'CPU time is what the kill switch costs; wall time above also holds waiting for a core on a loaded machine',
        },
      ];
    },
  },
  {
    name: 'kill-switch-binance',
    async run() {
      const clock = new SystemClock();
      const sim = await startBinanceSimulator({
        clock,
        seed: 9,
        // Room for the setup orders only; the cancels meet the venue's own weight limit.
        rateLimits: [
          { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100_000 },
        ],
      });
      const requests: BinanceRequestLogEntry[] = [];
      const venue = createBinanceVenue({
        clock,
        logger: silentLogger(),
        requestLog: (entry) => requests.push(entry),
        account: {
          accountId: 'binance-bench',
          venue: 'binance',
          environment: 'custom',
          baseUrl: sim.url,
          streamUrl: sim.streamUrl,
          wsApiUrl: sim.wsApiUrl,
          keyType: 'hmac',
          apiKey: sim.apiKey,
          apiSecret: sim.apiSecret,
        },
      });
      const rig = await engineOver(clock, venue.client);
      const account = AccountId.parse('binance-bench');
      const books = [
        { symbol: 'BTCUSDT', price: '50000.00', quantity: '0.00100' },
        { symbol: 'ETHUSDT', price: '2500.00', quantity: '0.0100' },
      ];
      await placeAll(
        rig.engine,
        books.flatMap((b) =>
          Array.from({ length: 100 }, (_, i) =>
            limit(`b-${b.symbol}-${i}`, account, InstrumentId.of(b.symbol, 'BINANCE'), b.price, b.quantity),
          ),
        ),
      );
      const before = requests.length;
      const kill = await timedKill(rig.engine);
      const cancels = requests.slice(before).filter((r) => r.method === 'DELETE');
      const perSymbol: Record<string, number> = {};
      for (const r of cancels) {
        const symbol = /symbol=([A-Z]+)/.exec(r.path)?.[1] ?? '?';
        perSymbol[symbol] = (perSymbol[symbol] ?? 0) + 1;
      }
      const left = sim.engine.openOrders(AccountId.parse('binance-sim')).length;
      await rig.close();
      await sim.close();
      const out: BenchResult[] = [
        {
          benchmark: 'kill-switch-binance',
          metric: 'engage-to-all-canceled',
          value: Math.round(kill.ms * 10) / 10,
          unit: 'ms',
          notes: `200 open orders on 2 symbols; ${kill.canceled} canceled, ${left} left at the simulator`,
        },
        {
          benchmark: 'kill-switch-binance',
          metric: 'cancel requests per symbol',
          value: Math.max(...Object.values(perSymbol)),
          unit: 'requests',
          aim: 'one request per symbol',
          notes: `DELETE requests by symbol: ${JSON.stringify(perSymbol)}`,
        },
      ];
      return out;
    },
  },
  {
    name: 'kill-switch-oanda',
    async run() {
      const out: BenchResult[] = [];
      // The adapter's default budget (100/s), then OANDA's published ceiling (120/s, 429 past it).
      for (const requestsPerSecond of [100, 120]) out.push(await oandaKill(requestsPerSecond));
      return out;
    },
  },
];

async function oandaKill(requestsPerSecond: number): Promise<BenchResult> {
  const sim = await createOandaSimulator({ prices: 'scripted' });
  const accountId = AccountId.parse(sim.accounts[2] ?? '');
  const client = createOandaVenue({
    config: { environment: 'simulator', baseUrl: sim.url, accountIds: [accountId], requestsPerSecond },
    token: sim.token,
    logger: silentLogger(),
  });
  const clock = new SystemClock();
  const rig = await engineOver(clock, client);
  const eurusd = InstrumentId.parse('EUR_USD.OANDA');
  const count = 300;
  await placeAll(
    rig.engine,
    Array.from({ length: count }, (_, i) => limit(`o-${i}`, accountId, eurusd, '0.90000', '1000')),
  );
  // The setup's requests have used the second's budget: start the cancels on a fresh one.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const kill = await timedKill(rig.engine);
  await rig.close();
  await sim.close();
  return {
    benchmark: 'kill-switch-oanda',
    metric: `cancels per second (adapter limit ${requestsPerSecond} requests/s)`,
    value: Math.round((kill.canceled / kill.ms) * 1000),
    unit: 'cancels/s',
    aim: '>= 100 cancels/s at the rate limit',
    notes: `${count} open orders canceled in ${kill.ms.toFixed(0)} ms, one request per cancel plus one open-orders sweep; simulator limit 120/s; ${kill.open} left open`,
  };
}

import { setTimeout as sleep } from 'node:timers/promises';

import { AccountId, InstrumentId, Price, Quantity } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createOandaSimulator, type OandaSimulator, type OandaSimulatorOptions } from '../../../src/simulators/oanda';
import { createOandaVenue, type OandaConfigInput, type VenueRequestLogEntry } from '../../../src/venues/oanda';
import type { VenueContractFixture } from '../../contract/venue-contract';
import { responseErrors, templateOf } from './schema';

export interface OandaPair {
  readonly sim: OandaSimulator;
  readonly client: ReturnType<typeof createOandaVenue>;
  readonly accountId: AccountId;
  readonly requests: VenueRequestLogEntry[];
  close(): Promise<void>;
}

/** A simulator on a free loopback port and the real adapter connected to it. */
export async function startPair(
  options: { sim?: OandaSimulatorOptions; config?: Partial<OandaConfigInput>; account?: number; connect?: boolean } = {},
): Promise<OandaPair> {
  // Every answer the simulator gives during a test is checked against the official schema when the pair closes.
  const replies: { method: string; path: string; status: number; body: Record<string, unknown> }[] = [];
  const sim = await createOandaSimulator({ prices: 'scripted', heartbeatMs: 500, onReply: (reply) => replies.push(reply), ...options.sim });
  const accountId = AccountId.parse(sim.accounts[options.account ?? 0] ?? '');
  const requests: VenueRequestLogEntry[] = [];
  const client = createOandaVenue({
    config: { environment: 'simulator', baseUrl: sim.url, accountIds: [accountId], streamSilenceMs: 2000, ...options.config },
    token: sim.token,
    logger: silentLogger(),
    requestLog: (entry) => requests.push(entry),
  });
  let streaming = false;
  const stop = client.onConnection((event) => {
    if (event.state === 'connected') streaming = true;
  });
  if (options.connect !== false) {
    await client.connect();
    // Faults injected by a test must meet the test's requests, not the stream's first connection.
    await eventually('the transaction stream', () => (streaming ? true : undefined));
  }
  stop();
  return {
    sim, client, accountId, requests,
    async close() {
      await client.disconnect();
      await sim.close();
      // 429 and 5xx (injected faults) are not in the schema at all; their bodies are checked by the fault tests.
      const errors = replies.filter((r) => r.status !== 429 && r.status < 500).flatMap((r) => responseErrors(r.method, templateOf(r.path), r.status, r.body).map((e) => `${r.method} ${r.path} ${r.status}: ${e}`));
      if (errors.length > 0) throw new Error(`simulator answers off the v20 schema:\n${errors.slice(0, 10).join('\n')}`);
    },
  };
}

export function contractFixture(pair: OandaPair): VenueContractFixture {
  const { sim } = pair;
  return {
    client: pair.client,
    accountId: pair.accountId,
    instrumentId: InstrumentId.parse('EUR_USD.OANDA'),
    quantity: Quantity.parse('1000'),
    market: {
      quote: async (instrumentId) => sim.market.quote(InstrumentId.symbol(instrumentId)),
      movePrice: async (instrumentId, mid) => {
        sim.market.movePrice(InstrumentId.symbol(instrumentId), Price.of(mid));
        await sleep(20);
      },
      advanceTime: async (ms) => {
        sim.market.advanceTime(ms);
        await sleep(10);
      },
    },
    now: () => sim.clock.now(),
    close: () => pair.close(),
  };
}

/** Polls until `probe` returns a value (never a fixed sleep for correctness; a loaded machine is slow). */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCoinbaseSimulator, type CoinbaseSimulator } from '../../../src/simulators/coinbase/server';
import { OffsetClock } from './harness';

/** Opens a socket; resolves with it, or with the HTTP status the upgrade was refused with. */
function open(url: string): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', reject);
  });
}

/** Sends one message and resolves with the first frame answered to it. */
function ask(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
    ws.send(JSON.stringify(message));
  });
}

describe('coinbase simulator: the published WebSocket rate limits (per IP: 8 connections and 8 unauthenticated messages a second)', () => {
  let sim: CoinbaseSimulator | undefined;
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await sim?.close();
    sim = undefined;
  });

  it('refuses the ninth connection within a second with HTTP 429, and takes one again a second later', async () => {
    const clock = new OffsetClock();
    sim = await startCoinbaseSimulator({ clock });
    for (let i = 0; i < 8; i++) {
      const ws = await open(sim.wsUrl);
      expect(typeof ws, `connection ${i + 1}`).toBe('object');
      sockets.push(ws as WebSocket);
    }
    expect(await open(sim.wsUrl)).toBe(429);
    expect(await open(sim.wsUserUrl), 'the limit is per IP, across both endpoints').toBe(429);
    clock.skip(1_001);
    const again = await open(sim.wsUrl);
    expect(typeof again).toBe('object');
    sockets.push(again as WebSocket);
  });

  it('answers the ninth unauthenticated message within a second with an error and applies nothing; a second later it is taken', async () => {
    const clock = new OffsetClock();
    sim = await startCoinbaseSimulator({ clock });
    const ws = (await open(sim.wsUrl)) as WebSocket;
    sockets.push(ws);
    const subscribe = (channel: string) => ({ type: 'subscribe', channel, product_ids: ['BTC-USD'] });
    for (let i = 0; i < 8; i++) {
      const answer = await ask(ws, i % 2 === 0 ? subscribe('ticker') : { type: 'unsubscribe', channel: 'ticker', product_ids: ['BTC-USD'] });
      expect(answer['channel'], `message ${i + 1}`).toBe('subscriptions');
    }
    expect(await ask(ws, subscribe('level2'))).toEqual({ type: 'error', message: 'rate limit exceeded' });
    clock.skip(1_001);
    const taken = await ask(ws, subscribe('market_trades'));
    expect(taken['channel']).toBe('subscriptions');
    // The refused level2 subscribe was never applied: only market_trades is held.
    expect(JSON.stringify(taken['events'])).toBe(JSON.stringify([{ subscriptions: { market_trades: ['BTC-USD'] } }]));
  });

  it('limits are options: a simulator started with higher limits takes more', async () => {
    const clock = new OffsetClock();
    sim = await startCoinbaseSimulator({ clock, wsLimits: { connectionsPerSecond: 10 } });
    for (let i = 0; i < 10; i++) {
      const ws = await open(sim.wsUrl);
      expect(typeof ws, `connection ${i + 1}`).toBe('object');
      sockets.push(ws as WebSocket);
    }
    expect(await open(sim.wsUrl)).toBe(429);
  });
});

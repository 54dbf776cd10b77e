import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import type { CancelTimer, Clock, Timestamp } from '../../../src/core';
import { startApi, validOrder, type RunningApi } from './support/harness';

/** Wall time plus an offset the test pushes forward: timers run for real, the date jumps a day at a time. */
class OffsetClock implements Clock {
  private offset = 0;
  now(): Timestamp {
    return Date.now() + this.offset;
  }
  monotonicNanos(): bigint {
    return process.hrtime.bigint() + BigInt(this.offset) * 1_000_000n;
  }
  setTimeout(delayMs: number, callback: () => void): CancelTimer {
    const handle = setTimeout(callback, delayMs);
    return () => clearTimeout(handle);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

interface Message {
  type?: string;
  cursor?: number;
  code?: string;
  event?: { type: string; clientOrderId?: string };
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Issue 15 item 6: fills stay resumable by cursor for the history retention, whatever the market data. */
describe('event history through the service', () => {
  let api: RunningApi;
  const clock = new OffsetClock();
  // The paper feed replays the market of every simulated minute it is pushed through (~30 events a second
  // of simulated time), so the jumps stay at minutes here; a whole day offline is covered at the EventLog
  // level (src/api/events/event-log.test.ts) with a manual clock.
  const MINUTE = 60_000;

  beforeAll(async () => {
    // A market-data buffer of 100 events. The paper feed catches up with the clock when it jumps: with a
    // tick a minute, a simulated day brings some 3,000 prices, which turn the buffer over many times.
    api = await startApi({ api: 'eventRetention: 100', app: { clock } });
  });
  afterAll(async () => api.close());

  const wsUrl = (query: string) => `${api.url.replace('http', 'ws')}/api/v1/stream?token=${api.tokens.read}&${query}`;

  function open(query: string) {
    const socket = new WebSocket(wsUrl(query));
    const messages: Message[] = [];
    let closeCode: number | undefined;
    socket.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString('utf8')) as Message));
    socket.on('close', (code) => {
      closeCode = code;
    });
    return { socket, messages, closeCode: () => closeCode };
  }

  async function buy(id: string): Promise<void> {
    const response = await api.client(api.tokens.trade).submitOrder(validOrder({ clientOrderId: id }));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }

  it('a client subscribed to fills resumes with nothing missing after a flood of market data turned the buffer over', async () => {
    const live = open('types=OrderFilled');
    await until('hello', () => live.messages.some((m) => m.type === 'hello'));
    await buy('history-0');
    await until('the first fill', () => live.messages.some((m) => m.event?.clientOrderId === 'history-0'));
    const cursor = live.messages.filter((m) => m.cursor !== undefined).at(-1)?.cursor ?? 0;
    live.socket.close();

    const offline = ['history-1', 'history-2', 'history-3', 'history-4'];
    await buy('history-1');
    await buy('history-2');
    clock.advance(5 * MINUTE);
    await until('the market-data buffer to turn over', () => api.server.events.oldest > cursor + 1);
    await buy('history-3');
    await buy('history-4');
    clock.advance(5 * MINUTE);
    const dayLater = api.server.events.head;
    await until('the prices of those minutes', () => api.server.events.head > dayLater + 1000);

    const resumed = open(`types=OrderFilled&cursor=${cursor}`);
    const fills = () => resumed.messages.filter((m) => m.event?.type === 'OrderFilled').map((m) => m.event?.clientOrderId);
    await until('the missed fills', () => offline.every((id) => fills().includes(id)));
    resumed.socket.close();
    expect(resumed.closeCode()).not.toBe(4410);
    expect([...new Set(fills())]).toEqual(offline);
    const cursors = resumed.messages.filter((m) => m.cursor !== undefined).map((m) => m.cursor ?? 0);
    expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);

    // The same over REST, and an unfiltered resume is refused: the market data of that day is gone.
    const rest = await api.client(api.tokens.read).raw('GET', `/api/v1/events?after=${cursor}&types=OrderFilled&limit=1000`);
    expect(rest.status).toBe(200);
    const restIds = (rest.body as { events: Message[] }).events.map((e) => e.event?.clientOrderId);
    expect([...new Set(restIds)]).toEqual(offline);
    const everything = open(`cursor=${cursor}`);
    await until('the expiry close', () => everything.closeCode() !== undefined);
    expect(everything.closeCode()).toBe(4410);

  });
});

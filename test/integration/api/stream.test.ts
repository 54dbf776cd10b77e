import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { startApi, validOrder, type RunningApi } from './support/harness';

/** The order lifecycle events; the paper feed's prices, positions and accounts stream in between. */
const ORDER_TYPES = 'OrderInitialized,OrderSubmitted,OrderAccepted,OrderFilled';
const isOrderEvent = (type: string) => ORDER_TYPES.split(',').includes(type);

interface Message {
  type?: string;
  cursor?: number;
  code?: string;
  event?: { type: string; clientOrderId?: string };
}

/** Opens the stream and collects messages until `until` says stop. */
function collect(
  url: string,
  until: (messages: Message[]) => boolean,
): Promise<{ messages: Message[]; closeCode: number | undefined; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const messages: Message[] = [];
    let closeCode: number | undefined;
    const finish = () => resolve({ messages, closeCode, socket });
    socket.on('message', (data) => {
      messages.push(JSON.parse((data as Buffer).toString('utf8')) as Message);
      if (until(messages)) finish();
    });
    socket.on('close', (code) => {
      closeCode = code;
      finish();
    });
    socket.on('error', reject);
  });
}

describe('live event stream with cursors', () => {
  let api: RunningApi;
  const wsUrl = (query: string) => `${api.url.replace('http', 'ws')}/api/v1/stream?${query}`;

  beforeAll(async () => {
    // Market data keeps a short buffer (100 events: several seconds of the feed, enough for a reconnect
    // on a loaded machine); order events stay in the history whatever the feed does.
    api = await startApi({ api: 'eventRetention: 100' });
  });
  afterAll(async () => api.close());

  it('closes an open stream with 4401 once its token is revoked', async () => {
    const admin = api.client(api.tokens.admin);
    const created = await admin.createToken('stream-then-revoked', 'read');
    const socket = new WebSocket(wsUrl(`token=${created.token}`));
    const messages: Message[] = [];
    const hello = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse((data as Buffer).toString('utf8')) as Message;
        messages.push(message);
        if (message.type === 'hello') resolve();
      }),
    );
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await hello;
    await admin.revokeToken(created.id);
    await api.client(api.tokens.trade).submitOrder(validOrder({ clientOrderId: 'after-revoke-1' }));
    expect(await closed).toBe(4401);
    expect(messages.at(-1)?.code).toBe('API_UNAUTHENTICATED');
    expect(messages.some((m) => m.event?.clientOrderId === 'after-revoke-1')).toBe(false);
  });

  it('a client that reconnects with its cursor receives exactly the missed events, in order', async () => {
    const trade = api.client(api.tokens.trade);
    const start = api.server.events.head;
    await trade.submitOrder(validOrder({ clientOrderId: 'before-1' }));
    const first = await collect(wsUrl(`token=${api.tokens.read}&cursor=${start}`), (m) =>
      m.some((x) => x.event?.clientOrderId === 'before-1' && x.event.type === 'OrderFilled'),
    );
    const lastSeen = first.messages.filter((m) => m.cursor !== undefined).at(-1)?.cursor ?? 0;
    first.socket.close();

    // Missed while disconnected: two orders, each initialized, submitted, accepted, filled. Prices keep
    // streaming too, so the reconnect asks for the order events only (cursors stay global).
    await trade.submitOrder(validOrder({ clientOrderId: 'missed-1' }));
    await trade.submitOrder(validOrder({ clientOrderId: 'missed-2' }));
    const missed = api.server.events
      .after(lastSeen)
      .filter((e) => isOrderEvent(e.event.type))
      .map((e) => e.cursor);
    expect(missed.length).toBe(8);

    const second = await collect(
      wsUrl(`token=${api.tokens.read}&cursor=${lastSeen}&types=${ORDER_TYPES}`),
      (m) => m.filter((x) => x.cursor !== undefined).length >= missed.length,
    );
    second.socket.close();
    const replayed = second.messages.filter((m) => m.cursor !== undefined);
    expect(replayed.map((m) => m.cursor)).toEqual(missed);
    expect(replayed.map((m) => m.event?.type)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderFilled',
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderFilled',
    ]);
  });

  it('without a cursor starts at the head and delivers live events', async () => {
    const socket = new WebSocket(wsUrl(`token=${api.tokens.read}&types=${ORDER_TYPES}`));
    const messages: Message[] = [];
    const filled = new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        const message = JSON.parse((data as Buffer).toString('utf8')) as Message;
        messages.push(message);
        if (message.type === 'hello')
          void api.client(api.tokens.trade).submitOrder(validOrder({ clientOrderId: 'live-1' }));
        if (message.event?.clientOrderId === 'live-1' && message.event.type === 'OrderFilled') resolve();
      });
    });
    await filled;
    socket.close();
    expect(messages[0]?.type).toBe('hello');
    expect(messages.slice(1).every((m) => m.event?.clientOrderId === 'live-1')).toBe(true);
  });

  it('a cursor older than retention gets API_CURSOR_EXPIRED and close code 4410', async () => {
    // The paper feed's prices turn the market-data buffer (100 events) over on their own: wait for that
    // (a bounded condition), rather than flooding with orders, which would spend the next test's submit rate.
    await expect.poll(() => api.server.events.oldest, { timeout: 50_000, interval: 50 }).toBeGreaterThan(2);
    const result = await collect(wsUrl(`token=${api.tokens.read}&cursor=1`), () => false);
    expect(result.messages[0]?.code).toBe('API_CURSOR_EXPIRED');
    expect(result.closeCode).toBe(4410);
    const rest = await api.client(api.tokens.read).raw('GET', '/api/v1/events?after=1');
    expect(rest.status).toBe(410);
  }, 60_000);

  it('filters by event type while keeping global cursors', async () => {
    const from = api.server.events.head;
    const trade = api.client(api.tokens.trade);
    const submitted = await trade.submitOrder(validOrder({ clientOrderId: 'filtered-1' }));
    expect(submitted.status).toBe(201);
    await expect.poll(async () => (await trade.order('filtered-1')).status, { timeout: 20_000 }).toBe('filled');
    const filledAt = api.server.events
      .after(from)
      .find((e) => e.event.type === 'OrderFilled' && e.event.clientOrderId === 'filtered-1')?.cursor;
    const result = await collect(wsUrl(`token=${api.tokens.read}&cursor=${from}&types=OrderFilled`), (m) =>
      m.some((x) => x.event?.type === 'OrderFilled'),
    );
    result.socket.close();
    const events = result.messages.filter((m) => m.cursor !== undefined);
    expect(events.map((m) => m.event?.type)).toEqual(['OrderFilled']);
    expect(events[0]?.cursor).toBe(filledAt);
  });

  it('refuses a connection without a valid token (4401)', async () => {
    const result = await collect(wsUrl('cursor=0'), () => false);
    expect(result.messages[0]?.code).toBe('API_UNAUTHENTICATED');
    expect(result.closeCode).toBe(4401);
  });
});

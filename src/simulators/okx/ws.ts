import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { verifyLogin, type SimApiKey } from './auth';
import type { PublicPush } from './books';
import type { SimState } from './state';

type Kind = 'public' | 'private' | 'business';

const PUBLIC_CHANNELS = new Set(['books', 'books5', 'bbo-tbt', 'trades', 'tickers']);
const PRIVATE_CHANNELS = new Set(['orders', 'account', 'balance_and_position']);
const BUSINESS_CHANNELS = new Set(['orders-algo', 'algo-advance']);

interface Arg {
  readonly channel: string;
  readonly instId?: string;
  readonly instType?: string;
  readonly ccy?: string;
}

/**
 * /ws/v5/public, /ws/v5/private and /ws/v5/business: `subscribe`/`unsubscribe`, `login` (private, business),
 * text `ping` answered `pong`, and on the private socket `op: order`, `cancel-order`, `amend-order`.
 */
export function serveWs(ws: WebSocket, kind: Kind, state: SimState): void {
  const connId = randomBytes(4).toString('hex');
  const subscriptions = new Map<string, Arg>();
  let user: SimApiKey | undefined;
  const send = (message: unknown): void => {
    if (ws.readyState === ws.OPEN && !state.faults.silent) ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  };
  const keyOf = (arg: Arg): string => `${arg.channel}|${arg.instId ?? arg.instType ?? ''}`;
  const stops: (() => void)[] = [];
  if (kind === 'public') {
    stops.push(state.feed.onPush((push: PublicPush) => {
      if (subscriptions.has(`${push.arg.channel}|${push.arg.instId}`)) send(push);
    }));
  } else if (kind === 'private') {
    stops.push(state.exchange.onPrivate((channel, data) => {
      if (user === undefined) return;
      for (const arg of subscriptions.values()) {
        if (arg.channel !== channel) continue;
        if (channel === 'orders' && arg.instId !== undefined && arg.instId !== data.instId) continue;
        send({ arg: { ...arg, uid: '44705892343619584' }, data: [data] });
      }
    }));
  }
  if (kind === 'business') {
    stops.push(state.algos.onAlgo((row) => {
      if (user === undefined) return;
      for (const arg of subscriptions.values()) {
        if (arg.channel === 'orders-algo' && (arg.instId === undefined || arg.instId === row.instId)) send({ arg: { ...arg, uid: '44705892343619584' }, data: [row] });
      }
    }));
  }
  ws.on('close', () => {
    for (const stop of stops) stop();
  });
  ws.on('message', (raw: Buffer) => {
    const text = raw.toString('utf8');
    if (text === 'ping') {
      send('pong');
      return;
    }
    let message: { id?: unknown; op?: unknown; args?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      send({ event: 'error', code: '60012', msg: `Invalid request: ${text}`, connId });
      return;
    }
    const args = Array.isArray(message.args) ? (message.args as Record<string, unknown>[]) : [];
    switch (message.op) {
      case 'login': {
        if (kind === 'public') {
          send({ event: 'error', code: '60012', msg: `Invalid request: ${text}`, connId });
          return;
        }
        const verdict = verifyLogin(args[0] ?? {}, state.keys, state.now());
        if ('code' in verdict) {
          send({ event: 'error', code: verdict.code, msg: verdict.msg, connId });
          return;
        }
        user = verdict;
        send({ event: 'login', code: '0', msg: '', connId });
        return;
      }
      case 'subscribe':
      case 'unsubscribe': {
        for (const raw of args) {
          const arg = raw as unknown as Arg;
          const allowed = kind === 'public' ? PUBLIC_CHANNELS : kind === 'private' ? PRIVATE_CHANNELS : BUSINESS_CHANNELS;
          if (typeof arg.channel !== 'string' || !allowed.has(arg.channel)) {
            send({ event: 'error', code: '60018', msg: `Wrong URL or channel:${String(arg.channel)},instId:${arg.instId ?? ''} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`, connId });
            continue;
          }
          if (kind === 'public' && (arg.instId === undefined || !state.exchange.instruments.has(arg.instId))) {
            send({ event: 'error', code: '60018', msg: `Wrong URL or channel:${arg.channel},instId:${arg.instId ?? ''} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`, connId });
            continue;
          }
          if (kind !== 'public' && user === undefined) {
            send({ event: 'error', code: '60011', msg: 'Please log in', connId });
            continue;
          }
          if (message.op === 'unsubscribe') {
            subscriptions.delete(keyOf(arg));
            send({ event: 'unsubscribe', arg, connId });
            continue;
          }
          subscriptions.set(keyOf(arg), arg);
          send({ event: 'subscribe', arg, connId });
          if (arg.channel === 'books' && arg.instId !== undefined) send({ arg: { channel: 'books', instId: arg.instId }, action: 'snapshot', data: [state.feed.snapshot(arg.instId)] });
          if (arg.channel === 'account') send({ arg: { channel: 'account', uid: '44705892343619584' }, data: [state.exchange.balance(arg.ccy)] });
        }
        return;
      }
      case 'order':
      case 'batch-orders':
      case 'cancel-order':
      case 'amend-order':
        void operate(message.op, message.id, args, kind, user, state, send);
        return;
      default:
        send({ event: 'error', code: '60012', msg: `Invalid request: ${text}`, connId });
    }
  });
}

/** Order operations over the private WebSocket (docs-v5 "WS / Place order"): the REST answer shape with `id` and `op`. */
async function operate(op: string, id: unknown, args: Record<string, unknown>[], kind: Kind, user: SimApiKey | undefined, state: SimState, send: (message: unknown) => void): Promise<void> {
  const reply = (code: string, msg: string, data: unknown[]): void => send({ id, op, code, msg, data, inTime: `${state.now()}000`, outTime: `${state.now()}000` });
  if (kind !== 'private') return reply('60012', 'Invalid request', []);
  if (user === undefined) return reply('60011', 'Please log in', []);
  if (args.length === 0) return reply('60013', 'Invalid args', []);
  const acks = [];
  for (const arg of args) {
    if (op === 'order' || op === 'batch-orders') {
      const placed = await state.place(arg);
      if (placed === 'lost' || placed === 'unavailable') return; // a lost answer: nothing comes back
      acks.push(placed);
    } else if (op === 'cancel-order') acks.push(await state.exchange.cancelOrder(arg));
    else acks.push(await state.exchange.amendOrder(arg));
  }
  const failures = acks.filter((a) => a.sCode !== '0').length;
  const code = failures === 0 ? '0' : failures === acks.length ? '1' : '2';
  reply(code, code === '0' ? '' : code === '1' ? 'All operations failed' : 'Batch operation partially succeeded', acks);
}

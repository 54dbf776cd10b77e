import type WebSocket from 'ws';
import { checkTiming, INVALID_KEY, INVALID_SIGNATURE, verifySignature, wsSignaturePayload, type SimApiKey, type WireError } from './auth';
import type { Answer } from './exchange';
import type { SimState } from './state';

interface Request {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: Record<string, unknown>;
}

/** Weights of the WebSocket API methods served (web-socket-api.md). */
const WEIGHTS: Readonly<Record<string, number>> = {
  ping: 1,
  time: 1,
  'session.logon': 2,
  'session.status': 2,
  'session.logout': 2,
  'userDataStream.subscribe': 2,
  'userDataStream.subscribe.signature': 2,
  'userDataStream.unsubscribe': 2,
  'order.place': 1,
  'order.cancel': 1,
  'order.status': 4,
  'openOrders.status': 6,
  'openOrders.cancelAll': 1,
  'account.status': 20,
};

/**
 * One WebSocket API connection (`/ws-api/v3`): session.logon (Ed25519 only, as Binance requires), user data
 * subscriptions by session or by signature, order.place / order.cancel / order.status, ping. Events of a
 * subscription arrive as `{"subscriptionId": n, "event": {...}}`.
 */
export function serveWsApi(socket: WebSocket, state: SimState): void {
  let sessionKey: SimApiKey | undefined;
  const subscriptions = new Map<number, () => void>();
  let nextSubscription = 0;
  const connectedSince = state.now();
  state.wsApiConnections.add(socket);

  const reply = (id: unknown, answer: Answer | WireError): void => {
    const rateLimits = state.limits.counts(state.now());
    const body =
      'code' in answer
        ? { id, status: answer.status, error: { code: answer.code, msg: answer.msg }, rateLimits }
        : { id, status: answer.status, result: answer.body, rateLimits };
    socket.send(JSON.stringify(body));
  };

  /** A signed request: apiKey + signature in params, or an authenticated session. */
  const authenticate = (params: Record<string, unknown>): SimApiKey | WireError => {
    if (params.signature === undefined && sessionKey !== undefined) return sessionKey;
    const apiKey = params.apiKey;
    if (typeof apiKey !== 'string') return { status: 400, code: -1102, msg: "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed." };
    const key = state.keys.get(apiKey);
    if (key === undefined) return INVALID_KEY;
    const timing = checkTiming(text(params.timestamp), text(params.recvWindow), state.now());
    if (timing !== undefined) return timing;
    if (typeof params.signature !== 'string' || !verifySignature(key, wsSignaturePayload(params), params.signature)) return INVALID_SIGNATURE;
    return key;
  };

  const subscribe = (): Answer => {
    const subscriptionId = nextSubscription++;
    const stop = state.exchange.onUserEvent((event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ subscriptionId, event }));
    });
    subscriptions.set(subscriptionId, stop);
    return { status: 200, body: { subscriptionId } };
  };

  const terminate = (subscriptionId: number): void => {
    subscriptions.get(subscriptionId)?.();
    subscriptions.delete(subscriptionId);
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ subscriptionId, event: { e: 'eventStreamTerminated', E: state.now() } }));
  };

  const stringParams = (params: Record<string, unknown>): Map<string, string> => {
    const out = new Map<string, string>();
    for (const [key, value] of Object.entries(params)) {
      const value_ = text(value);
      if (key !== 'apiKey' && key !== 'signature' && value_ !== undefined) out.set(key, value_);
    }
    return out;
  };

  const handle = async (request: Request): Promise<Answer | WireError> => {
    const method = typeof request.method === 'string' ? request.method : '';
    const params = request.params ?? {};
    const weight = WEIGHTS[method];
    if (weight === undefined) return { status: 400, code: -1020, msg: 'This operation is not supported.' };
    const verdict = state.limits.admit(state.now(), weight, method === 'order.place' ? 1 : 0);
    if (verdict.error !== undefined) return verdict.error;
    state.advance();
    switch (method) {
      case 'ping':
        return { status: 200, body: {} };
      case 'time':
        return { status: 200, body: { serverTime: state.now() } };
      case 'session.logon': {
        const key = authenticate(params);
        if ('code' in key) return key;
        // web-socket-api.md: only Ed25519 keys may authenticate a session.
        if (key.kind !== 'ed25519') return { status: 400, code: -4056, msg: 'HMAC_SHA256 API key is not supported.' };
        sessionKey = key;
        return { status: 200, body: { apiKey: key.apiKey, authorizedSince: state.now(), connectedSince, returnRateLimits: false, serverTime: state.now(), userDataStream: subscriptions.size > 0 } };
      }
      case 'session.status':
        return { status: 200, body: { apiKey: sessionKey?.apiKey ?? null, authorizedSince: null, connectedSince, returnRateLimits: false, serverTime: state.now(), userDataStream: subscriptions.size > 0 } };
      case 'session.logout':
        sessionKey = undefined;
        return { status: 200, body: {} };
      case 'userDataStream.subscribe':
        if (sessionKey === undefined) return { status: 401, code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' };
        return subscribe();
      case 'userDataStream.subscribe.signature': {
        const key = authenticate(params);
        return 'code' in key ? key : subscribe();
      }
      case 'userDataStream.unsubscribe': {
        const id = params.subscriptionId;
        for (const subscriptionId of [...subscriptions.keys()]) if (id === undefined || Number(id) === subscriptionId) terminate(subscriptionId);
        return { status: 200, body: {} };
      }
      default: {
        const key = authenticate(params);
        if ('code' in key) return key;
        const wire = stringParams(params);
        switch (method) {
          case 'order.place':
            return state.placeWithFaults(wire);
          case 'order.cancel':
            return state.cancelOrder(wire);
          case 'order.status':
            return state.exchange.queryOrder(wire);
          case 'openOrders.status':
            return state.exchange.openOrders(wire);
          case 'openOrders.cancelAll':
            return state.exchange.cancelOpenOrders(wire);
          case 'account.status':
            return state.exchange.account(wire);
          default:
            return { status: 400, code: -1020, msg: 'This operation is not supported.' };
        }
      }
    }
  };

  socket.on('message', (data: WebSocket.RawData) => {
    let request: Request;
    try {
      request = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')) as Request;
    } catch {
      reply(null, { status: 400, code: -1135, msg: 'Invalid JSON Request' });
      return;
    }
    void handle(request).then((answer) => {
      if ('status' in answer && answer.status === -1) {
        socket.terminate();
        return;
      }
      reply(request.id ?? null, answer);
    });
  });
  socket.on('close', () => {
    state.wsApiConnections.delete(socket);
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
}

/** A JSON parameter as the text Binance reads (numbers and booleans as written, objects as JSON). */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';

import { isTmtError, TmtError } from '../../core';
import type { SequencedEvent } from '../../engine/trading-engine';
import { presentedToken } from '../auth/auth-hook';
import type { TokenService } from '../auth/token-service';
import { toJson } from '../http/amounts';
import { errorBody } from '../http/errors';
import type { EventLog } from './event-log';

export const STREAM_PATH = '/api/v1/stream';
/** Close codes: 4401 unauthenticated, 4410 cursor expired, 4400 bad cursor, 4408 client too slow (reconnect with cursor). */
const CLOSE = { unauthenticated: 4401, expired: 4410, badRequest: 4400, slow: 4408 } as const;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

function send(socket: WebSocket, message: unknown): void {
  socket.send(toJson(message));
}

function closeWith(socket: WebSocket, code: number, error: TmtError): void {
  send(socket, errorBody(error));
  socket.close(code, error.code);
}

/**
 * The live event stream. A client connects with `?cursor=N` (the last cursor it saw) and receives every
 * event after N in order, then live ones; without a cursor it starts at the head. Replay and subscribe run
 * in one synchronous step, so no event can fall between them.
 */
export function attachEventStream(
  app: FastifyInstance,
  events: EventLog,
  tokens: TokenService,
): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  const onConnection = (socket: WebSocket, request: IncomingMessage) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const presented = presentedToken(
      request.headers.authorization,
      url.searchParams.get('token') ?? undefined,
    );
    const token = presented === undefined ? undefined : tokens.authenticate(presented);
    if (token === undefined) {
      closeWith(
        socket,
        CLOSE.unauthenticated,
        new TmtError('API_UNAUTHENTICATED', 'the stream needs a valid token (?token= or Authorization)'),
      );
      return;
    }
    const cursorText = url.searchParams.get('cursor');
    if (cursorText !== null && !/^\d+$/.test(cursorText)) {
      closeWith(
        socket,
        CLOSE.badRequest,
        new TmtError('API_VALIDATION', `cursor must be a non-negative integer, found "${cursorText}"`, {
          field: 'cursor',
        }),
      );
      return;
    }
    const typesText = url.searchParams.get('types');
    if (typesText !== null && !/^[A-Za-z]+(,[A-Za-z]+)*$/.test(typesText)) {
      closeWith(
        socket,
        CLOSE.badRequest,
        new TmtError(
          'API_VALIDATION',
          `types must be a comma-separated list of event types, found "${typesText}"`,
          { field: 'types' },
        ),
      );
      return;
    }
    // Optional filter (e.g. only OrderFilled): cursors stay global, so a filtered client still resumes exactly,
    // and a filter without market data resumes from the event history however much market data went by.
    const types = typesText === null ? undefined : new Set(typesText.split(','));
    const deliver = (item: SequencedEvent) => {
      if (socket.readyState !== socket.OPEN) return;
      // Revoking a token ends its streams too, not only its future requests.
      if (!tokens.isActive(token.id)) {
        closeWith(
          socket,
          CLOSE.unauthenticated,
          new TmtError('API_UNAUTHENTICATED', 'the token has been revoked'),
        );
        return;
      }
      if (types !== undefined && !types.has(item.event.type)) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        closeWith(
          socket,
          CLOSE.slow,
          new TmtError(
            'API_RATE_LIMITED',
            `client too slow at cursor ${item.cursor}: reconnect with the last cursor received`,
          ),
        );
        return;
      }
      send(socket, item);
    };
    let backlog: SequencedEvent[];
    try {
      backlog = cursorText === null ? [] : events.after(Number(cursorText), undefined, types);
    } catch (error) {
      if (isTmtError(error)) closeWith(socket, CLOSE.expired, error);
      else socket.close(1011);
      return;
    }
    send(socket, {
      type: 'hello',
      head: events.head,
      oldest: events.oldest,
      historyOldest: events.historyOldest,
      replaying: backlog.length,
    });
    for (const item of backlog) deliver(item);
    const stop = events.listen(deliver);
    socket.on('close', stop);
    socket.on('error', stop);
  };
  wss.on('connection', onConnection);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== STREAM_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  app.server.on('upgrade', onUpgrade);

  return async () => {
    app.server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}

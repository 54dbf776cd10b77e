import { TmtError } from '../../core/errors';
import type { Logger } from '../../shared/logger';
import type { IbkrConfig } from './config';
import * as encode from './socket/encoder';
import { IbConnection } from './socket/connection';
import { IN } from './versions';

type Handler = (fields: string[]) => void;

/**
 * The raw TWS API client: one connection, EClient-style requests (`placeOrder`, `reqExecutions`…) and
 * EDecoder-style message subscriptions by message id. It knows nothing of engine terms.
 */
export class TwsClient {
  private connection: IbConnection | undefined;
  private readonly handlers = new Map<number, Set<Handler>>();
  private readonly closeHandlers = new Set<(reason: string) => void>();
  private reqId = 1;
  accounts: string[] = [];
  nextValidId = 0;

  constructor(
    private readonly config: IbkrConfig,
    private readonly logger: Logger,
  ) {}

  get serverVersion(): number {
    return this.connection?.serverVersion ?? 0;
  }

  get connected(): boolean {
    return this.connection?.connected ?? false;
  }

  get sentCount(): number {
    return this.connection?.sentCount ?? 0;
  }

  on(msgId: number, handler: Handler): () => void {
    const set = this.handlers.get(msgId) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(msgId, set);
    return () => set.delete(handler);
  }

  onClose(handler: (reason: string) => void): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /** Connects, then waits for managedAccounts and nextValidId: the moment TWS takes requests. */
  async connect(): Promise<void> {
    this.connection?.close();
    const connection = new IbConnection({
      host: this.config.host, port: this.config.port, clientId: this.config.clientId,
      messagesPerSecond: this.config.messagesPerSecond, timeoutMs: this.config.requestTimeoutMs, logger: this.logger,
    });
    this.connection = connection;
    let accounts: string[] | undefined;
    let nextId: number | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TmtError('VENUE_UNAVAILABLE', `TWS sent no nextValidId within ${this.config.requestTimeoutMs} ms`)), this.config.requestTimeoutMs);
      const check = (): void => {
        if (accounts !== undefined && nextId !== undefined) {
          clearTimeout(timer);
          stopA();
          stopB();
          stopE();
          resolve();
        }
      };
      const stopA = this.on(IN.MANAGED_ACCTS, (f) => {
        accounts = (f[2] ?? '').split(',').filter((a) => a !== '');
        check();
      });
      const stopB = this.on(IN.NEXT_VALID_ID, (f) => {
        nextId = Number(f[2]);
        check();
      });
      const stopE = this.on(IN.ERR_MSG, (f) => {
        if (f[3] === '326') {
          clearTimeout(timer);
          reject(new TmtError('VENUE_AUTHENTICATION', `TWS refused client id ${this.config.clientId}: ${f[4] ?? ''}`, { field: 'clientId' }));
        }
      });
    });
    connection.onMessage((fields) => this.dispatch(fields));
    connection.onClose((reason) => {
      if (this.connection !== connection) return;
      for (const handler of this.closeHandlers) handler(reason);
    });
    // `ready` settles on its own timer; a failed open must not leave it rejecting unobserved.
    ready.catch(() => undefined);
    await connection.open();
    await ready;
    this.accounts = accounts ?? [];
    this.nextValidId = nextId ?? 0;
  }

  disconnect(): void {
    const connection = this.connection;
    this.connection = undefined;
    connection?.close();
  }

  nextRequestId(): number {
    const id = this.reqId;
    this.reqId += 1;
    return id;
  }

  send(fields: readonly string[], written?: () => void): void {
    if (this.connection === undefined || !this.connection.connected) throw new TmtError('VENUE_UNAVAILABLE', 'not connected to TWS');
    this.connection.send(fields, written);
  }

  /**
   * Sends a request and collects `item` messages until `end` (both filtered by `matches`), or rejects
   * after the request timeout. `matches` sees the raw fields so that callers filter on reqId.
   */
  collect(request: readonly string[], item: number, end: number, matches: (fields: string[]) => boolean = () => true): Promise<string[][]> {
    return new Promise<string[][]>((resolve, reject) => {
      const items: string[][] = [];
      const timer = setTimeout(() => {
        stopItem();
        stopEnd();
        reject(new TmtError('VENUE_TIMEOUT', `no end of ${request[0] ?? '?'} from TWS within ${this.config.requestTimeoutMs} ms`));
      }, this.config.requestTimeoutMs);
      const stopItem = this.on(item, (fields) => {
        if (matches(fields)) items.push(fields);
      });
      const stopEnd = this.on(end, (fields) => {
        if (!matches(fields)) return;
        clearTimeout(timer);
        stopItem();
        stopEnd();
        resolve(items);
      });
      try {
        this.send(request);
      } catch (error) {
        clearTimeout(timer);
        stopItem();
        stopEnd();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  // ---- EClient requests used by the adapter (each one line, named as in the TWS API) ----
  placeOrder(fields: encode.PlaceOrderFields, written?: () => void): void {
    this.send(encode.placeOrder(fields, this.serverVersion), written);
  }

  cancelOrder(orderId: number, written?: () => void): void {
    this.send(encode.cancelOrder(orderId), written);
  }

  reqGlobalCancel(): void {
    this.send(encode.reqGlobalCancel());
  }

  reqIds(): void {
    this.send(encode.reqIds());
  }

  private dispatch(fields: string[]): void {
    const msgId = Number(fields[0]);
    const set = this.handlers.get(msgId);
    if (set === undefined || set.size === 0) return;
    for (const handler of [...set]) {
      try {
        handler(fields);
      } catch (error) {
        this.logger.warn({ msgId, err: error instanceof Error ? error.message : String(error) }, 'ibkr: message handler failed');
      }
    }
  }
}

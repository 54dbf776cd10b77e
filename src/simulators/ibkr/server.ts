import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Decimal } from '../../core/money/decimal';
import type { Logger } from '../../shared/logger';
import type { IbAccountView } from './account';
import type { ExchangeOutput, IbExchange } from './exchange';
import * as msg from './messages';
import { IbSession, type SessionHost } from './session';
import { specByConId, type IbHoursMode } from './instruments';
import type { Field } from './wire-format';

/** One message's arrival at the simulator, in wall-clock milliseconds (for pacing checks). */
export interface Arrival {
  readonly clientId: number | undefined;
  readonly msgId: number;
  readonly at: number;
}

/** The pacing TWS enforces: at most 50 messages in any second. */
export const PACING_LIMIT_PER_SECOND = 50;

/**
 * The TWS socket server: accepts API clients, routes the exchange's order updates and executions to the
 * session that owns the client id, and carries the fault hooks (dropped connections, 1100/1101/1102,
 * executions replayed at reconnect).
 */
export class IbSimServer implements SessionHost {
  private readonly server: Server;
  private readonly sessions = new Set<IbSession>();
  readonly arrivals: Arrival[] = [];
  pacingViolations = 0;
  private readonly recent = new Map<IbSession, number[]>();
  /** Executions (count) to re-send, with the next correction suffix, when a client id connects again. */
  private replayCount = 0;

  constructor(
    readonly exchange: IbExchange,
    readonly account: IbAccountView,
    readonly accounts: readonly string[],
    readonly logger: Logger,
    private readonly clockNow: () => number,
  ) {
    this.server = createServer((socket) => this.onConnection(socket));
    exchange.onOutput((output) => this.route(output));
    exchange.engine.onMarketData((event) => {
      for (const session of this.sessions) session.onMarketData(event);
    });
  }

  /** How contract details describe trading hours (set from the simulator's options). */
  hoursMode: IbHoursMode = 'around-the-clock';

  now(): number {
    return this.clockNow();
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  claimClientId(session: IbSession, clientId: number): boolean {
    for (const other of this.sessions) if (other !== session && other.clientId === clientId && !other.socket.destroyed) return false;
    return true;
  }

  arrived(session: IbSession, msgId: number, at: number): boolean {
    this.arrivals.push({ clientId: session.clientId, msgId, at });
    const window = (this.recent.get(session) ?? []).filter((t) => t > at - 1000);
    window.push(at);
    this.recent.set(session, window);
    if (window.length <= PACING_LIMIT_PER_SECOND) return false;
    this.pacingViolations += 1;
    return true;
  }

  replayFor(clientId: number): readonly Field[][] {
    if (this.replayCount === 0) return [];
    const count = this.replayCount;
    this.replayCount = 0;
    const mine = this.exchange.executions().filter((e) => e.clientId === clientId).slice(-count);
    return mine.flatMap((execution) => {
      const spec = specByConId(execution.conId);
      if (spec === undefined) return [];
      // A replay after reconnect carries the next correction suffix (….01 → ….02), as IB's re-sends do.
      const corrected = { ...execution, execId: bumpSuffix(execution.execId) };
      return [msg.execDetails(-1, corrected, spec, 178), msg.commissionReport(corrected)];
    });
  }

  // ---- faults ---------------------------------------------------------------------------------------------

  /** Drops every client connection (TWS restarting, a network cut). */
  dropConnections(): void {
    for (const session of this.sessions) session.socket.destroy();
  }

  /** 1100: IB's side is lost; updates are held until `restoreConnectivity`. */
  loseConnectivity(): void {
    for (const session of this.sessions) {
      session.send(msg.errorMessage(-1, 1100, 'Connectivity between IB and Trader Workstation has been lost.'), true);
      session.held = [];
    }
  }

  /** 1101 (data lost: the held updates are dropped, the client must re-request) or 1102 (data maintained). */
  restoreConnectivity(dataLost: boolean): void {
    for (const session of this.sessions) {
      const held = session.held ?? [];
      session.held = undefined;
      if (dataLost) session.send(msg.errorMessage(-1, 1101, 'Connectivity between IB and TWS has been restored- data lost.'));
      else {
        session.send(msg.errorMessage(-1, 1102, 'Connectivity between IB and TWS has been restored- data maintained.'));
        for (const fields of held) session.send(fields);
      }
    }
  }

  /** The next client to connect gets its last `count` executions again, with a correction suffix. */
  replayExecutionsOnReconnect(count: number): void {
    this.replayCount = count;
  }

  private onConnection(socket: Socket): void {
    socket.setNoDelay(true);
    const session = new IbSession(socket, this);
    this.sessions.add(session);
    socket.on('close', () => {
      this.sessions.delete(session);
      this.recent.delete(session);
    });
    socket.on('error', () => undefined);
  }

  private route(output: ExchangeOutput): void {
    for (const session of this.sessions) {
      if (session.clientId === undefined) continue;
      switch (output.kind) {
        case 'order':
          if (session.clientId !== output.order.clientId) break;
          session.send(msg.openOrder(output.order, this.exchange.spec(output.order), session.serverVersion));
          session.send(msg.orderStatus(output.order));
          break;
        case 'execution': {
          if (session.clientId !== output.execution.clientId) break;
          const spec = specByConId(output.execution.conId);
          if (spec === undefined) break;
          session.send(msg.execDetails(-1, output.execution, spec, session.serverVersion));
          session.send(msg.commissionReport(output.execution));
          break;
        }
        case 'error':
          if (session.clientId === output.clientId) session.send(msg.errorMessage(output.id, output.code, output.message));
          break;
        case 'position': {
          if (session.accountSubscribed === output.account) session.sendAccountBatch(output.account, output.conId);
          if (!session.positionsSubscribed) break;
          const spec = specByConId(output.conId);
          if (spec === undefined) break;
          const held = this.account.positions(output.account).find((p) => p.spec.conId === output.conId);
          session.send(msg.position(output.account, spec, held?.quantity ?? Decimal.ZERO, held?.averageCost ?? Decimal.ZERO));
          break;
        }
      }
    }
  }
}

function bumpSuffix(execId: string): string {
  const match = /^(.*)\.(\d{2})$/.exec(execId);
  if (match === null) return `${execId}.01`;
  return `${match[1] ?? ''}.${String(Number(match[2]) + 1).padStart(2, '0')}`;
}

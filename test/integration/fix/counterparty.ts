import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { encodeFix, FixDecoder, fieldOf, fixTimestamp, type FixField, type FixMessage } from '../../../src/venues/fix/codec';

/**
 * A scripted FIX acceptor for session tests (the role QuickFIX's acceptance scripts play): every message it
 * sends is written out by the test, with the sequence number, PossDupFlag and times the scenario needs.
 */
export class ScriptedCounterparty {
  readonly received: FixMessage[] = [];
  private server: Server | undefined;
  private socket: Socket | undefined;
  private readonly decoder = new FixDecoder();
  seq = 1;
  closed = false;
  port = 0;

  constructor(private readonly compId = 'FXCM', private readonly clientCompId = 'CLIENT') {}

  async listen(): Promise<void> {
    this.server = createServer((socket) => {
      this.socket = socket;
      this.closed = false;
      socket.on('data', (chunk: Buffer) => this.received.push(...this.decoder.push(chunk).messages));
      socket.on('close', () => {
        this.closed = true;
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Sends one message; `seq` overrides (and does not advance) the running number. */
  send(msgType: string, body: readonly FixField[] = [], options: { seq?: number; possDup?: boolean; origSendingTime?: number; sendingTime?: number } = {}): void {
    const seq = options.seq ?? this.seq++;
    const header: FixField[] = [[35, msgType], [49, this.compId], [56, this.clientCompId], [34, String(seq)], [52, fixTimestamp(options.sendingTime ?? Date.now())]];
    if (options.possDup === true) header.push([43, 'Y']);
    if (options.origSendingTime !== undefined) header.push([122, fixTimestamp(options.origSendingTime)]);
    this.sendRaw(encodeFix('FIX.4.4', [...header, ...body]));
  }

  sendRaw(text: string): void {
    this.socket?.write(text, 'latin1');
  }

  /** Waits for a received message that `match` accepts, after `from` (an index into `received`). */
  async next(what: string, match: (m: FixMessage) => boolean, from = 0, timeoutMs = 10_000): Promise<FixMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${this.received.map((m) => m.msgType).join(',')}`);
      await sleep(10);
    }
  }

  /** Answers the client's Logon (the first A received after `from`). */
  async acceptLogon(from = 0): Promise<FixMessage> {
    const logon = await this.next('Logon', (m) => m.msgType === 'A', from);
    if (fieldOf(logon, 141) === 'Y') this.seq = 1;
    this.send('A', [[98, '0'], [108, fieldOf(logon, 108) ?? '30'], ...(fieldOf(logon, 141) === 'Y' ? ([[141, 'Y']] as FixField[]) : [])]);
    return logon;
  }

  drop(): void {
    this.socket?.destroy();
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }
}

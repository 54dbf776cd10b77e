import { createServer, type Server, type Socket } from 'node:net';

import type { Logger } from '../../shared/logger';
import type { AcceptorSequenceStore } from './sequence-store';
import { frame, FrameReader, readUtcTimestamp, utcTimestamp, valueOf, type InboundMessage, type Pair } from './wire';

export interface AcceptorConfig {
  readonly beginString: string;
  /** Our CompID (FXCM: "FXCM"); counterparties address it in TargetCompID(56). */
  readonly compId: string;
  /** Sent as SenderSubID(50) on every message, and required as TargetSubID(57) on every inbound one. */
  readonly subId?: string;
  readonly store: AcceptorSequenceStore;
  readonly logger: Logger;
  /** Checks a Logon; returns the Logout text for a refused one. */
  authenticate(logon: InboundMessage): string | undefined;
  onLogon?(session: AcceptorSession): void;
  onApplication(session: AcceptorSession, message: InboundMessage): void;
  onClosed?(session: AcceptorSession): void;
  /** Wall time for SendingTime (the venue's clock may run ahead in tests; headers stay real). */
  wallTime?(): number;
}

/** One counterparty connection on the acceptor. */
export class AcceptorSession {
  compId: string | undefined;
  loggedOn = false;
  private outNext = 1;
  private inNext = 1;
  private readonly reader = new FrameReader();
  private readonly ahead = new Map<number, InboundMessage>();
  private asked = false;
  private heartbeatMs = 30_000;
  private lastOut = 0;
  private lastIn = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly socket: Socket, private readonly config: AcceptorConfig) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.reader.feed(chunk)) this.onMessage(message);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(this.timer);
      this.loggedOn = false;
      config.onClosed?.(this);
    });
    this.timer = setInterval(() => this.tick(), 500);
    this.timer.unref();
  }

  private now(): number {
    return this.config.wallTime?.() ?? Date.now();
  }

  /** Sends an application message (kept for resends). */
  send(type: string, pairs: readonly Pair[]): void {
    if (!this.loggedOn || this.compId === undefined) return;
    const text = this.transmit(type, pairs);
    this.config.store.keep(this.compId, this.outNext - 1, text);
  }

  logout(text: string): void {
    this.transmit('5', [[58, text]]);
    this.loggedOn = false;
    this.socket.end();
  }

  /** Closes the connection without a Logout (fault injection: a dropped line). */
  cut(): void {
    this.socket.destroy();
  }

  private header(type: string, seq: number, extra: readonly Pair[] = []): Pair[] {
    return [
      [35, type], [34, String(seq)], [49, this.config.compId], ...(this.config.subId === undefined ? [] : ([[50, this.config.subId]] as Pair[])),
      [52, utcTimestamp(this.now())], [56, this.compId ?? ''], ...extra,
    ];
  }

  private transmit(type: string, pairs: readonly Pair[]): string {
    const text = frame(this.config.beginString, [...this.header(type, this.outNext), ...pairs]);
    this.outNext += 1;
    this.persist();
    this.lastOut = this.now();
    this.socket.write(text, 'latin1');
    return text;
  }

  private persist(): void {
    if (this.compId !== undefined) this.config.store.save(this.compId, this.outNext, this.inNext);
  }

  private onMessage(message: InboundMessage): void {
    this.lastIn = this.now();
    // FXCM answers nothing to a message without its TargetSubID (its FIX guide: "include TargetSubID").
    if (this.config.subId !== undefined && valueOf(message, 57) !== this.config.subId) return;
    if (valueOf(message, 56) !== this.config.compId) return this.logout(`TargetCompID(56) must be ${this.config.compId}`);
    const seq = Number(valueOf(message, 34));
    if (!Number.isSafeInteger(seq) || seq < 1) return this.logout('MsgSeqNum(34) missing or not a positive integer');
    if (!this.loggedOn) {
      if (message.type !== 'A') return this.logout('first message must be Logon');
      return this.onLogon(message, seq);
    }
    if (valueOf(message, 49) !== this.compId) return this.logout('SenderCompID(49) changed within the session');
    this.sequenced(message, seq);
  }

  private onLogon(message: InboundMessage, seq: number): void {
    this.compId = valueOf(message, 49);
    if (this.compId === undefined || this.compId === '') return this.logout('SenderCompID(49) missing');
    const refused = this.config.authenticate(message);
    const stored = this.config.store.numbers(this.compId);
    const reset = valueOf(message, 141) === 'Y';
    if (reset) this.config.store.reset(this.compId);
    this.outNext = reset ? 1 : stored.outNext;
    this.inNext = reset ? 1 : stored.inNext;
    if (refused !== undefined) return this.logout(refused);
    if (seq < this.inNext) return this.logout(`MsgSeqNum too low, expecting ${this.inNext} but received ${seq}`);
    const heartbeat = Number(valueOf(message, 108));
    if (!Number.isSafeInteger(heartbeat) || heartbeat < 0) return this.logout('HeartBtInt(108) must be a non-negative integer');
    this.heartbeatMs = Math.max(heartbeat, 1) * 1000;
    this.loggedOn = true;
    this.transmit('A', [[98, '0'], [108, String(heartbeat)], ...(reset ? ([[141, 'Y']] as Pair[]) : [])]);
    if (seq > this.inNext) this.askResend();
    else this.inNext += 1;
    this.persist();
    this.config.onLogon?.(this);
  }

  private sequenced(message: InboundMessage, seq: number): void {
    if (message.type === '4' && valueOf(message, 123) !== 'Y') {
      const to = Number(valueOf(message, 36));
      if (to > this.inNext) this.inNext = to;
      this.persist();
      return;
    }
    if (seq < this.inNext) {
      if (valueOf(message, 43) === 'Y') return;
      return this.logout(`MsgSeqNum too low, expecting ${this.inNext} but received ${seq}`);
    }
    if (seq > this.inNext) {
      if (message.type === '2') this.resend(message);
      this.ahead.set(seq, message);
      if (!this.asked) this.askResend();
      return;
    }
    this.process(message, seq);
    for (let next = this.ahead.get(this.inNext); next !== undefined; next = this.ahead.get(this.inNext)) {
      this.ahead.delete(this.inNext);
      this.process(next, this.inNext);
    }
    if (this.ahead.size === 0) this.asked = false;
  }

  private askResend(): void {
    this.asked = true;
    this.transmit('2', [[7, String(this.inNext)], [16, '0']]);
  }

  private process(message: InboundMessage, seq: number): void {
    if (message.type === '4') {
      const to = Number(valueOf(message, 36));
      this.inNext = to > seq ? to : seq + 1;
      this.persist();
      return;
    }
    this.inNext = seq + 1;
    this.persist();
    switch (message.type) {
      case '0':
      case '3':
        return;
      case '1':
        this.transmit('0', [[112, valueOf(message, 112) ?? '']]);
        return;
      case '2':
        if (!this.ahead.has(seq)) this.resend(message);
        return;
      case '5':
        this.logout('Logout acknowledged');
        return;
      case 'A':
        return;
      default:
        if (valueOf(message, 43) === 'Y') {
          const original = readUtcTimestamp(valueOf(message, 122) ?? '');
          if (original === undefined) return;
        }
        this.config.onApplication(this, message);
    }
  }

  private resend(message: InboundMessage): void {
    if (this.compId === undefined) return;
    const from = Number(valueOf(message, 7));
    const askedTo = Number(valueOf(message, 16));
    const last = this.outNext - 1;
    const to = askedTo === 0 || askedTo > last ? last : askedTo;
    const kept = this.config.store.kept(this.compId, from, to);
    let seq = from;
    while (seq <= to) {
      const text = kept.get(seq);
      if (text === undefined) {
        let next = seq;
        while (next <= to && !kept.has(next)) next += 1;
        this.socket.write(frame(this.config.beginString, [...this.header('4', seq, [[43, 'Y'], [122, utcTimestamp(this.now())]]), [123, 'Y'], [36, String(next)]]), 'latin1');
        seq = next;
        continue;
      }
      const original = new FrameReader().feed(Buffer.from(text, 'latin1'))[0];
      if (original !== undefined) {
        const body = original.pairs.filter(([tag]) => ![35, 34, 49, 50, 52, 56, 43, 122].includes(tag));
        this.socket.write(frame(this.config.beginString, [...this.header(original.type, seq, [[43, 'Y'], [122, valueOf(original, 52) ?? '']]), ...body]), 'latin1');
      }
      seq += 1;
    }
    this.lastOut = this.now();
  }

  private tick(): void {
    if (!this.loggedOn) return;
    const now = this.now();
    if (now - this.lastOut >= this.heartbeatMs) this.transmit('0', []);
    if (now - this.lastIn >= this.heartbeatMs * 3) this.cut();
  }
}

/** A TCP FIX acceptor: one AcceptorSession per connection. */
export class FixAcceptor {
  private readonly server: Server;
  readonly sessions = new Set<AcceptorSession>();

  constructor(private readonly config: AcceptorConfig) {
    this.server = createServer((socket) => {
      const session = new AcceptorSession(socket, { ...config, onClosed: (s) => {
        this.sessions.delete(s);
        config.onClosed?.(s);
      } });
      this.sessions.add(session);
    });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('FIX acceptor has no TCP address');
    this.config.logger.info({ port: address.port }, 'FIX acceptor listening');
    return { host, port: address.port };
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

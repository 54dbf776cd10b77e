import { connect as tcpConnect, type Socket } from 'node:net';

import type { CancelTimer, Clock } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { Logger } from '../../shared/logger';
import { encodeFix, FixDecoder, fieldOf, fixTimestamp, parseFixTimestamp, type FixField, type FixMessage } from './codec';
import type { FixSessionStore } from './store';
import { MsgType, Tag } from './tags';
import { lastWeeklyResetBefore, type WeeklyReset } from './weekly-reset';

export interface FixSessionConfig {
  readonly host: string;
  readonly port: number;
  readonly beginString: string;
  readonly senderCompId: string;
  readonly targetCompId: string;
  /** Sent on every message when set (FXCM requires TargetSubID on all messages, the Logon included). */
  readonly targetSubId?: string;
  readonly heartbeatSeconds: number;
  /** Reset both sequence numbers at every Logon (141=Y); FXCM asks for it because its servers are load balanced. */
  readonly resetOnLogon: boolean;
  readonly weeklyReset?: WeeklyReset;
  readonly logonTimeoutMs: number;
}

export type FixSessionState = 'disconnected' | 'connecting' | 'logged-on' | 'logging-out';

export interface FixSessionDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: FixSessionStore;
  /** Extra Logon fields (Username/Password): called per Logon, never logged. */
  readonly logonFields?: () => readonly FixField[];
}

/** Session-level reasons (SessionRejectReason 373) this layer sends. */
const REJECT = { requiredTagMissing: '1', valueIncorrect: '5', compIdProblem: '9', sendingTimeAccuracy: '10' } as const;

/**
 * The FIX 4.4 session (initiator side) every FIX venue uses: Logon, heartbeats and TestRequest, sequence
 * numbers kept in a store across restarts, ResendRequest / SequenceReset-GapFill / PossDupFlag handling as
 * the FIX 4.4 spec and QuickFIX's acceptance scripts describe, Logout, and the weekly session reset.
 */
export class FixSession {
  private socket: Socket | undefined;
  private readonly decoder = new FixDecoder();
  private stateValue: FixSessionState = 'disconnected';
  private readonly appHandlers = new Set<(message: FixMessage) => void>();
  private readonly stateHandlers = new Set<(state: FixSessionState, reason: string) => void>();
  /** Messages that arrived ahead of a gap, applied once the gap is filled (keyed by MsgSeqNum). */
  private readonly queued = new Map<number, FixMessage>();
  /** The end of the range our outstanding ResendRequest asked for (0 = open ended), if any. */
  private resendingUntil: number | undefined;
  private lastSentAt = 0;
  private lastReceivedAt = 0;
  private testRequestPending: string | undefined;
  private timer: CancelTimer | undefined;
  private logon: { resolve: () => void; reject: (error: Error) => void } | undefined;
  /** Counters for the operator (garbled frames dropped, messages resent, gaps asked for). */
  readonly counters = { garbled: 0, resent: 0, resendRequests: 0, possDupIgnored: 0 };

  constructor(readonly config: FixSessionConfig, private readonly deps: FixSessionDeps) {}

  get state(): FixSessionState {
    return this.stateValue;
  }

  onMessage(handler: (message: FixMessage) => void): () => void {
    this.appHandlers.add(handler);
    return () => this.appHandlers.delete(handler);
  }

  onState(handler: (state: FixSessionState, reason: string) => void): () => void {
    this.stateHandlers.add(handler);
    return () => this.stateHandlers.delete(handler);
  }

  /** Opens the TCP connection and logs on; resolves once the counterparty's Logon arrives. */
  async connect(): Promise<void> {
    if (this.stateValue !== 'disconnected') throw new TmtError('VENUE_PROTOCOL', `FIX session is ${this.stateValue}, expected disconnected`);
    const { store, clock } = this.deps;
    const now = clock.now();
    const weekly = this.config.weeklyReset === undefined ? undefined : lastWeeklyResetBefore(now, this.config.weeklyReset);
    const reset = this.config.resetOnLogon || (weekly !== undefined && store.resetAt < weekly);
    if (reset) store.reset(now);
    this.setState('connecting', 'connecting');
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = tcpConnect({ host: this.config.host, port: this.config.port }, () => resolve(s));
      s.once('error', (error) => reject(new TmtError('VENUE_UNAVAILABLE', `FIX connection to ${this.config.host}:${this.config.port} failed`, { cause: error })));
    }).catch((error: unknown) => {
      this.setState('disconnected', 'connect failed');
      throw error;
    });
    socket.setNoDelay(true);
    this.socket = socket;
    this.queued.clear();
    this.resendingUntil = undefined;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.deps.logger.warn({ err: error.message }, 'FIX socket error'));
    socket.on('close', () => this.onClosed('connection closed'));
    const logonAck = new Promise<void>((resolve, reject) => {
      this.logon = { resolve, reject };
    });
    const timeout = clock.setTimeout(this.config.logonTimeoutMs, () => {
      this.logon?.reject(new TmtError('VENUE_TIMEOUT', `no Logon answer within ${this.config.logonTimeoutMs} ms`));
      this.logon = undefined;
      this.drop('logon timeout');
    });
    this.sendAdmin(MsgType.Logon, [
      [Tag.EncryptMethod, '0'], [Tag.HeartBtInt, String(this.config.heartbeatSeconds)],
      ...(reset ? ([[Tag.ResetSeqNumFlag, 'Y']] as FixField[]) : []),
      ...(this.deps.logonFields?.() ?? []),
    ]);
    try {
      await logonAck;
    } finally {
      timeout();
    }
  }

  /** Sends an application message; returns its MsgSeqNum. Refused unless logged on (never queued: a late order is worse). */
  send(msgType: string, body: readonly FixField[]): number {
    if (this.stateValue !== 'logged-on') throw new TmtError('VENUE_UNAVAILABLE', `FIX session is ${this.stateValue}: ${msgType} not sent`);
    return this.transmit(msgType, body, true);
  }

  /** Sends Logout and waits for the counterparty's Logout (or the connection to close). */
  async logout(text = 'logout'): Promise<void> {
    if (this.socket === undefined) return;
    const closed = new Promise<void>((resolve) => this.socket?.once('close', () => resolve()));
    if (this.stateValue === 'logged-on') {
      this.setState('logging-out', text);
      this.sendAdmin(MsgType.Logout, [[Tag.Text, text]]);
      const timer = this.deps.clock.setTimeout(Math.max(2000, this.config.heartbeatSeconds * 1000), () => this.drop('logout timeout'));
      await closed;
      timer();
    } else {
      this.drop(text);
      await closed;
    }
  }

  private setState(state: FixSessionState, reason: string): void {
    this.stateValue = state;
    for (const handler of this.stateHandlers) handler(state, reason);
  }

  private header(msgType: string, seqNum: number, extra: readonly FixField[] = []): FixField[] {
    return [
      [Tag.MsgType, msgType], [Tag.SenderCompID, this.config.senderCompId], [Tag.TargetCompID, this.config.targetCompId],
      ...(this.config.targetSubId === undefined ? [] : ([[Tag.TargetSubID, this.config.targetSubId]] as FixField[])),
      [Tag.MsgSeqNum, String(seqNum)], [Tag.SendingTime, fixTimestamp(this.deps.clock.now())], ...extra,
    ];
  }

  private transmit(msgType: string, body: readonly FixField[], keep: boolean): number {
    const store = this.deps.store;
    const seqNum = store.nextSenderSeqNum;
    const raw = encodeFix(this.config.beginString, [...this.header(msgType, seqNum), ...body]);
    // The number is taken before the write: a crash after it leaves a gap the counterparty asks for, never a reuse.
    store.setNextSenderSeqNum(seqNum + 1);
    if (keep) store.saveSent(seqNum, raw);
    this.write(raw);
    return seqNum;
  }

  private sendAdmin(msgType: string, body: readonly FixField[]): void {
    this.transmit(msgType, body, false);
  }

  private write(raw: string): void {
    this.lastSentAt = this.deps.clock.now();
    this.socket?.write(raw, 'latin1');
  }

  private onData(chunk: Buffer): void {
    const { messages, garbled } = this.decoder.push(chunk);
    for (const frame of garbled) {
      // A garbled message is ignored, and its number is not consumed (QuickFIX 3b/3c): the gap that follows asks for it.
      this.counters.garbled += 1;
      this.deps.logger.warn({ reason: frame.reason }, 'FIX garbled message dropped');
    }
    for (const message of messages) {
      if (this.socket === undefined) return;
      this.lastReceivedAt = this.deps.clock.now();
      this.testRequestPending = undefined;
      this.receive(message);
    }
  }

  private receive(message: FixMessage): void {
    const seqText = fieldOf(message, Tag.MsgSeqNum);
    const seqNum = seqText === undefined ? Number.NaN : Number.parseInt(seqText, 10);
    if (!Number.isInteger(seqNum) || seqNum < 1) return this.fatal(`MsgSeqNum(34) must be a positive integer, found "${seqText ?? ''}"`);
    if (fieldOf(message, Tag.SenderCompID) !== this.config.targetCompId || fieldOf(message, Tag.TargetCompID) !== this.config.senderCompId) {
      this.sendReject(seqNum, message.msgType, REJECT.compIdProblem, 'CompID problem');
      return this.fatal(`CompIDs must be ${this.config.targetCompId}->${this.config.senderCompId}`);
    }
    if (this.stateValue === 'connecting' && message.msgType !== MsgType.Logon && message.msgType !== MsgType.Logout) {
      return this.fatal(`the first message must be Logon, found MsgType ${message.msgType}`);
    }
    const store = this.deps.store;
    // SequenceReset-Reset applies whatever its own number (QuickFIX 11a-c).
    if (message.msgType === MsgType.SequenceReset && fieldOf(message, Tag.GapFillFlag) !== 'Y') return this.sequenceReset(message, seqNum, false);
    const expected = store.nextTargetSeqNum;
    if (seqNum < expected) {
      if (fieldOf(message, Tag.PossDupFlag) === 'Y') return this.possDuplicate(message, seqNum);
      return this.fatal(`MsgSeqNum too low, expecting ${expected} but received ${seqNum}`);
    }
    if (seqNum > expected) {
      this.queued.set(seqNum, message);
      // A Logon or ResendRequest ahead of a gap is acted on now (QuickFIX 20: both sides ask at once).
      if (message.msgType === MsgType.Logon) this.onLogon(message);
      if (message.msgType === MsgType.ResendRequest) this.resend(message);
      if (message.msgType === MsgType.Logout) return this.onLogout(message);
      if (this.resendingUntil === undefined || (this.resendingUntil !== 0 && this.resendingUntil < expected)) {
        this.resendingUntil = 0;
        this.counters.resendRequests += 1;
        this.sendAdmin(MsgType.ResendRequest, [[Tag.BeginSeqNo, String(expected)], [Tag.EndSeqNo, '0']]);
      }
      return;
    }
    this.apply(message, seqNum);
    for (let next = store.nextTargetSeqNum, queued = this.queued.get(next); queued !== undefined && this.socket !== undefined; next = store.nextTargetSeqNum, queued = this.queued.get(next)) {
      this.queued.delete(next);
      this.apply(queued, next, true);
    }
    if (this.queued.size === 0) this.resendingUntil = undefined;
  }

  /** A message whose number is the expected one: the number is consumed, then the message acted on. */
  private apply(message: FixMessage, seqNum: number, fromQueue = false): void {
    const store = this.deps.store;
    if (message.msgType === MsgType.SequenceReset) return this.sequenceReset(message, seqNum, true);
    store.setNextTargetSeqNum(seqNum + 1);
    switch (message.msgType) {
      case MsgType.Logon:
        if (!fromQueue) this.onLogon(message);
        return;
      case MsgType.Heartbeat:
        return;
      case MsgType.TestRequest:
        this.sendAdmin(MsgType.Heartbeat, [[Tag.TestReqID, fieldOf(message, Tag.TestReqID) ?? '']]);
        return;
      case MsgType.ResendRequest:
        if (!fromQueue) this.resend(message);
        return;
      case MsgType.Logout:
        return this.onLogout(message);
      default:
        for (const handler of this.appHandlers) handler(message);
    }
  }

  private onLogon(message: FixMessage): void {
    if (this.stateValue !== 'connecting') return;
    const heartbeat = fieldOf(message, Tag.HeartBtInt);
    if (heartbeat !== undefined && heartbeat !== String(this.config.heartbeatSeconds)) this.deps.logger.warn({ heartbeat }, 'FIX counterparty answered another HeartBtInt');
    this.setState('logged-on', 'logon');
    this.startTimer();
    this.logon?.resolve();
    this.logon = undefined;
  }

  private onLogout(message: FixMessage): void {
    const text = fieldOf(message, Tag.Text) ?? 'logout';
    if (this.stateValue === 'logged-on') this.sendAdmin(MsgType.Logout, []);
    this.logon?.reject(new TmtError('VENUE_AUTHENTICATION', `the counterparty logged out: ${text}`));
    this.logon = undefined;
    this.drop(`counterparty logout: ${text}`);
  }

  private sequenceReset(message: FixMessage, seqNum: number, gapFill: boolean): void {
    const store = this.deps.store;
    const newSeq = Number.parseInt(fieldOf(message, Tag.NewSeqNo) ?? '', 10);
    if (!Number.isInteger(newSeq)) return this.sendReject(seqNum, message.msgType, REJECT.requiredTagMissing, 'NewSeqNo(36) missing');
    if (newSeq < store.nextTargetSeqNum || (gapFill && newSeq <= seqNum)) {
      // Lowering the expected number is refused (QuickFIX 11c); the expected number stays.
      if (gapFill) store.setNextTargetSeqNum(seqNum + 1);
      return this.sendReject(seqNum, message.msgType, REJECT.valueIncorrect, `attempt to lower sequence number, invalid value NewSeqNo(36)=${newSeq}`);
    }
    store.setNextTargetSeqNum(newSeq);
  }

  private possDuplicate(message: FixMessage, seqNum: number): void {
    const original = fieldOf(message, Tag.OrigSendingTime);
    const sending = fieldOf(message, Tag.SendingTime);
    if (original === undefined) return this.sendReject(seqNum, message.msgType, REJECT.requiredTagMissing, 'OrigSendingTime(122) required with PossDupFlag(43)=Y');
    const originalAt = parseFixTimestamp(original);
    const sendingAt = sending === undefined ? undefined : parseFixTimestamp(sending);
    if (originalAt === undefined || sendingAt === undefined || originalAt > sendingAt) {
      this.sendReject(seqNum, message.msgType, REJECT.sendingTimeAccuracy, 'OrigSendingTime(122) later than SendingTime(52)');
      return this.fatal('SendingTime accuracy problem');
    }
    // Already received once: ignored (QuickFIX 2e).
    this.counters.possDupIgnored += 1;
  }

  /** Answers a ResendRequest: kept application messages again with PossDupFlag, admin ones as one GapFill per run. */
  private resend(message: FixMessage): void {
    const store = this.deps.store;
    const begin = Number.parseInt(fieldOf(message, Tag.BeginSeqNo) ?? '', 10);
    const endAsked = Number.parseInt(fieldOf(message, Tag.EndSeqNo) ?? '', 10);
    const last = store.nextSenderSeqNum - 1;
    if (!Number.isInteger(begin) || !Number.isInteger(endAsked) || begin < 1) return;
    const end = endAsked === 0 || endAsked > last ? last : endAsked;
    let gapStart: number | undefined;
    const gapFill = (upTo: number): void => {
      if (gapStart === undefined) return;
      this.write(encodeFix(this.config.beginString, [...this.header(MsgType.SequenceReset, gapStart, [[Tag.PossDupFlag, 'Y'], [Tag.OrigSendingTime, fixTimestamp(this.deps.clock.now())]]), [Tag.GapFillFlag, 'Y'], [Tag.NewSeqNo, String(upTo)]]));
      gapStart = undefined;
    };
    const kept = new Map(store.sentRange(begin, end).map((m) => [m.seqNum, m.raw]));
    for (let seq = begin; seq <= end; seq += 1) {
      const raw = kept.get(seq);
      if (raw === undefined) {
        gapStart ??= seq;
        continue;
      }
      gapFill(seq);
      const original = new FixDecoder().push(raw).messages[0];
      if (original === undefined) continue;
      const body = original.fields.filter(([t]) => !HEADER_TAGS.has(t));
      this.counters.resent += 1;
      this.write(encodeFix(this.config.beginString, [...this.header(original.msgType, seq, [[Tag.PossDupFlag, 'Y'], [Tag.OrigSendingTime, fieldOf(original, Tag.SendingTime) ?? '']]), ...body]));
    }
    gapFill(end + 1);
  }

  private sendReject(refSeqNum: number, refMsgType: string, reason: string, text: string): void {
    this.sendAdmin(MsgType.Reject, [[Tag.RefSeqNum, String(refSeqNum)], [Tag.RefMsgType, refMsgType], [Tag.SessionRejectReason, reason], [Tag.Text, text]]);
  }

  /** A session-level violation: Logout with the reason, then the connection closes. */
  private fatal(reason: string): void {
    this.deps.logger.warn({ reason }, 'FIX session error: logging out');
    if (this.socket !== undefined) this.sendAdmin(MsgType.Logout, [[Tag.Text, reason]]);
    this.logon?.reject(new TmtError('VENUE_PROTOCOL', reason));
    this.logon = undefined;
    this.drop(reason);
  }

  private drop(reason: string): void {
    const socket = this.socket;
    if (socket === undefined) return;
    this.closeReason = reason;
    socket.end();
    socket.destroySoon();
  }

  private closeReason: string | undefined;

  private onClosed(fallback: string): void {
    if (this.socket === undefined) return;
    this.socket = undefined;
    this.timer?.();
    this.timer = undefined;
    this.logon?.reject(new TmtError('VENUE_UNAVAILABLE', `FIX connection closed before Logon: ${this.closeReason ?? fallback}`));
    this.logon = undefined;
    const reason = this.closeReason ?? fallback;
    this.closeReason = undefined;
    this.setState('disconnected', reason);
  }

  /** Once a second: heartbeat when we have been quiet, TestRequest when they have, drop when they stay silent. */
  private startTimer(): void {
    const tick = (): void => {
      if (this.socket === undefined) return;
      const now = this.deps.clock.now();
      const interval = this.config.heartbeatSeconds * 1000;
      if (this.config.weeklyReset !== undefined && lastWeeklyResetBefore(now, this.config.weeklyReset) > this.deps.store.resetAt) {
        void this.logout('weekly session reset');
        return;
      }
      if (now - this.lastSentAt >= interval) this.sendAdmin(MsgType.Heartbeat, []);
      if (this.testRequestPending !== undefined && now - this.lastReceivedAt >= interval * 2.4) return this.drop('no answer to TestRequest');
      if (this.testRequestPending === undefined && now - this.lastReceivedAt >= interval * 1.2) {
        this.testRequestPending = `TEST-${now}`;
        this.sendAdmin(MsgType.TestRequest, [[Tag.TestReqID, this.testRequestPending]]);
      }
      this.timer = this.deps.clock.setTimeout(Math.min(1000, interval / 4), tick);
    };
    this.lastReceivedAt = this.deps.clock.now();
    this.timer = this.deps.clock.setTimeout(Math.min(1000, (this.config.heartbeatSeconds * 1000) / 4), tick);
  }
}

const HEADER_TAGS: ReadonlySet<number> = new Set([Tag.MsgType, Tag.SenderCompID, Tag.TargetCompID, Tag.TargetSubID, Tag.SenderSubID, Tag.MsgSeqNum, Tag.SendingTime, Tag.PossDupFlag, Tag.OrigSendingTime]);

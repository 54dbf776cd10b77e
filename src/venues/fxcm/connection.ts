import type { Clock } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { Logger } from '../../shared/logger';
import type { FixMessage } from '../fix/codec';
import { FixSession, type FixSessionState } from '../fix/session';
import type { FixSessionStore } from '../fix/store';
import type { FxcmConfig } from './config';
import type { FxcmCredentials } from './credentials';
import { FXCM_PROFILES } from './profiles';

interface Waiter {
  readonly match: (message: FixMessage) => boolean;
  readonly resolve: (message: FixMessage) => void;
}

/**
 * The adapter's one FIX session to FXCM, with request/answer matching (an answer is the first message a
 * waiter's predicate accepts) and reconnection with backoff after a dropped line.
 */
export class FxcmConnection {
  readonly session: FixSession;
  private readonly waiters = new Set<Waiter>();
  private readonly streamHandlers = new Set<(message: FixMessage) => void>();
  private readonly upHandlers = new Set<(reset: boolean) => void>();
  private readonly downHandlers = new Set<(reason: string) => void>();
  private closing = false;
  /** Reconnecting starts only once a Logon has worked: a first connect that fails is the caller's to handle. */
  private loggedOnOnce = false;
  private retryDelay: number;

  constructor(private readonly config: FxcmConfig, credentials: FxcmCredentials, private readonly deps: { clock: Clock; logger: Logger; store: FixSessionStore }) {
    this.retryDelay = config.reconnectInitialDelayMs;
    this.session = new FixSession(
      {
        host: config.host, port: config.port, beginString: 'FIX.4.4', senderCompId: config.senderCompId, targetCompId: config.targetCompId,
        targetSubId: config.targetSubId, heartbeatSeconds: config.heartbeatSeconds, resetOnLogon: config.resetOnLogon,
        weeklyReset: FXCM_PROFILES[config.profile].weeklyReset, logonTimeoutMs: config.logonTimeoutMs,
      },
      { clock: deps.clock, logger: deps.logger, store: deps.store, logonFields: credentials.logonFields },
    );
    this.session.onMessage((message) => this.dispatch(message));
    this.session.onState((state, reason) => this.onState(state, reason));
  }

  onStream(handler: (message: FixMessage) => void): () => void {
    this.streamHandlers.add(handler);
    return () => this.streamHandlers.delete(handler);
  }

  /** After each Logon; `reset` says whether the sequence numbers started again (messages in between are lost to us). */
  onUp(handler: (reset: boolean) => void): () => void {
    this.upHandlers.add(handler);
    return () => this.upHandlers.delete(handler);
  }

  onDown(handler: (reason: string) => void): () => void {
    this.downHandlers.add(handler);
    return () => this.downHandlers.delete(handler);
  }

  async open(): Promise<void> {
    this.closing = false;
    const resetBefore = this.deps.store.resetAt;
    const fresh = this.deps.store.nextTargetSeqNum === 1;
    await this.session.connect();
    this.loggedOnOnce = true;
    const reset = fresh || this.deps.store.resetAt !== resetBefore;
    for (const handler of this.upHandlers) handler(reset);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.session.logout('client logout');
  }

  /** Sends and waits for the first message `match` accepts; a timeout is "outcome unknown", never a rejection. */
  async request(msgType: string, body: Parameters<FixSession['send']>[1], match: (message: FixMessage) => boolean): Promise<FixMessage> {
    const answer = this.expect(match);
    try {
      this.session.send(msgType, body);
    } catch (error) {
      answer.cancel();
      throw error;
    }
    return answer.promise;
  }

  /** Waits for several messages: `collect` returns true once the last one has arrived. */
  async requestAll(msgType: string, body: Parameters<FixSession['send']>[1], match: (message: FixMessage) => boolean, isLast: (message: FixMessage) => boolean): Promise<FixMessage[]> {
    const out: FixMessage[] = [];
    await this.request(msgType, body, (message) => {
      if (!match(message)) return false;
      out.push(message);
      return isLast(message);
    });
    return out;
  }

  private expect(match: (message: FixMessage) => boolean): { promise: Promise<FixMessage>; cancel: () => void } {
    let cancel: () => void = () => undefined;
    const promise = new Promise<FixMessage>((resolve, reject) => {
      const waiter: Waiter = { match, resolve: (m) => { stop(); resolve(m); } };
      const timer = this.deps.clock.setTimeout(this.config.requestTimeoutMs, () => {
        this.waiters.delete(waiter);
        reject(new TmtError('VENUE_TIMEOUT', `no FXCM answer within ${this.config.requestTimeoutMs} ms`));
      });
      const stop = (): void => {
        timer();
        this.waiters.delete(waiter);
      };
      cancel = stop;
      this.waiters.add(waiter);
    });
    return { promise, cancel };
  }

  private dispatch(message: FixMessage): void {
    for (const waiter of [...this.waiters]) if (waiter.match(message)) waiter.resolve(message);
    for (const handler of this.streamHandlers) handler(message);
  }

  private onState(state: FixSessionState, reason: string): void {
    if (state !== 'disconnected') return;
    for (const handler of this.downHandlers) handler(reason);
    if (this.closing || !this.loggedOnOnce) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.config.reconnectMaxDelayMs);
    this.deps.clock.setTimeout(delay, () => {
      if (this.closing || this.session.state !== 'disconnected') return;
      this.open().then(
        () => {
          this.retryDelay = this.config.reconnectInitialDelayMs;
        },
        (error: unknown) => this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'FXCM FIX reconnect failed'),
      );
    });
  }
}

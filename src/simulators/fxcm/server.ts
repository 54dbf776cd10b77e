import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Logger } from '../../shared/logger';
import { FixAcceptor, type AcceptorSession } from '../fix/acceptor';
import { AcceptorSequenceStore } from '../fix/sequence-store';
import { valueOf, type InboundMessage } from '../fix/wire';
import { FxcmAccountDesk } from './account-desk';
import { FXCM_COMP_ID, FXCM_SUB_ID, type FxcmSimLogin } from './accounts';
import { checkLogon } from './auth';
import type { FxcmSimulatorClock } from './clock';
import { FxcmExchange } from './exchange';
import { FxcmMarketDesk } from './market-data';
import { FxcmOrderLists } from './order-lists';
import { FxcmOrderDesk } from './orders';
import type { FxcmSimSavedState } from './state';
import { tradingSessionStatus } from './wire-format';

export interface FxcmServerOptions {
  readonly clock: FxcmSimulatorClock;
  readonly logger: Logger;
  readonly login: FxcmSimLogin;
  readonly seed: number;
  readonly prices: 'synthetic' | 'scripted';
  readonly dataDir?: string;
  /** Every application message received, for tests that check what a client sent. */
  readonly onInbound?: (message: InboundMessage) => void;
}

/** The FXCM FIX front end: the acceptor, FXCM's Logon rules, and one desk per message family. */
export class FxcmSimServer {
  readonly exchange: FxcmExchange;
  readonly acceptor: FixAcceptor;
  private readonly store: AcceptorSequenceStore;
  private readonly orders: FxcmOrderDesk;
  private readonly lists: FxcmOrderLists;
  private readonly market: FxcmMarketDesk;
  private readonly accountDesk: FxcmAccountDesk;
  private readonly statePath: string | undefined;
  private saveQueued = false;

  constructor(private readonly options: FxcmServerOptions) {
    this.statePath = options.dataDir === undefined ? undefined : join(options.dataDir, 'fxcm-sim.json');
    const saved = this.statePath !== undefined && existsSync(this.statePath) ? (JSON.parse(readFileSync(this.statePath, 'utf8')) as FxcmSimSavedState) : undefined;
    this.exchange = new FxcmExchange({ clock: options.clock, seed: options.seed, accounts: options.login.accounts, prices: options.prices, ...(saved === undefined ? {} : { saved }) });
    this.store = new AcceptorSequenceStore(options.dataDir === undefined ? undefined : join(options.dataDir, 'fxcm-fix-sessions.db'));
    const accountIds = new Set(options.login.accounts.map((a) => a.id));
    this.orders = new FxcmOrderDesk(this.exchange, accountIds);
    this.lists = new FxcmOrderLists(this.exchange, accountIds);
    this.market = new FxcmMarketDesk(this.exchange);
    this.accountDesk = new FxcmAccountDesk(this.exchange, options.login.accounts);
    this.acceptor = new FixAcceptor({
      beginString: 'FIX.4.4', compId: FXCM_COMP_ID, subId: FXCM_SUB_ID, store: this.store, logger: options.logger,
      authenticate: (logon) => checkLogon(logon, options.login),
      onApplication: (session, message) => this.route(session, message),
      onClosed: (session) => this.market.dropSession(session),
    });
    this.exchange.onReport((account, msgType, body) => {
      this.queueSave();
      if (!accountIds.has(account)) return;
      for (const session of this.acceptor.sessions) if (session.loggedOn) session.send(msgType, body);
    });
  }

  listen(port: number, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    return this.acceptor.listen(port, host);
  }

  private route(session: AcceptorSession, message: InboundMessage): void {
    this.options.onInbound?.(message);
    switch (message.type) {
      case 'D':
        this.orders.newOrder(session, message);
        break;
      case 'E':
        this.lists.newOrderList(session, message);
        break;
      case 'F':
        this.orders.cancel(session, message);
        break;
      case 'G':
        this.orders.replace(session, message);
        break;
      case 'H':
        this.orders.status(session, message);
        break;
      case 'AF':
        this.orders.massStatus(session, message);
        break;
      case 'V':
        this.market.request(session, message);
        break;
      case 'BB':
        this.accountDesk.collateral(session, message);
        break;
      case 'AN':
        this.accountDesk.positions(session, message);
        break;
      case 'g':
        session.send('h', tradingSessionStatus(valueOf(message, 335), 'USD'));
        break;
      default:
        // BusinessMessageReject (j), BusinessRejectReason 3: unsupported message type.
        session.send('j', [[45, valueOf(message, 34) ?? '0'], [372, message.type], [380, '3'], [58, `Unsupported Message Type ${message.type}`]]);
    }
    this.queueSave();
  }

  private queueSave(): void {
    if (this.statePath === undefined || this.saveQueued) return;
    this.saveQueued = true;
    setImmediate(() => {
      this.saveQueued = false;
      this.saveNow();
    });
  }

  /** Writes the venue state beside the sequence store (atomic rename: a crash leaves the old file or the new). */
  saveNow(): void {
    if (this.statePath === undefined) return;
    writeFileSync(`${this.statePath}.tmp`, JSON.stringify(this.exchange.save()));
    renameSync(`${this.statePath}.tmp`, this.statePath);
  }

  async close(): Promise<void> {
    this.exchange.close();
    await this.acceptor.close();
    this.saveNow();
    this.store.close();
  }
}

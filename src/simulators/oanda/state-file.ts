import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { CancelTimer, Clock } from '../../core/clock';
import { AccountId } from '../../core/identifiers';
import { decodeExact, encodeExact } from '../../core/serialization';
import type { SimOandaAccount, SimOandaOrder, SimOandaTrade } from './state';
import type { Json } from './wire-format';

interface SavedAccount {
  readonly id: string;
  readonly alias: string;
  readonly currency: string;
  readonly hedgingEnabled: boolean;
  readonly createdTime: number;
  readonly marginRate: string;
  /** A decimal string: JSON has no bigint. */
  readonly lastTransactionId: string;
  readonly transactions: Json[];
  readonly orders: SimOandaOrder[];
  readonly trades: SimOandaTrade[];
  readonly engineOrders: [string, string][];
}

/** What a restarted OANDA simulator needs to be the same venue: v20 accounts, transactions, ids and the engine. */
export interface SavedOandaSimulator {
  readonly version: 1;
  readonly savedAt: number;
  /** The matching engine's snapshot text (balances, margin, open orders, fills). */
  readonly engine: string;
  readonly accounts: SavedAccount[];
}

export function saveAccount(account: SimOandaAccount): SavedAccount {
  return {
    id: account.id,
    alias: account.alias,
    currency: account.currency,
    hedgingEnabled: account.hedgingEnabled,
    createdTime: account.createdTime,
    marginRate: account.marginRate,
    lastTransactionId: account.lastTransactionId.toString(),
    transactions: account.transactions,
    orders: [...account.orders.values()],
    trades: [...account.trades.values()],
    engineOrders: [...account.engineOrders],
  };
}

/** Rebuilds an account, its client-id indexes pointing at the same order and trade objects as its maps. */
export function restoreAccount(saved: SavedAccount): SimOandaAccount {
  const orders = new Map(saved.orders.map((o) => [o.id, o]));
  const trades = new Map(saved.trades.map((t) => [t.id, t]));
  const ordersByClientId = new Map<string, SimOandaOrder>();
  for (const order of orders.values()) if (order.clientId !== undefined) ordersByClientId.set(order.clientId, order);
  const tradesByClientId = new Map<string, SimOandaTrade>();
  for (const trade of trades.values()) {
    const clientId = trade.clientExtensions?.['id'];
    if (typeof clientId === 'string') tradesByClientId.set(clientId, trade);
  }
  return {
    id: AccountId.parse(saved.id),
    alias: saved.alias,
    currency: saved.currency,
    hedgingEnabled: saved.hedgingEnabled,
    createdTime: saved.createdTime,
    marginRate: saved.marginRate,
    lastTransactionId: BigInt(saved.lastTransactionId),
    transactions: saved.transactions,
    orders,
    ordersByClientId,
    trades,
    tradesByClientId,
    engineOrders: new Map(saved.engineOrders),
  };
}

/** Reads a state file; undefined when there is none. A file that does not parse stops the start (never a fresh venue). */
export function readOandaState(path: string): SavedOandaSimulator | undefined {
  if (!existsSync(path)) return undefined;
  const saved = decodeExact<SavedOandaSimulator>(readFileSync(path, 'utf8'));
  if (saved.version !== 1) throw new Error(`${path}: unsupported simulator state version ${String(saved.version)}`);
  return saved;
}

/** Writes the state shortly after a change (one write per burst) and at close; whole or not at all. */
export class OandaStateWriter {
  private timer: CancelTimer | undefined;

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
    private readonly snapshot: () => SavedOandaSimulator,
  ) {}

  changed(): void {
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(100, () => {
      this.timer = undefined;
      this.write();
    });
  }

  close(): void {
    this.timer?.();
    this.timer = undefined;
    this.write();
  }

  private write(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, encodeExact(this.snapshot()));
    renameSync(temporary, this.path);
  }
}

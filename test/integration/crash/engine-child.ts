/**
 * The crash test's engine process: an ExecutionEngine on a SQLite journal trading against the paper venue
 * (which keeps its own SQLite state). It replays, reconciles, prints what the parent checks (VERIFY), then
 * runs the 1,000-order flow, skipping nothing: submits are idempotent on the client order id, so orders
 * already taken before a crash come back as `existing` without reaching the venue again. The parent
 * SIGKILLs it at random points.
 *
 * Lines on stdout: `VERIFY <json>`, `ACK <clientOrderId> <status>`, `DONE`.
 */
import { join } from 'node:path';
import {
  AccountId,
  Decimal,
  ClientOrderId,
  InstrumentId,
  Price,
  Quantity,
  type OrderRequest,
} from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { createPaperVenue } from '../../../src/simulators/paper';
import { openSqliteStore } from '../../../src/store';
import { AuditLog, verifyAuditLog } from '../../../src/api/audit/audit-log';
import { auditedIntent } from '../../../src/api/audit/audited';
import { openAuditAnchorFile } from '../../../src/store/sqlite/audit-anchor-file';
import { auditHostOf, openSqliteAuditStore } from '../../../src/store/sqlite/audit-store';

const directory = process.argv[2];
const total = Number(process.argv[3] ?? '1000');
if (directory === undefined) throw new Error('usage: engine-child <directory> [orders]');

const ACCOUNT = AccountId.parse('paper-fx');
const EURUSD = InstrumentId.parse('EUR_USD.PAPER');

export function flowOrder(i: number): OrderRequest {
  const clientOrderId = ClientOrderId.parse(`c-${i}`);
  const common = {
    clientOrderId,
    accountId: ACCOUNT,
    instrumentId: EURUSD,
    postOnly: false,
    reduceOnly: false,
  } as const;
  if (i % 5 === 4) {
    const buy = i % 2 === 0;
    return {
      ...common,
      side: buy ? 'buy' : 'sell',
      type: 'limit',
      quantity: Quantity.parse('1000'),
      price: Price.parse(buy ? '0.90000' : '1.30000'),
      timeInForce: 'GTC',
    };
  }
  return {
    ...common,
    side: i % 2 === 0 ? 'buy' : 'sell',
    type: 'market',
    quantity: Quantity.parse(String(1000 + (i % 7) * 100)),
    timeInForce: 'IOC',
  };
}

function statusOf(engine: ExecutionEngine, venueClientOrderId: string | undefined): string {
  if (venueClientOrderId === undefined) return 'no-client-id';
  const view = engine.order(ClientOrderId.parse(venueClientOrderId));
  if (view === undefined) return 'unknown-to-engine';
  return `${view.status}/${view.order.events.map((e) => e.type.replace('Order', '')).join(',')}`;
}

async function main(): Promise<void> {
  const clock = new SystemClock();
  const store = await openSqliteStore({
    path: join(directory as string, 'journal.db'),
    clock,
    checkpoint: 'sqlite-auto',
  });
  // The service's write path: the audit file on the journal's connection, each order's audit entry a
  // companion of its journal commit, and the paper venue's commands in the engine's group commit.
  const auditStore = openSqliteAuditStore(join(directory as string, 'audit.db'), auditHostOf(store.journal));
  const audit = new AuditLog(auditStore, openAuditAnchorFile(join(directory as string, 'audit.anchor')), clock);
  const venue = createPaperVenue({ clock, storePath: join(directory as string, 'venue.db'), seed: 7 });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    deadLetters: store.deadLetters,
    // TMT_CRASH_RETAIN_FINISHED=n: as the service, finished orders leave memory for the order history
    // (issue 9) after n, so kills land while orders are evicted and restarts load them back. Off by default:
    // on a loaded machine the extra history writes bring the run close to the test's timeout.
    ...(process.env.TMT_CRASH_RETAIN_FINISHED === undefined
      ? {}
      : {
          orderHistory: store.orderHistory,
          retainFinishedOrders: Number(process.env.TMT_CRASH_RETAIN_FINISHED),
        }),
    venues: [venue],
    accounts: [
      {
        accountId: ACCOUNT,
        venue: 'PAPER',
        type: 'margin',
        baseCurrency: 'USD',
        positionMode: 'netting',
        costBasis: 'fifo-trades',
      },
      {
        accountId: AccountId.parse('paper-spot'),
        venue: 'PAPER',
        type: 'cash',
        baseCurrency: 'USDT',
        positionMode: 'netting',
        costBasis: 'average-cost',
      },
    ],
    ...standardRiskAndPortfolio({
      global: { submitRatePerSecond: 1_000_000, modifyRatePerSecond: 1_000_000 },
    }),
    timings: { lookupDelayMs: 50 },
  });
  await engine.start();
  // Market orders are valued at the quote by risk: wait for the first one after a (re)start.
  while (!engine.quotes().some((q) => q.instrumentId === EURUSD))
    await new Promise((resolve) => setTimeout(resolve, 10));

  const enginePositions: Record<string, string> = {};
  for (const p of engine.positions(ACCOUNT))
    if (!p.signedQuantity.isZero()) enginePositions[p.instrumentId] = p.signedQuantity.normalize().toString();
  const venuePositions: Record<string, string> = {};
  for (const p of await venue.positions(ACCOUNT))
    if (!p.signedQuantity.isZero()) venuePositions[p.instrumentId] = p.signedQuantity.normalize().toString();
  const statuses: Record<string, string> = {};
  const missingAtVenue: string[] = [];
  for (const view of engine.orders()) {
    const order = view.order;
    statuses[order.clientOrderId] = view.status;
    if (order.venueOrderId !== undefined && order.venueClientOrderId !== undefined) {
      const report = await venue.orderStatus({
        accountId: ACCOUNT,
        venueClientOrderId: order.venueClientOrderId,
      });
      if (report === undefined) missingAtVenue.push(order.clientOrderId);
    }
  }
  const venueOrdersPerClientId = new Map<string, Set<string>>();
  for (const fill of await venue.fillsSince(ACCOUNT, 0)) {
    const key = fill.venueClientOrderId ?? fill.venueOrderId;
    const set = venueOrdersPerClientId.get(key) ?? new Set<string>();
    set.add(fill.venueOrderId);
    venueOrdersPerClientId.set(key, set);
  }
  const duplicates = [...venueOrdersPerClientId].filter(([, ids]) => ids.size > 1).map(([id]) => id);
  // When positions differ, which fills explain it (names the trades, for the failure message).
  const engineTrades = new Set(engine.fills({ accountId: ACCOUNT }).map((f) => f.tradeId as string));
  const venueFills = await venue.fillsSince(ACCOUNT, 0);
  const venueTrades = new Set(venueFills.map((f) => f.tradeId as string));
  const fillsMissingInEngine = venueFills
    .filter((f) => !engineTrades.has(f.tradeId))
    .map(
      (f) =>
        `${f.tradeId}:${f.venueClientOrderId ?? '?'}:${f.side}:${f.quantity.toString()}:${statusOf(engine, f.venueClientOrderId)}`,
    );
  const fillsUnknownToVenue = [...engineTrades].filter((t) => !venueTrades.has(t));
  const tradeOwners = new Map<string, string>();
  const reusedTradeIds: string[] = [];
  for (const f of venueFills) {
    const owner = tradeOwners.get(f.tradeId);
    if (owner !== undefined && owner !== f.venueOrderId)
      reusedTradeIds.push(`${f.tradeId}:${owner}/${f.venueOrderId}`);
    tradeOwners.set(f.tradeId, f.venueOrderId);
  }
  // The venue's books (memory, rebuilt from its snapshot and command log) against its stored fill history:
  // a trade id whose stored fill differs from the one the rebuilt venue holds means the rebuild diverged.
  const venueFillSum = venueFills
    .reduce((sum, f) => (f.side === 'buy' ? sum.add(f.quantity) : sum.sub(f.quantity)), Decimal.ZERO)
    .normalize()
    .toString();
  const storedByTrade = new Map(venueFills.map((f) => [f.tradeId as string, f]));
  const venueRebuildMismatches = venue.matching
    .fills(ACCOUNT)
    .filter((f) => {
      const stored = storedByTrade.get(f.tradeId);
      return (
        stored !== undefined &&
        (stored.venueOrderId !== f.orderId || stored.side !== f.side || !stored.quantity.eq(f.quantity))
      );
    })
    .map((f) => `${f.tradeId}:${f.orderId}:${f.side}:${f.quantity.toString()}`);
  const engineFills = engine.fills({ accountId: ACCOUNT });
  const engineFillSum = engineFills
    .reduce((sum, f) => (f.side === 'buy' ? sum.add(f.quantity) : sum.sub(f.quantity)), Decimal.ZERO)
    .normalize()
    .toString();
  const auditedOrders = auditStore
    .query({ action: 'order.submit', limit: 1_000_000 })
    .map((entry) => entry.target);
  // The chain is checked against its entries only: the anchor is written after the row, so a kill between
  // the two leaves an anchor one behind, which is not damage.
  const auditChain = verifyAuditLog(auditStore.all(), undefined);
  const verify = {
    auditedOrders,
    auditChainOk: auditChain.ok || auditChain.problem?.kind === 'anchor-missing',
    enginePositions,
    venuePositions,
    statuses,
    missingAtVenue,
    duplicates,
    fillsMissingInEngine,
    fillsUnknownToVenue,
    reusedTradeIds,
    engineFillSum,
    venueFillSum,
    venueRebuildMismatches,
    engineFillCount: engineFills.length,
    venueFillCount: venueFills.length,
    reconciliation: engine
      .reconciliation()
      .accounts.map((a) => ({ accountId: a.accountId, state: a.state, unresolved: a.unresolved })),
  };
  process.stdout.write(`VERIFY ${JSON.stringify(verify)}\n`);

  for (let i = 0; i < total; i++) {
    const request = flowOrder(i);
    const outcome = await auditedIntent(
      audit,
      { actor: 'crash-test', action: 'order.submit', target: request.clientOrderId },
      (companion) => engine.submit(request, 'crash-test', { companion }),
      (result) => (result.status === 'accepted' ? 'ok' : 'denied'),
    );
    // Only new submissions are reported: the parent counts them to pick its kill point inside new work.
    if (outcome.status === 'accepted' && outcome.existing && process.env.TMT_CRASH_ACK_EXISTING !== '1')
      continue;
    process.stdout.write(
      `ACK ${outcome.order.order.clientOrderId} ${outcome.status === 'accepted' ? outcome.order.status : `denied:${outcome.denial.code}`}\n`,
    );
  }
  process.stdout.write('DONE\n');
  await engine.stop();
  await venue.close();
  auditStore.close();
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

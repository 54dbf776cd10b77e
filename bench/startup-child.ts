/**
 * One measured start-up, in a fresh process so that RSS is the start-up's own: `start <journal>` opens the
 * store (integrity walk from the snapshot), builds the engine with the order history and the paper venue,
 * and runs engine.start() (snapshot, re-booking of the finished orders' fills, tail replay, reconciliation
 * with the venue); `verify <journal>` runs the full walk of `tmt journal verify` (the walk the open did
 * before). Prints one JSON line.
 */
import { ExecutionEngine, standardRiskAndPortfolio } from '../src/engine';
import type { EngineRuntime } from '../src/engine/engine-runtime';
import { createPaperVenue } from '../src/simulators/paper';
import { openJournalForVerification, openSqliteStore } from '../src/store';

const [mode, path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: startup-child.ts start|verify <journal.db>');

const started = process.hrtime.bigint();
const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;

if (mode === 'verify') {
  const report = await openJournalForVerification(path);
  const verifyMs = elapsedMs();
  process.stdout.write(
    `${JSON.stringify({ mode, verifyMs, checked: report.checked, ok: report.ok, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
} else {
  const { SystemClock } = await import('../src/shared/system-clock');
  const clock = new SystemClock();
  const store = await openSqliteStore({ path, clock, checkpoint: 'none' });
  const openMs = elapsedMs();
  const venue = createPaperVenue({ clock });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    deadLetters: store.deadLetters,
    orderHistory: store.orderHistory,
    venues: [venue],
    ...standardRiskAndPortfolio({}),
  });
  await engine.start();
  const totalMs = elapsedMs();
  const runtime = (engine as unknown as { runtime: EngineRuntime }).runtime;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const result = {
    mode,
    openMs,
    totalMs,
    rssMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    checked: store.openReport.checked,
    verifiedFrom: store.openReport.verifiedFrom,
    replay: runtime.startupReplay,
    ordersInMemory: runtime.context.cache.size(),
    position: engine.positions()[0]?.signedQuantity.toString(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // A measurement, not a service: leave without the stop's snapshot so the journal stays as built.
  process.exit(0);
}

import { readFileSync } from 'node:fs';
import { ManualClock, InstrumentId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { BinanceDataClient } from '../src/venues/binance/data-client';
import { SymbolMap } from '../src/venues/binance/symbols';
import { scanScaledDepthUpdate } from '../src/venues/binance/ws/depth-scan';
import { DepthSynchronizer } from '../src/venues/binance/ws/depth-sync';
const { messages, snapshot } = JSON.parse(readFileSync('/tmp/h3/binance-rec2.json', 'utf8')) as { messages: string[]; snapshot: any };
const data = new BinanceDataClient({ streamUrl: 'ws://unused.invalid', api: {} as any, symbols: new SymbolMap('BINANCE'), clock: new ManualClock(), logger: silentLogger() });
const id = InstrumentId.of('BTCUSDT', 'BINANCE');
let events = 0; data.subscribe([id], () => events++);
const book = data.book(id)!;
const s2 = new DepthSynchronizer();
const cpu = (fn: () => void) => { const t0 = process.cpuUsage(); for (let p = 0; p < 20; p++) fn(); const u = process.cpuUsage(t0); return (u.user + u.system) / (20 * messages.length); };
let sink = 0;
const res: Record<string, number[]> = { scan: [], sync: [], client: [] };
for (let r = 0; r < 8; r++) {
  res.scan!.push(cpu(() => { for (const m of messages) sink += scanScaledDepthUpdate(m)!.u; }));
  res.sync!.push(cpu(() => { s2.reset(); s2.applySnapshot(snapshot); for (const m of messages) sink += s2.onDiff(scanScaledDepthUpdate(m)!).kind.length; }));
  res.client!.push(cpu(() => { book.reset(); book.applySnapshot(snapshot); for (const m of messages) data.onMessage(m); }));
}
for (const [k, v] of Object.entries(res)) console.log(k, Math.min(...v).toFixed(2), (v.reduce((a, b) => a + b) / v.length).toFixed(2));

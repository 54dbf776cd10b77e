import { readFileSync } from 'node:fs';
import { scanScaledDepthUpdate } from '../src/venues/binance/ws/depth-scan';
import { DepthSynchronizer } from '../src/venues/binance/ws/depth-sync';
const { messages, snapshot } = JSON.parse(readFileSync('/tmp/h3/binance-rec2.json', 'utf8')) as { messages: string[]; snapshot: any };
const diffs = messages.map((m) => scanScaledDepthUpdate(m)!);
const cpu = (name: string, fn: () => void) => { const t0 = process.cpuUsage(); for (let p = 0; p < 30; p++) fn(); const u = process.cpuUsage(t0); console.log(name, ((u.user + u.system) / (30 * messages.length)).toFixed(2)); };
const s = new DepthSynchronizer();
let sink = 0;
for (let r = 0; r < 4; r++) {
  cpu('apply', () => { s.reset(); s.applySnapshot(snapshot); for (const d of diffs) sink += s.onDiff(d).kind.length; });
}
console.log(sink > 0);
import { ManualClock, InstrumentId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { BinanceDataClient } from '../src/venues/binance/data-client';
import { SymbolMap } from '../src/venues/binance/symbols';
const data = new BinanceDataClient({ streamUrl: 'ws://unused.invalid', api: {} as any, symbols: new SymbolMap('BINANCE'), clock: new ManualClock(), logger: silentLogger() });
const id = InstrumentId.of('BTCUSDT', 'BINANCE');
let events = 0;
data.subscribe([id], () => events++);
const book = data.book(id)!;
for (let r = 0; r < 4; r++) {
  cpu('client', () => { book.reset(); book.applySnapshot(snapshot); for (const m of messages) data.onMessage(m); });
  cpu('scan', () => { for (const m of messages) sink += scanScaledDepthUpdate(m)!.b.length; });
}

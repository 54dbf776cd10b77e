import { readFileSync } from 'node:fs';
import { scanScaledDepthUpdate, scanDepthUpdate } from '../src/venues/binance/ws/depth-scan';
import { scaledBookUpdate } from '../src/core/book/scaled-levels';
import { InstrumentId } from '../src/core';
const { messages } = JSON.parse(readFileSync('/tmp/h3/binance-rec2.json', 'utf8')) as { messages: string[] };
const cpu = (name: string, fn: () => void) => { const t0 = process.cpuUsage(); for (let p = 0; p < 30; p++) fn(); const u = process.cpuUsage(t0); console.log(name, ((u.user + u.system) / (30 * messages.length)).toFixed(2)); };
let sink = 0;
const id = InstrumentId.of('BTCUSDT', 'BINANCE');
for (let r = 0; r < 4; r++) {
  cpu('scaled scan', () => { for (const m of messages) sink += scanScaledDepthUpdate(m)!.b.length; });
  cpu('string scan', () => { for (const m of messages) sink += scanDepthUpdate(m)!.b.length; });
  cpu('JSON.parse', () => { for (const m of messages) sink += JSON.parse(m).data.b.length; });
  const b = [1,2,3,4];
  cpu('event', () => { for (const m of messages) sink += scaledBookUpdate(id, 'delta', 1, 2, 3, b, b).valid ? 1 : 0; });
}
console.log(sink > 0);

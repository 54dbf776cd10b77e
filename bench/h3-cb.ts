import ccxt from 'ccxt';
import WebSocket from 'ws';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InstrumentId, ManualClock } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { SystemClock } from '../src/shared/system-clock';
import { startCoinbaseSimulator } from '../src/simulators/coinbase/server';
import { CoinbaseDataClient } from '../src/venues/coinbase/data-client';
import { ProductMap } from '../src/venues/coinbase/symbols';
const sim = await startCoinbaseSimulator({ clock: new SystemClock(), seed: 7 });
if (!existsSync('/tmp/h3/cb.json')) {
  const socket = new WebSocket(sim.wsUrl);
  const frames: string[] = [];
  await new Promise((resolve) => socket.once('open', resolve));
  socket.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  socket.send(JSON.stringify({ type: 'subscribe', channel: 'level2', product_ids: ['BTC-USD'] }));
  while (!frames.some((f) => f.includes('"snapshot"'))) await new Promise((resolve) => setTimeout(resolve, 5));
  for (let i = 0; i < 2000; i++) sim.state.market.step();
  while (frames.filter((f) => f.includes('"l2_data"')).length < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
  socket.terminate();
  writeFileSync('/tmp/h3/cb.json', JSON.stringify(frames.filter((f) => f.includes('"l2_data"')).map((f, i) => f.replace(/"sequence_num":\d+/, `"sequence_num":${i}`))));
}
const frames = JSON.parse(readFileSync('/tmp/h3/cb.json', 'utf8')) as string[];
const data = new CoinbaseDataClient({ url: 'ws://unused.invalid', clock: new ManualClock(), logger: silentLogger(), products: new ProductMap(), silenceTimeoutMs: 60_000, onUnrecognized: () => undefined });
data.track(InstrumentId.of('BTC-USD', 'COINBASE'));
let events = 0;
data.subscribe([], () => events++);
const pro = new ccxt.pro.coinbase({ apiKey: sim.apiKeyName, secret: sim.apiPrivateKey, enableRateLimit: false });
(pro.urls as any).api['rest'] = sim.url;
await pro.loadMarkets();
await sim.close();
const client = { url: sim.wsUrl, resolve: () => undefined, reject: () => undefined, subscriptions: {} };
const cpu = (fn: () => void) => { const t0 = process.cpuUsage(); for (let p = 0; p < 10; p++) fn(); const u = process.cpuUsage(t0); return (u.user + u.system) / (10 * frames.length); };
for (let r = 0; r < (process.env.NO_CCXT ? 12 : 4); r++) {
  const ours = cpu(() => { data.resetSequence(); for (const f of frames) data.receive(f); });
  const theirs = process.env.NO_CCXT ? 1 : cpu(() => { for (const f of frames) (pro as any).handleMessage(client, JSON.parse(f)); });
  console.log(`ours ${ours.toFixed(2)} ccxt ${theirs.toFixed(2)} ratio ${(theirs / ours).toFixed(2)} gaps ${data.stats.gaps}`);
}
console.log(frames[1]!.slice(0, 400));

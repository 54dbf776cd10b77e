import ccxt from 'ccxt';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InstrumentId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { SystemClock } from '../src/shared/system-clock';
import { startOkxSimulator } from '../src/simulators/okx/server';
import { OkxDataClient } from '../src/venues/okx/data-client';
import { SymbolMap } from '../src/venues/okx/symbols';
if (!existsSync('/tmp/h3/okx.json')) {
  const sim = await startOkxSimulator({ clock: new SystemClock(), seed: 7 });
  const messages: string[] = [];
  const stop = sim.state.feed.onPush((push) => { if (push.arg.channel === 'books' && push.arg.instId === 'BTC-USDT') messages.push(JSON.stringify(push)); });
  const snapshot = JSON.stringify({ arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'snapshot', data: [sim.state.feed.snapshot('BTC-USDT')] });
  while (messages.length < 2000) sim.state.market.step();
  stop();
  const instruments = await (await fetch(`${sim.url}/api/v5/public/instruments?instType=SPOT`)).json();
  await sim.close();
  writeFileSync('/tmp/h3/okx.json', JSON.stringify({ snapshot, messages, instruments }));
}
const { snapshot, messages, instruments } = JSON.parse(readFileSync('/tmp/h3/okx.json', 'utf8')) as { snapshot: string; messages: string[]; instruments: unknown };
const data = new OkxDataClient({ url: 'ws://127.0.0.1:1', symbols: new SymbolMap(), clock: new SystemClock(), logger: silentLogger() });
let events = 0;
data.subscribe([InstrumentId.of('BTC-USDT', 'OKX')], () => events++);
const exchange = new ccxt.pro.okx({ options: { fetchMarkets: { types: ['spot'] } } });
(exchange as any).publicGetPublicInstruments = async () => instruments;
await exchange.loadMarkets();
const client = { url: 'wss://ws.okx.com:8443/ws/v5/public', resolve: () => undefined, reject: () => undefined, subscriptions: { 'books:BTC/USDT': true } };
const cpu = (fn: () => void) => { const t0 = process.cpuUsage(); for (let p = 0; p < 10; p++) fn(); const u = process.cpuUsage(t0); return (u.user + u.system) / (10 * messages.length); };
for (let r = 0; r < (process.env.NO_CCXT ? 12 : 4); r++) {
  const ours = cpu(() => { data.onMessage(snapshot); for (const m of messages) data.onMessage(m); });
  const theirs = process.env.NO_CCXT ? 1 : cpu(() => { (exchange as any).handleMessage(client, JSON.parse(snapshot)); for (const m of messages) (exchange as any).handleMessage(client, JSON.parse(m)); });
  console.log(`ours ${ours.toFixed(2)} ccxt ${theirs.toFixed(2)} ratio ${(theirs / ours).toFixed(2)} failures ${data.failures.length}`);
}
console.log(messages[0]!.slice(0, 300));
console.log(snapshot.length, messages[0]!.length);
process.exit(0);

import ccxt from 'ccxt';
import { ManualClock, InstrumentId } from '../src/core';
import { silentLogger } from '../src/shared/logger';
import { BinanceDataClient } from '../src/venues/binance/data-client';
import { SymbolMap } from '../src/venues/binance/symbols';
import { startBinanceSimulator } from '../src/simulators/binance/server';
import { SystemClock } from '../src/shared/system-clock';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
if (!existsSync('/tmp/h3/binance-rec2.json')) {
  const sim = await startBinanceSimulator({ clock: new SystemClock(), seed: 7 });
  const messages: string[] = [];
  const stop = sim.state.depth.onStream((stream, data) => { if (stream === 'btcusdt@depth@100ms') messages.push(JSON.stringify({ stream, data })); });
  const snapshot = sim.state.depth.snapshot('BTCUSDT', 5000);
  while (messages.length < 2000) sim.state.market.step();
  stop();
  const exchangeInfo = await (await fetch(`${sim.url}/api/v3/exchangeInfo`)).json();
  await sim.close();
  writeFileSync('/tmp/h3/binance-rec2.json', JSON.stringify({ snapshot, messages, exchangeInfo }));
}
const { snapshot, messages, exchangeInfo } = JSON.parse(readFileSync('/tmp/h3/binance-rec2.json', 'utf8')) as { snapshot: any; messages: string[]; exchangeInfo: any };
const data = new BinanceDataClient({ streamUrl: 'ws://unused.invalid', api: {} as any, symbols: new SymbolMap('BINANCE'), clock: new ManualClock(), logger: silentLogger() });
let events = 0;
const id = InstrumentId.of('BTCUSDT', 'BINANCE');
data.subscribe([id], () => events++);
const book = data.book(id)!;
const exchange = new ccxt.pro.binance({ options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false } });
(exchange as any).publicGetExchangeInfo = async () => exchangeInfo;
await exchange.loadMarkets();
const client = { url: 'wss://stream.binance.com:9443/stream', resolve: () => undefined, reject: () => undefined, subscriptions: {} };
const reset = () => { const ob = exchange.orderBook({}, 1000); const parsed = exchange.parseOrderBook(snapshot, 'BTC/USDT'); parsed.nonce = snapshot.lastUpdateId; ob.reset(parsed); (exchange.orderbooks as any)['BTC/USDT'] = ob; };
const cpu = (fn: () => void) => { const t0 = process.cpuUsage(); fn(); const u = process.cpuUsage(t0); return (u.user + u.system) / (30 * messages.length); };
for (let round = 0; round < (process.env.NO_CCXT ? 15 : 3); round++) {
  const ours = cpu(() => { for (let pass = 0; pass < 30; pass++) { book.reset(); book.applySnapshot(snapshot); for (const m of messages) data.onMessage(m); } });
  const theirs = process.env.NO_CCXT ? 1 : cpu(() => { for (let pass = 0; pass < 30; pass++) { reset(); for (const m of messages) (exchange as any).handleMessage(client, JSON.parse(m)); } });
  console.log(`ours ${ours.toFixed(2)} ccxt ${theirs.toFixed(2)} ratio ${(theirs / ours).toFixed(2)}`);
}

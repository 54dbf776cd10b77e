import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { toJson } from '../../api/http/amounts';
import type { BacktestResult } from './run-backtest';

/** What the report lists: the run, its statistics, and every trade (fill) with its order. */
export interface BacktestSummary {
  readonly strategy: string;
  readonly instrumentId: string;
  readonly from: string;
  readonly to: string;
  readonly events: number;
  readonly quotes: number;
  readonly orders: number;
  readonly fills: number;
  readonly performance: BacktestResult['performance'];
}

export function summarize(result: BacktestResult): BacktestSummary {
  return {
    strategy: result.strategy,
    instrumentId: result.instrumentId,
    from: new Date(result.from).toISOString(),
    to: new Date(result.to).toISOString(),
    events: result.events,
    quotes: result.quotes,
    orders: result.orders.length,
    fills: result.fills.length,
    performance: result.performance,
  };
}

/** The JSON report: the summary, the trades, the orders and the equity curve, decimals exact. */
export function reportJson(result: BacktestResult): string {
  return toJson({
    summary: summarize(result),
    trades: result.fills,
    orders: result.orders.map((view) => ({
      clientOrderId: view.order.clientOrderId,
      side: view.order.request.side,
      type: view.order.request.type,
      quantity: view.order.request.quantity,
      status: view.status,
      filledQuantity: view.order.filledQuantity,
      ...(view.order.averageFillPrice === undefined ? {} : { averageFillPrice: view.order.averageFillPrice }),
      ...(view.order.closingCode === undefined ? {} : { closingCode: view.order.closingCode }),
    })),
    equity: result.equity.map(([at, amount]) => ({ at, amount })),
    currency: result.currency,
  });
}

/**
 * A self-contained HTML page: the statistics, the equity curve, and the candles with every fill marked, drawn
 * with lightweight-charts (inlined, so the page opens offline). Values become numbers only in the page, to be
 * drawn; the tables print the exact decimals.
 */
export function reportHtml(result: BacktestResult): string {
  const data = JSON.parse(reportJson(result)) as Record<string, unknown>;
  const candles = result.candles.map((c) => ({
    time: Math.floor(c.openTime / 1000),
    open: c.open.toString(),
    high: c.high.toString(),
    low: c.low.toString(),
    close: c.close.toString(),
  }));
  const summary = summarize(result);
  const p = summary.performance;
  const rows: [string, string][] = [
    ['Strategy', summary.strategy],
    ['Instrument', summary.instrumentId],
    ['Period', `${summary.from} – ${summary.to}`],
    ['Events replayed', String(summary.events)],
    ['Orders / fills', `${summary.orders} / ${summary.fills}`],
    ['Trades', String(p.trades)],
    ['Win rate', p.winRate.toString()],
    ['Profit factor', p.profitFactor?.toString() ?? '–'],
    ['Sharpe', p.sharpeRatio === undefined ? '–' : p.sharpeRatio.toFixed(2)],
    ['Max drawdown', `${p.maxDrawdown.amount.toString()} ${p.maxDrawdown.currency}`],
    ['Exposure', `${p.exposure.amount.toString()} ${p.exposure.currency}`],
  ];
  const payload = JSON.stringify({ candles, trades: data.trades, equity: data.equity }).replaceAll(
    '<',
    '\\u003c',
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TMT backtest: ${escape(summary.strategy)} on ${escape(summary.instrumentId)}</title>
<style>body{font:14px system-ui,sans-serif;background:#0f1419;color:#e6edf3;margin:24px}table{border-collapse:collapse;margin-bottom:16px}
td,th{padding:4px 10px;border-bottom:1px solid #2a3440;text-align:left}td.num{text-align:right;font-family:monospace}
.chart{height:360px;margin:12px 0 24px}h1{font-size:18px}h2{font-size:15px;color:#8b98a5}</style></head>
<body><h1>Backtest: ${escape(summary.strategy)} on ${escape(summary.instrumentId)}</h1>
<table id="summary">${rows.map(([k, v]) => `<tr><th>${escape(k)}</th><td class="num">${escape(v)}</td></tr>`).join('')}</table>
<h2>Equity</h2><div id="equity" class="chart"></div>
<h2>Price and trades</h2><div id="price" class="chart"></div>
<h2>Trades</h2><table id="trades"><tr><th>Time</th><th>Side</th><th>Quantity</th><th>Price</th><th>Commission</th></tr>
${result.fills
  .map(
    (f) =>
      `<tr><td>${new Date(f.occurredAt).toISOString()}</td><td>${f.side}</td><td class="num">${f.quantity.toString()}</td><td class="num">${f.price.toString()}</td><td class="num">${f.commission.amount.toString()} ${f.commission.currency}</td></tr>`,
  )
  .join('\n')}</table>
<script>${chartLibrary()}</script>
<script id="report-data" type="application/json">${payload}</script>
<script>
const data = JSON.parse(document.getElementById('report-data').textContent);
const options = { autoSize: true, layout: { background: { color: 'transparent' }, textColor: '#9aa4b2' }, grid: { vertLines: { color: '#1f2530' }, horzLines: { color: '#1f2530' } }, timeScale: { timeVisible: true } };
const equity = LightweightCharts.createChart(document.getElementById('equity'), options).addSeries(LightweightCharts.LineSeries, { color: '#5aa9ff' });
equity.setData(dedupe(data.equity.map((p) => ({ time: Math.floor(p.at / 1000), value: Number(p.amount) }))));
const price = LightweightCharts.createChart(document.getElementById('price'), options).addSeries(LightweightCharts.CandlestickSeries, {});
price.setData(data.candles.map((c) => ({ time: c.time, open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close) })));
const step = data.candles.length > 1 ? data.candles[1].time - data.candles[0].time : 60;
LightweightCharts.createSeriesMarkers(price, data.trades.map((t) => { const s = Math.floor(t.occurredAt / 1000); const buy = t.side === 'buy'; return { time: s - (s % step), position: buy ? 'belowBar' : 'aboveBar', shape: buy ? 'arrowUp' : 'arrowDown', color: buy ? '#4cc38a' : '#e5484d', text: (buy ? 'B ' : 'S ') + t.quantity }; }).sort((a, b) => a.time - b.time));
function dedupe(points) { const out = []; for (const p of points) { if (out.length && out[out.length - 1].time === p.time) out[out.length - 1] = p; else out.push(p); } return out; }
</script></body></html>
`;
}

/** The chart library's standalone build, read from the installed package. */
function chartLibrary(): string {
  const require = createRequire(import.meta.url);
  // The package exports its modules only; its standalone build sits beside its package.json.
  const root = dirname(require.resolve('lightweight-charts/package.json'));
  return readFileSync(join(root, 'dist', 'lightweight-charts.standalone.production.js'), 'utf8').replaceAll(
    '</script',
    '<\\/script',
  );
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

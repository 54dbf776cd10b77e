import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  LineStyle,
  type AutoscaleInfo,
  type CandlestickData,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { CANDLE_TIMEFRAMES, type CandleTimeframe } from '../../../../core/market/candles';
import { plotValue } from '../series';
import type { CandleRow } from '../view-data';
import type { FillRow, OrderRow } from '../wire';

const UP = '#4cc38a';
const DOWN = '#e5484d';

export interface ChartContent {
  readonly candles: readonly CandleRow[];
  readonly timeframe: CandleTimeframe;
  readonly fills: readonly FillRow[];
  readonly orders: readonly OrderRow[];
  /** The instrument's price increment, e.g. "0.00001": the price axis shows that many decimals. */
  readonly tick: string | undefined;
}

/**
 * The candlestick chart (TradingView's lightweight-charts) with the account's fills as markers and its
 * working orders, stop-losses and take-profits as price lines. lit-html re-renders the page many times a
 * second; the chart is created once per container and fed imperatively, so a render never rebuilds it.
 * Prices become floats here only to be drawn (the chart library's input); nothing drawn is read back.
 */
export class PriceChart {
  private element: HTMLElement | undefined;
  private chart: IChartApi | undefined;
  private series: ISeriesApi<'Candlestick'> | undefined;
  private markers: ISeriesMarkersPluginApi<Time> | undefined;
  private lines: IPriceLine[] = [];
  /** The lines' prices, so that the price axis keeps working orders and their SL/TP in view. */
  private linePrices: number[] = [];
  private drawn = '';

  /** For lit-html's `ref`: called with the container when it appears and undefined when it goes. */
  readonly mount = (element: Element | undefined): void => {
    if (element === this.element) return;
    this.unmount();
    if (!(element instanceof HTMLElement)) return;
    this.element = element;
    this.chart = createChart(element, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: '#9aa4b2' },
      grid: { vertLines: { color: '#1f2530' }, horzLines: { color: '#1f2530' } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    this.series = this.chart.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderVisible: false,
      wickUpColor: UP,
      wickDownColor: DOWN,
      autoscaleInfoProvider: (base: () => AutoscaleInfo | null) => this.withLines(base()),
    });
    this.markers = createSeriesMarkers(this.series, []);
    this.drawn = '';
  };

  /** Draws what changed since the last call; the container's data attributes say what is drawn. */
  show(content: ChartContent): void {
    const series = this.series;
    const element = this.element;
    if (series === undefined || element === undefined) return;
    const signature = signatureOf(content);
    if (signature === this.drawn) return;
    this.drawn = signature;
    const bars = content.candles.map(toBar);
    series.setData(bars);
    const step = CANDLE_TIMEFRAMES[content.timeframe];
    const first = content.candles[0]?.openTime;
    // A marker sits on its bar: fills before the first candle (the service's history starts at its start)
    // have no bar to sit on and are left out rather than drawn at the wrong time.
    const fills = content.fills.filter((f) => first !== undefined && f.at >= first);
    this.markers?.setMarkers(
      fills.map((f) => toMarker(f, step)).sort((a, b) => Number(a.time) - Number(b.time)),
    );
    series.applyOptions({ priceFormat: priceFormatOf(content.tick) });
    for (const line of this.lines) series.removePriceLine(line);
    this.lines = content.orders.flatMap((order) => orderLines(series, order));
    this.linePrices = this.lines.map((line) => line.options().price);
    element.dataset.candles = String(bars.length);
    element.dataset.markers = String(fills.length);
    element.dataset.lines = String(this.lines.length);
    element.dataset.lastClose = content.candles.at(-1)?.close ?? '';
  }

  private withLines(info: AutoscaleInfo | null): AutoscaleInfo | null {
    if (info === null || this.linePrices.length === 0) return info;
    const range = info.priceRange;
    if (range === null) return info;
    return {
      ...info,
      priceRange: {
        minValue: Math.min(range.minValue, ...this.linePrices),
        maxValue: Math.max(range.maxValue, ...this.linePrices),
      },
    };
  }

  unmount(): void {
    this.chart?.remove();
    this.chart = undefined;
    this.series = undefined;
    this.markers = undefined;
    this.lines = [];
    this.element = undefined;
  }
}

/** Decimals of the tick ("0.00001" → 5): the axis reads like the venue's prices. */
function priceFormatOf(tick: string | undefined): { type: 'price'; precision: number; minMove: number } {
  const decimals = tick === undefined ? 2 : (tick.split('.')[1]?.replace(/0+$/, '').length ?? 0);
  return { type: 'price', precision: decimals, minMove: tick === undefined ? 0.01 : plotValue(tick) };
}

function toBar(candle: CandleRow): CandlestickData<Time> {
  return {
    time: (candle.openTime / 1000) as UTCTimestamp,
    open: plotValue(candle.open),
    high: plotValue(candle.high),
    low: plotValue(candle.low),
    close: plotValue(candle.close),
  };
}

function toMarker(fill: FillRow, step: number): SeriesMarker<Time> {
  const buy = fill.side === 'buy';
  return {
    time: ((fill.at - (fill.at % step)) / 1000) as UTCTimestamp,
    position: buy ? 'belowBar' : 'aboveBar',
    shape: buy ? 'arrowUp' : 'arrowDown',
    color: buy ? UP : DOWN,
    text: `${buy ? 'B' : 'S'} ${fill.quantity} @ ${fill.price}`,
    id: fill.tradeId,
  };
}

/** A working order's price (and its trigger), with its attached stop-loss and take-profit. */
function orderLines(series: ISeriesApi<'Candlestick'>, order: OrderRow): IPriceLine[] {
  const label = `${order.side.toUpperCase()} ${order.type} ${order.quantity}`;
  const color = order.side === 'buy' ? UP : DOWN;
  const wanted: { price: string; title: string; color: string; style: LineStyle }[] = [];
  if (order.price !== undefined)
    wanted.push({ price: order.price, title: label, color, style: LineStyle.Solid });
  if (order.triggerPrice !== undefined)
    wanted.push({ price: order.triggerPrice, title: `${label} trigger`, color, style: LineStyle.Dotted });
  if (order.stopLoss !== undefined)
    wanted.push({
      price: order.stopLoss,
      title: `SL ${order.clientOrderId}`,
      color: DOWN,
      style: LineStyle.Dashed,
    });
  if (order.takeProfit !== undefined)
    wanted.push({
      price: order.takeProfit,
      title: `TP ${order.clientOrderId}`,
      color: UP,
      style: LineStyle.Dashed,
    });
  return wanted.map((line) =>
    series.createPriceLine({
      price: plotValue(line.price),
      color: line.color,
      lineWidth: 1,
      lineStyle: line.style,
      axisLabelVisible: true,
      title: line.title,
    }),
  );
}

function signatureOf(content: ChartContent): string {
  const last = content.candles.at(-1);
  return [
    content.timeframe,
    content.candles.length,
    content.candles[0]?.openTime,
    last?.openTime,
    last?.high,
    last?.low,
    last?.close,
    content.fills.map((f) => f.tradeId).join(','),
    content.orders.map((o) => `${o.clientOrderId}:${o.price}:${o.triggerPrice}:${o.status}`).join(','),
  ].join('|');
}

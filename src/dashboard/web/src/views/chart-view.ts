import { html, type TemplateResult } from 'lit-html';
import { ref } from 'lit-html/directives/ref.js';
import type { Controller } from '../controller';
import { TIMEFRAMES } from '../view-data';

/** The price chart page: instrument and timeframe on top, the chart below, what is drawn listed under it. */
export function chartView(controller: Controller): TemplateResult {
  const { state, data } = controller;
  const selection = data.chart;
  const instruments = [...state.instruments.keys()].sort();
  const instrumentId = selection.instrumentId;
  const fills = state.fills.filter((f) => f.instrumentId === instrumentId);
  const orders = state.openOrders().filter((o) => o.instrumentId === instrumentId);
  const ready = data.candlesFor === `${instrumentId ?? ''}|${selection.timeframe}`;
  // The chart is fed after lit-html has put its container in place.
  queueMicrotask(() =>
    controller.priceChart.show({
      candles: ready ? data.candles : [],
      timeframe: selection.timeframe,
      fills,
      orders,
      tick: instrumentId === undefined ? undefined : state.instruments.get(instrumentId)?.priceIncrement,
    }),
  );
  return html`<main class="page-single">
    <section class="panel" data-testid="chart-view">
      <header class="panel-head">
        <h2>Price chart</h2>
        <label
          >Instrument
          <select
            data-testid="chart-instrument"
            @change=${(e: Event) => void controller.selectChart((e.target as HTMLSelectElement).value)}
          >
            ${instruments.map(
              (id) => html`<option value=${id} ?selected=${id === instrumentId}>${id}</option>`,
            )}
          </select></label
        >
        <div class="segmented" role="group" aria-label="timeframe">
          ${TIMEFRAMES.map(
            (tf) =>
              html`<button
                class="small ${tf === selection.timeframe ? 'active' : 'ghost'}"
                data-testid="timeframe-${tf}"
                @click=${() => void controller.selectChart(instrumentId, tf)}
              >
                ${tf}
              </button>`,
          )}
        </div>
      </header>
      <div class="price-chart" data-testid="price-chart" ${ref(controller.priceChart.mount)}></div>
      <p class="muted small-print">
        Candles from the engine's quote mids since the service started. Arrows: this engine's fills; lines:
        working orders, their triggers, stop-losses (SL) and take-profits (TP).
        ${ready && data.candles.length === 0 ? html`<strong data-testid="chart-empty">No candles yet.</strong>` : ''}
      </p>
    </section>
  </main>`;
}

import { html, nothing, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import type { Controller } from '../controller';
import { formatExact, formatMoney, formatPrice, formatTime } from '../format';
import { canTrade } from '../session';
import type { DashboardState } from '../state';
import { tone } from './market';

export function positionsView(state: DashboardState): TemplateResult {
  const positions = [...state.positions.values()];
  return html`<section class="panel" data-testid="positions">
    <h2>Positions <span class="count">${positions.length}</span></h2>
    <table>
      <thead>
        <tr>
          <th>Account</th>
          <th>Instrument</th>
          <th>Side</th>
          <th class="num">Quantity</th>
          <th class="num">Avg price</th>
          <th class="num">Mark</th>
          <th class="num">Unrealized P&amp;L</th>
          <th class="num">Realized</th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          positions,
          (p) => `${p.accountId}|${p.instrumentId}`,
          (p) => {
            const quote = state.quotes.get(p.instrumentId);
            // The engine's own figure, from the same valuation as the account card's unrealized P&L: a
            // figure recomputed here from the latest quote would disagree with the card between updates.
            const pnl = p.unrealizedPnl;
            const mark =
              quote === undefined ? undefined : p.signedQuantity.startsWith('-') ? quote.ask : quote.bid;
            return html`<tr data-testid="position-row">
              <td>${p.accountId}</td>
              <td>${p.instrumentId}</td>
              <td><span class="side side-${p.side}">${p.side}</span></td>
              <td class="num">${formatExact(p.signedQuantity)}</td>
              <td class="num">
                ${formatPrice(p.averagePrice, state.instruments.get(p.instrumentId)?.priceIncrement)}
              </td>
              <td class="num muted">
                ${formatPrice(mark, state.instruments.get(p.instrumentId)?.priceIncrement)}
              </td>
              <td class="num ${tone(pnl?.amount)}" data-testid="position-pnl">${formatMoney(pnl)}</td>
              <td class="num ${tone(p.realizedPnl?.amount)}">${formatMoney(p.realizedPnl)}</td>
            </tr>`;
          },
        )}
      </tbody>
    </table>
    ${positions.length === 0 ? html`<p class="empty">No open positions.</p>` : nothing}
  </section>`;
}

export function openOrdersView(controller: Controller): TemplateResult {
  const orders = controller.state.openOrders();
  const trader = canTrade(controller.session.scope);
  return html`<section class="panel" data-testid="open-orders">
    <h2>Open orders <span class="count" data-testid="open-order-count">${orders.length}</span></h2>
    <table>
      <thead>
        <tr>
          <th>Order</th>
          <th>Instrument</th>
          <th>Side</th>
          <th>Type</th>
          <th class="num">Filled / qty</th>
          <th class="num">Price</th>
          <th>TIF</th>
          <th>Status</th>
          ${trader ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${repeat(
          orders,
          (o) => o.clientOrderId,
          (o) =>
            html`<tr data-testid="open-order" data-order-id=${o.clientOrderId}>
              ${idCell(o.clientOrderId, o.accountId)}
              <td>${o.instrumentId}</td>
              <td><span class="side side-${o.side}">${o.side}</span></td>
              <td>${o.type}</td>
              <td class="num">${formatExact(o.filledQuantity)} / ${formatExact(o.quantity)}</td>
              <td class="num">${priceCell(o.price, o.triggerPrice)}</td>
              <td>${o.timeInForce}</td>
              <td><span class="status status-${o.status}">${o.status}</span></td>
              ${
                trader
                  ? html`<td>
                      <button
                        class="small ghost"
                        @click=${() => void controller.cancelOrder(o.clientOrderId)}
                        data-testid="cancel-order"
                      >
                        Cancel
                      </button>
                    </td>`
                  : nothing
              }
            </tr>`,
        )}
      </tbody>
    </table>
    ${orders.length === 0 ? html`<p class="empty" data-testid="no-open-orders">No open orders.</p>` : nothing}
  </section>`;
}

/** Ids past this length are shown shortened; UUID-long ids would push the TIF and Status columns out. */
const ID_SHOWN = 14;

/** An order id, shortened in the middle when long; a click copies the whole id. */
function idCell(id: string, accountId: string): TemplateResult {
  const shown = id.length <= ID_SHOWN ? id : `${id.slice(0, 8)}…${id.slice(-5)}`;
  const copy = (event: Event) => {
    const cell = event.currentTarget as HTMLElement;
    void navigator.clipboard?.writeText(id).then(
      () => (cell.dataset.copied = 'true'),
      () => undefined,
    );
  };
  return html`<td
    class="mono id-cell"
    title="${id} (${accountId}): click to copy"
    data-testid="order-id"
    data-full-id=${id}
    @click=${copy}
  >
    ${shown}
  </td>`;
}

/** Limit price, trigger, or both (stop-limit): one column keeps the blotter narrow. */
function priceCell(price: string | undefined, trigger: string | undefined): TemplateResult | string {
  if (trigger === undefined) return formatExact(price);
  return html`${price === undefined ? nothing : html`${formatExact(price)} `}<span class="muted"
      >@ ${formatExact(trigger)}</span
    >`;
}

export function fillsView(state: DashboardState): TemplateResult {
  return html`<section class="panel" data-testid="fills">
    <h2>Recent fills</h2>
    <table>
      <thead>
        <tr>
          <th>Time</th>
          <th>Order</th>
          <th>Instrument</th>
          <th>Side</th>
          <th class="num">Qty</th>
          <th class="num">Price</th>
          <th class="num">Commission</th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          state.fills.slice(0, 15),
          (f) => f.tradeId,
          (f) =>
            html`<tr data-testid="fill-row" data-order-id=${f.clientOrderId ?? ''}>
              <td class="muted">${formatTime(f.at)}</td>
              ${f.clientOrderId === undefined ? html`<td class="mono">–</td>` : idCell(f.clientOrderId, f.accountId)}
              <td>${f.instrumentId}</td>
              <td><span class="side side-${f.side}">${f.side}</span></td>
              <td class="num">${formatExact(f.quantity)}</td>
              <td class="num">
                ${formatPrice(f.price, state.instruments.get(f.instrumentId)?.priceIncrement)}
              </td>
              <td class="num muted">${formatMoney(f.commission)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${state.fills.length === 0 ? html`<p class="empty">No fills yet.</p>` : nothing}
  </section>`;
}

export function alertsView(state: DashboardState): TemplateResult {
  return html`<section class="panel" data-testid="alerts">
    <h2>Alerts <span class="count">${state.alerts.length}</span></h2>
    ${
      state.alerts.length === 0
        ? html`<p class="empty">No alerts.</p>`
        : html`<ul class="alerts">
            ${state.alerts.map(
              (a) =>
                html`<li class="alert alert-${a.severity}" data-testid="alert">
                  <span class="muted">${formatTime(a.at)}</span><strong>${a.kind}</strong
                  ><span>${a.message}</span>
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}

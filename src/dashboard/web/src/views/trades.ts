import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { formatExact, formatMoney, formatPrice } from '../format';
import { canTrade } from '../session';
import { isRecord, money, text, type Json } from '../wire';
import { tone } from './market';

/**
 * Open trades at venues that keep them (OANDA): each with its take-profit, stop-loss and trailing stop, which a
 * trader changes after the fill, and closes in whole or in part; a position closes through the venue's own
 * close (FIFO-correct on US accounts). Shown only when such an account exists.
 */
export function tradesView(controller: Controller): TemplateResult | typeof nothing {
  const byAccount = controller.data.trades;
  if (byAccount.size === 0) return nothing;
  const trader = canTrade(controller.session.scope);
  const rows = [...byAccount].flatMap(([accountId, trades]) => trades.map((t) => ({ accountId, trade: t })));
  const positions = [...new Set(rows.map((r) => `${r.accountId}|${text(r.trade.instrumentId)}`))];
  return html`<section class="panel" data-testid="trades">
    <h2>Trades at the venue <span class="count">${rows.length}</span></h2>
    <table>
      <thead>
        <tr>
          <th>Trade</th>
          <th>Instrument</th>
          <th class="num">Units</th>
          <th class="num">Price</th>
          <th class="num">Unrealized</th>
          <th class="num">TP</th>
          <th class="num">SL</th>
          ${trader ? html`<th>Change / close</th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${rows.map(({ accountId, trade }) => tradeRow(controller, accountId, trade, trader))}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p class="empty">No open trades.</p>` : nothing}
    ${
      trader && positions.length > 0
        ? html`<div class="trade-positions">
            ${positions.map((key) => {
              const [accountId = '', instrumentId = ''] = key.split('|');
              return html`<button
                class="small ghost"
                data-testid="close-at-venue"
                data-instrument=${instrumentId}
                @click=${() => void controller.operator.closePositionAtVenue(accountId, instrumentId)}
              >
                Close ${instrumentId} at the venue
              </button>`;
            })}
          </div>`
        : nothing
    }
  </section>`;
}

function tradeRow(controller: Controller, accountId: string, trade: Json, trader: boolean): TemplateResult {
  const tradeId = text(trade.tradeId);
  const tick = controller.state.instruments.get(text(trade.instrumentId))?.priceIncrement;
  const priceOf = (value: unknown) => (isRecord(value) ? text(value.price) : undefined);
  const pnl = money(trade.unrealizedPnl);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const submitter = event.submitter as HTMLButtonElement | null;
    // What was typed is sent once: the row's fields start empty again for the next change.
    element.reset();
    if (submitter?.value === 'close') void controller.operator.closeTrade(accountId, tradeId, field('units'));
    else
      void controller.operator.changeTradeOrders(accountId, tradeId, field('takeProfit'), field('stopLoss'));
  };
  return html`<tr data-testid="trade" data-trade-id=${tradeId}>
    <td class="mono" title=${accountId}>${tradeId}</td>
    <td>${text(trade.instrumentId)}</td>
    <td class="num">${formatExact(text(trade.currentUnits))}</td>
    <td class="num">${formatPrice(text(trade.price), tick)}</td>
    <td class="num ${tone(pnl?.amount)}">${formatMoney(pnl)}</td>
    <td class="num" data-testid="trade-tp">${formatPrice(priceOf(trade.takeProfit), tick)}</td>
    <td class="num" data-testid="trade-sl">${formatPrice(priceOf(trade.stopLoss), tick)}</td>
    ${
      trader
        ? html`<td>
            <form class="inline-form" @submit=${submit}>
              <input
                name="takeProfit"
                size="8"
                placeholder="TP"
                title="a price; none removes it"
                data-testid="trade-tp-input"
              />
              <input
                name="stopLoss"
                size="8"
                placeholder="SL"
                title="a price; none removes it"
                data-testid="trade-sl-input"
              />
              <button class="small" type="submit" value="orders" data-testid="trade-save">Set</button>
              <input
                name="units"
                size="6"
                placeholder="all"
                title="units to close; empty closes all"
                data-testid="trade-units"
              />
              <button class="small danger" type="submit" value="close" data-testid="trade-close">
                Close
              </button>
            </form>
          </td>`
        : nothing
    }
  </tr>`;
}

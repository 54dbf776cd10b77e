import { html, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import {
  currencyPrecision,
  formatAmount,
  formatMoney,
  formatPrice,
  formatTime,
  signOf,
  spread,
} from '../format';
import type { DashboardState } from '../state';
import type { AccountRow } from '../wire';

export function accountsView(state: DashboardState): TemplateResult {
  const accounts = [...state.accounts.values()];
  return html`<section class="panel" data-testid="accounts">
    <h2>Accounts</h2>
    ${
      accounts.length === 0
        ? html`<p class="empty">No accounts.</p>`
        : accounts.map(
            (a) =>
              html`<article class="account" data-testid="account-${a.accountId}">
                <header>
                  <strong>${a.accountId}</strong>
                  <span class="muted">${a.venue}</span>
                  <span
                    class="pill small state-${badge(a, state.tradingState).toLowerCase()}"
                    data-testid="account-badge"
                    >${badge(a, state.tradingState)}</span
                  >
                </header>
                <dl>
                  <dt>Equity</dt>
                  <dd class="num">${formatMoney(a.equity)}</dd>
                  <dt>Realized P&amp;L</dt>
                  <dd class="num ${tone(a.realizedPnl?.amount)}">${formatMoney(a.realizedPnl)}</dd>
                  <dt>Unrealized P&amp;L</dt>
                  <dd class="num ${tone(a.unrealizedPnl?.amount)}">${formatMoney(a.unrealizedPnl)}</dd>
                  <dt>Margin used</dt>
                  <dd class="num">${formatMoney(a.marginUsed)}</dd>
                </dl>
                <table class="balances">
                  <tbody>
                    ${a.balances.map(
                      (b) =>
                        html`<tr>
                          <td>${b.currency}</td>
                          <td class="num">${formatAmount(b.total, currencyPrecision(b.currency))}</td>
                          <td class="num muted" title="free">
                            ${formatAmount(b.free, currencyPrecision(b.currency))} free
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </article>`,
          )
    }
  </section>`;
}

/**
 * What the account's badge says: a global HALTED outranks the account's own state (nothing trades), and a
 * disabled account says so whatever its state.
 */
function badge(account: AccountRow, globalState: string): string {
  if (!account.enabled) return 'DISABLED';
  if (globalState === 'HALTED') return 'HALTED';
  if (globalState === 'REDUCING' && account.tradingState === 'ACTIVE') return 'REDUCING';
  return account.tradingState;
}

/** `onPick` (traders only) puts the clicked instrument into the order ticket. */
export function pricesView(
  state: DashboardState,
  onPick: ((instrumentId: string) => void) | undefined,
): TemplateResult {
  const quotes = [...state.quotes.values()].sort((a, b) => a.instrumentId.localeCompare(b.instrumentId));
  return html`<section class="panel" data-testid="prices">
    <h2>Live prices</h2>
    <table>
      <thead>
        <tr>
          <th>Instrument</th>
          <th class="num">Bid</th>
          <th class="num">Ask</th>
          <th class="num">Spread</th>
          <th class="num">Updated</th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          quotes,
          (q) => q.instrumentId,
          (q) => {
            const tick = state.instruments.get(q.instrumentId)?.priceIncrement;
            return html`<tr
              class="move-${q.move} ${onPick === undefined ? '' : 'clickable'}"
              @click=${() => onPick?.(q.instrumentId)}
              data-testid="price-${q.instrumentId}"
              title=${onPick === undefined ? '' : 'use in the order ticket'}
            >
              <td>${q.instrumentId}</td>
              <td class="num bid">${formatPrice(q.bid, tick)}</td>
              <td class="num ask">${formatPrice(q.ask, tick)}</td>
              <td class="num muted">${formatPrice(spread(q.bid, q.ask), tick)}</td>
              <td class="num muted">${formatTime(q.at)}</td>
            </tr>`;
          },
        )}
      </tbody>
    </table>
    ${quotes.length === 0 ? html`<p class="empty">Waiting for prices…</p>` : ''}
  </section>`;
}

export function tone(amount: string | undefined): string {
  const sign = signOf(amount);
  return sign > 0 ? 'gain' : sign < 0 ? 'loss' : '';
}
